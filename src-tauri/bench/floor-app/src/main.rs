//! A hello-world Tauri 2 app: the floor Costscope's start-up and memory are measured against.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// The very file Costscope uses to pick WebKitGTK's renderer.
#[path = "../../../src/renderer.rs"]
mod renderer;

fn main() {
    renderer::choose();
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("floor app: the window could not start: {e}");
        std::process::exit(1);
    }
}
