// The app's IPC commands, each named once (the functions are in `commands.rs`).
//
// This list feeds the invoke handler (`main.rs`), the app manifest that makes each command need
// a permission, and the permission set the capability grants (both in `build.rs`, which
// `include!`s this file, so it holds only macros and items that build without the app's
// crates). A command missing here is unused code (clippy fails); a name here without a
// function fails to compile; `command_list_tests.rs` checks `ui/src/lib/backend.ts`, the dev
// stub and the capability against it.

/// Calls `$then!` with every command name, in the order the web view's needs were added.
macro_rules! ipc_commands {
    ($then:ident) => {
        $then! {
            startup,
            open_database,
            catalog,
            screen,
            list_scenarios,
            list_deleted,
            get_scenario,
            save_scenario,
            update_scenario,
            rename_scenario,
            duplicate_scenario,
            delete_scenario,
            restore_scenario,
            export_chart,
            copy_chart_image,
            copy_summary,
            compare_scenarios,
            copy_comparison,
            export_result,
            export_scenarios,
            preview_import,
            import_scenarios,
            seek_scenario,
            add_accelerator,
            remove_accelerator,
            start_range,
            export_samples,
        }
    };
}

macro_rules! command_names {
    ($($command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

/// Every command's name as the web view invokes it (used by build.rs and the tests).
#[allow(dead_code)]
pub const COMMAND_NAMES: &[&str] = ipc_commands!(command_names);
