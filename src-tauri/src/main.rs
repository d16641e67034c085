//! Costscope's desktop shell. It opens the store, registers the commands and starts the window;
//! every rule lives in `costscope-core`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[macro_use]
mod command_list;
#[cfg(test)]
mod command_list_tests;
mod commands;
mod open_files;
mod renderer;

/// The invoke handler for the commands of `command_list.rs`.
macro_rules! handler {
    ($($command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$command),*]
    };
}

fn main() {
    renderer::choose();

    let state = commands::AppState::open();
    let cwd = std::env::current_dir().unwrap_or_default();
    let opened = open_files::Pending::new(open_files::from_args(std::env::args_os(), &cwd));
    let db_path = state.initial_db_path();
    let db_path = std::fs::canonicalize(&db_path).unwrap_or(db_path);
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
        .invoke_handler(ipc_commands!(handler))
        .run(context);
    if let Err(e) = result {
        eprintln!("costscope: the window could not start: {e}");
        std::process::exit(1);
    }
}
