//! Declares the app's own commands so that each needs a permission, and the capability in
//! `capabilities/default.json` grants exactly these (nothing else reaches Rust from the web view).
fn main() {
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
            "startup",
            "open_database",
            "catalog",
            "screen",
            "list_scenarios",
            "list_deleted",
            "get_scenario",
            "save_scenario",
            "update_scenario",
            "rename_scenario",
            "duplicate_scenario",
            "delete_scenario",
            "restore_scenario",
            "export_chart",
            "copy_chart_image",
            "copy_summary",
            "compare_scenarios",
            "copy_comparison",
            "export_result",
            "export_scenarios",
            "preview_import",
            "import_scenarios",
        ]));
    if let Err(e) = tauri_build::try_build(attributes) {
        // A build script reports failure by panicking; this is the one place where that is right.
        panic!("tauri build step failed: {e:#}");
    }
}
