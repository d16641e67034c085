//! Costscope's desktop shell. It opens the store, registers the commands and starts the window;
//! every rule lives in `costscope-core`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod open_files;
mod renderer;

fn main() {
    renderer::choose();

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
