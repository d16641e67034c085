//! Costscope's desktop shell. It opens the store, registers the commands and starts the window;
//! every rule lives in `costscope-core`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod open_files;

/// True when the kernel exposes a GPU render node (/dev/dri/renderD128, …).
#[cfg(target_os = "linux")]
fn has_gpu_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

fn main() {
    // WebKitGTK's DMA-BUF renderer needs a GPU: without a render node (a VM, Xvfb in CI) it
    // falls back to software GL, which measured twice as slow per slider frame and 0.5 s slower
    // to start than shared memory; with NVIDIA's proprietary driver it can show a blank window.
    // Turn it off in those two cases only (on other GPUs it saves a copy per frame), and let
    // the user's own setting win.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none()
        && (!has_gpu_render_node() || std::path::Path::new("/proc/driver/nvidia/version").exists())
    {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }

    let state = commands::AppState::open();
    let cwd = std::env::current_dir().unwrap_or_default();
    let opened = open_files::Pending::new(open_files::from_args(std::env::args_os(), &cwd));
    let db_path = std::fs::canonicalize(state.db_path()).unwrap_or_else(|_| state.db_path().into());
    let context = tauri::generate_context!();
    let instance = open_files::instance_id(&context.config().identifier, &db_path);
    let result = tauri::Builder::default()
        // First, so that a second launch on the same database exits before anything else starts.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance)
                .callback(open_files::second_launch)
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state)
        .manage(opened)
        .invoke_handler(tauri::generate_handler![
            commands::startup,
            commands::catalog,
            commands::screen,
            commands::list_scenarios,
            commands::list_deleted,
            commands::get_scenario,
            commands::save_scenario,
            commands::update_scenario,
            commands::rename_scenario,
            commands::duplicate_scenario,
            commands::delete_scenario,
            commands::restore_scenario,
            commands::export_chart,
            commands::copy_chart_image,
            commands::copy_summary,
            commands::compare_scenarios,
            commands::copy_comparison,
            commands::export_result,
            commands::export_scenarios,
            commands::preview_import,
            commands::import_scenarios,
        ])
        .run(context);
    if let Err(e) = result {
        eprintln!("costscope: the window could not start: {e}");
        std::process::exit(1);
    }
}
