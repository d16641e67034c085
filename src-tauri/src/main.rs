//! Costscope's desktop shell. It opens the store, registers the commands and starts the window;
//! every rule lives in `costscope-core`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[macro_use]
mod command_list;
#[cfg(test)]
mod command_list_tests;
mod commands;

/// The invoke handler for the commands of `command_list.rs`.
macro_rules! handler {
    ($($command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$command),*]
    };
}

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
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state)
        .invoke_handler(ipc_commands!(handler))
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("costscope: the window could not start: {e}");
        std::process::exit(1);
    }
}
