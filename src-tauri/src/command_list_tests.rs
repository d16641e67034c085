//! The web view's side of the command list: `backend.ts` calls only listed commands and uses
//! every one, the dev stub stubs only listed ones, and the capability grants the commands only
//! through the generated `app-commands` set.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::command_list::COMMAND_NAMES;

fn repo_file(path: &str) -> (PathBuf, String) {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", full.display()));
    (full, text)
}

fn listed() -> BTreeSet<&'static str> {
    COMMAND_NAMES.iter().copied().collect()
}

/// The command names `backend.ts` passes to `call` (`call<T>('name', …)` or `call('name')`).
/// A call whose command is not a string literal fails: the check must see every name.
fn called_commands(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("call") {
        let before = &rest[..at];
        let after = &rest[at + "call".len()..];
        rest = after;
        let starts_word = !before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        if !starts_word || !(after.starts_with('<') || after.starts_with('(')) {
            continue;
        }
        if before.trim_end().ends_with("function") {
            continue; // the definition: `async function call<T>(cmd: string, …)`
        }
        // Skip the type argument up to the opening parenthesis of the arguments.
        let Some(open) = after.find('(') else {
            panic!(
                "backend.ts: `call` without arguments near {:?}",
                &after[..after.len().min(40)]
            );
        };
        let args = after[open + 1..].trim_start();
        let quote = args
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"' | '`'));
        let Some(quote) = quote else {
            panic!("backend.ts calls a command by a computed name near {:?}; name it literally so this check sees it", &args[..args.len().min(40)]);
        };
        let end = args[1..]
            .find(quote)
            .unwrap_or_else(|| panic!("backend.ts: unterminated command name"));
        names.push(args[1..1 + end].to_string());
    }
    names
}

#[test]
fn the_list_names_each_command_once() {
    assert_eq!(listed().len(), COMMAND_NAMES.len(), "{COMMAND_NAMES:?}");
    assert!(COMMAND_NAMES.len() >= 20);
}

/// Fails with `what` and the offending names unless `names` is empty.
fn assert_none(names: Vec<&str>, what: String) {
    assert!(names.is_empty(), "{what}: {names:?}");
}

/// The names among `names` that `set` does not hold.
fn not_in<'a>(names: impl IntoIterator<Item = &'a str>, set: &BTreeSet<&str>) -> Vec<&'a str> {
    names.into_iter().filter(|n| !set.contains(n)).collect()
}

#[test]
fn backend_ts_calls_only_listed_commands_and_every_listed_one() {
    let (path, text) = repo_file("../ui/src/lib/backend.ts");
    let called_names = called_commands(&text);
    let called: BTreeSet<&str> = called_names.iter().map(String::as_str).collect();
    let file = path.display();
    assert_none(
        not_in(called.iter().copied(), &listed()),
        format!("{file} calls commands that src-tauri/src/command_list.rs does not have"),
    );
    assert_none(
        not_in(listed(), &called),
        format!("src-tauri/src/command_list.rs has commands that {file} never calls"),
    );
}

#[test]
fn the_call_scanner_sees_literal_calls_and_refuses_computed_ones() {
    let source = "async function call<T>(cmd: string) {}\n\
                  call<Screen>('screen', { input });\n\
                  call<Array<number>>(\"list_deleted\");\n\
                  recall('not_a_call');\n";
    assert_eq!(called_commands(source), ["screen", "list_deleted"]);
    let computed = std::panic::catch_unwind(|| called_commands("call<X>(name, {})"));
    assert!(computed.is_err());
}

#[test]
fn the_dev_stub_answers_only_listed_commands() {
    let (path, text) = repo_file("../ui/src/lib/devBackend.ts");
    let stubbed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("case '"))
        .filter_map(|l| l.split('\'').next())
        .collect();
    assert!(stubbed.len() >= 5, "{stubbed:?}");
    assert_none(
        not_in(stubbed, &listed()),
        format!("{} stubs commands the app does not have", path.display()),
    );
}

#[test]
fn the_capability_grants_app_commands_only_through_the_generated_set() {
    let (path, text) = repo_file("capabilities/default.json");
    let capability: serde_json::Value = serde_json::from_str(&text).expect("capability JSON");
    let permissions: Vec<&str> = capability["permissions"]
        .as_array()
        .expect("a permissions array")
        .iter()
        .map(|p| p.as_str().expect("permission identifiers are strings"))
        .collect();
    assert!(permissions.contains(&"app-commands"), "{permissions:?}");
    // An app permission has no `plugin:` prefix; the only one granted is the generated set, so
    // no command can be allowed by hand beside the list.
    let by_hand = permissions
        .iter()
        .copied()
        .filter(|p| !p.contains(':') && *p != "app-commands")
        .collect();
    assert_none(
        by_hand,
        format!(
            "{} grants app permissions by hand; add commands to src/command_list.rs instead",
            path.display()
        ),
    );
}
