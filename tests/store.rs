//! The store's harness, against the real `costscope` CLI on real SQLite files: kill -9 at random
//! moments while it writes, several processes on one new or existing database, faults (full
//! disk, read-only file and folder, a file deleted or replaced while open, a garbage WAL) and a
//! matrix of damaged files.
//!
//! CI runs the counts below; `src-tauri/scripts/dev.sh stress` raises them through
//! `COSTSCOPE_STRESS=1` (1,000 kill rounds, more writers). Every figure is printed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use costscope_core::ScenarioInput;
use costscope_tests::cli_path;

fn stress() -> bool {
    std::env::var("COSTSCOPE_STRESS").is_ok_and(|v| v == "1")
}

/// A small xorshift generator: reproducible from the printed seed, no dependency.
struct Rng(u64);

impl Rng {
    fn from_env(what: &str) -> Rng {
        let seed = std::env::var("COSTSCOPE_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
                    | 1
            });
        println!("{what}: COSTSCOPE_SEED={seed}");
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn costscope(db: &Path) -> Command {
    let mut cmd = Command::new(cli_path());
    cmd.env("COSTSCOPE_DB", db)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

struct Done {
    code: i32,
    stderr: String,
}

fn run(db: &Path, args: &[&str], stdin: &str) -> Done {
    let mut child = costscope(db).args(args).spawn().expect("spawn costscope");
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("wait");
    Done {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Saves one scenario through the CLI and insists that it is acknowledged.
fn save_ok(db: &Path, name: &str, gpus: u64, days: u64) {
    let done = run(
        db,
        &["scenarios", "save", "-", "--name", name],
        &input_json(gpus, days),
    );
    assert_eq!(done.code, 0, "save {name}: {}", done.stderr);
}

fn input_json(gpus: u64, days: u64) -> String {
    format!(r#"{{"gpu":"H100","gpu_count":{gpus},"duration_days":{days}}}"#)
}

/// How the store keeps an input: the same JSON the CLI writes after parsing.
fn stored_form(text: &str) -> serde_json::Value {
    let input: ScenarioInput = serde_json::from_str(text).expect("test input");
    serde_json::to_value(input).expect("json")
}

/// What the database holds, as the user sees it: live names with their inputs, and the trash.
#[derive(Debug, Clone, PartialEq)]
struct View {
    live: BTreeMap<String, serde_json::Value>,
    trash: Vec<String>,
}

fn integrity(conn: &rusqlite::Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

fn view(db: &Path) -> View {
    let conn = rusqlite::Connection::open(db).expect("open");
    assert_eq!(
        integrity(&conn),
        "ok",
        "integrity_check of {}",
        db.display()
    );
    let mut live = BTreeMap::new();
    let mut trash = Vec::new();
    let mut stmt = conn
        .prepare("SELECT name, input_json, deleted_at IS NOT NULL FROM scenarios")
        .expect("select");
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })
        .expect("rows");
    for row in rows {
        let (name, json, deleted) = row.expect("row");
        if deleted {
            trash.push(name);
        } else {
            let value: serde_json::Value = serde_json::from_str(&json).expect("stored json");
            assert!(live.insert(name, value).is_none(), "a live name twice");
        }
    }
    trash.sort();
    View { live, trash }
}

/// One write a child process makes, and what the database must show once it is acknowledged.
struct Op {
    args: Vec<String>,
    stdin: String,
    after: View,
}

fn pick_live(v: &View, rng: &mut Rng) -> Option<String> {
    let names: Vec<&String> = v.live.keys().collect();
    (!names.is_empty()).then(|| names[rng.below(names.len() as u64) as usize].clone())
}

fn next_op(round: usize, before: &View, rng: &mut Rng, dir: &Path) -> Op {
    let mut after = before.clone();
    let gpus = 1 + rng.below(4096);
    let days = 1 + rng.below(300);
    let text = input_json(gpus, days);
    let s = |v: &str| v.to_string();
    match rng.below(6) {
        0 | 1 => {
            let name = format!("s{round}");
            after.live.insert(name.clone(), stored_form(&text));
            Op {
                args: vec![s("scenarios"), s("save"), s("-"), s("--name"), name],
                stdin: text,
                after,
            }
        }
        2 => match pick_live(before, rng) {
            Some(name) => {
                after.live.insert(name.clone(), stored_form(&text));
                Op {
                    args: vec![
                        s("scenarios"),
                        s("save"),
                        s("-"),
                        s("--name"),
                        name,
                        s("--overwrite"),
                    ],
                    stdin: text,
                    after,
                }
            }
            None => next_op(round, before, rng, dir),
        },
        3 => match pick_live(before, rng) {
            Some(name) => {
                let new = format!("r{round}");
                let input = after.live.remove(&name).expect("live");
                after.live.insert(new.clone(), input);
                Op {
                    args: vec![s("scenarios"), s("rename"), name, new],
                    stdin: String::new(),
                    after,
                }
            }
            None => next_op(round, before, rng, dir),
        },
        4 => match pick_live(before, rng) {
            Some(name) if before.live.len() > 3 => {
                after.live.remove(&name);
                after.trash.push(name.clone());
                after.trash.sort();
                Op {
                    args: vec![s("scenarios"), s("delete"), name],
                    stdin: String::new(),
                    after,
                }
            }
            _ => next_op(round, before, rng, dir),
        },
        _ => {
            let entries: Vec<String> = (0..3)
                .map(|k| {
                    let name = format!("i{round}-{k}");
                    let text = input_json(gpus + k, days);
                    after.live.insert(name.clone(), stored_form(&text));
                    format!(r#"{{"name":"{name}","input":{text}}}"#)
                })
                .collect();
            let file = dir.join(format!("import-{round}.json"));
            std::fs::write(
                &file,
                format!(
                    r#"{{"format":"costscope-scenarios","version":1,"exported_at":"","scenarios":[{}]}}"#,
                    entries.join(",")
                ),
            )
            .expect("write import file");
            Op {
                args: vec![s("scenarios"), s("import"), file.display().to_string()],
                stdin: String::new(),
                after,
            }
        }
    }
}

/// Kill -9 at random moments while a child saves, overwrites, renames, deletes and imports.
/// After each round: integrity_check is ok; an acknowledged write (exit 0) is there and
/// identical; an unacknowledged one is there whole or not at all.
#[test]
fn kill_nine_while_writing_loses_nothing_acknowledged() {
    let rounds = if stress() { 1_000 } else { 100 };
    let mut rng = Rng::from_env("kill -9");
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crash.db");
    assert_eq!(run(&db, &["scenarios", "list"], "").code, 0);
    let mut state = view(&db);

    // Kill within twice the time a write takes: every phase of a write is hit, and about half
    // the writes finish first (and must then be there).
    let start = Instant::now();
    save_ok(&db, "timing", 8, 2);
    let typical = start.elapsed();
    state
        .live
        .insert("timing".into(), stored_form(&input_json(8, 2)));
    assert_eq!(view(&db), state);

    let (mut acknowledged, mut killed, mut killed_whole, mut errors) = (0, 0, 0, Vec::new());
    for round in 0..rounds {
        let op = next_op(round, &state, &mut rng, dir.path());
        let mut child = costscope(&db).args(&op.args).spawn().expect("spawn");
        if let Some(mut pipe) = child.stdin.take() {
            let _ = pipe.write_all(op.stdin.as_bytes());
        }
        let delay = Duration::from_micros(rng.below(typical.as_micros() as u64 * 2));
        std::thread::sleep(delay);
        let exited = child.try_wait().expect("try_wait");
        let code = match exited {
            Some(status) => status.code(),
            None => {
                let _ = child.kill();
                child.wait().expect("wait").code()
            }
        };
        let now = view(&db);
        match code {
            Some(0) => {
                acknowledged += 1;
                assert_eq!(
                    now, op.after,
                    "round {round}: acknowledged {:?} is not all there",
                    op.args
                );
            }
            Some(c) => {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                errors.push(format!("round {round}: {:?} exited {c}: {err}", op.args));
                assert_eq!(now, state, "round {round}: a failed write left a trace");
            }
            None => {
                killed += 1;
                if now == op.after {
                    killed_whole += 1;
                } else {
                    assert_eq!(
                        now, state,
                        "round {round}: {:?} killed half-way is half there",
                        op.args
                    );
                }
            }
        }
        state = now;
    }
    println!(
        "kill -9: {rounds} rounds, {acknowledged} acknowledged writes, 0 lost, {killed} killed ({killed_whole} of them had committed), {} errors",
        errors.len()
    );
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        killed > 0 && acknowledged > 0,
        "the delays must hit both sides"
    );
}

fn concurrent_writers(db: &Path, writers: usize, saves_each: usize, tag: &str) -> Vec<String> {
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(writers));
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let db = db.to_path_buf();
            let barrier = barrier.clone();
            let tag = tag.to_string();
            std::thread::spawn(move || {
                barrier.wait();
                let mut errors = Vec::new();
                for i in 0..saves_each {
                    let name = format!("{tag}-w{w}-{i}");
                    let done = run(
                        &db,
                        &["scenarios", "save", "-", "--name", &name],
                        &input_json(8 + i as u64, 2),
                    );
                    if done.code != 0 {
                        errors.push(format!("{name}: {}", done.stderr.trim()));
                    }
                }
                errors
            })
        })
        .collect();
    handles
        .into_iter()
        .flat_map(|h| h.join().expect("writer"))
        .collect()
}

fn preset_count(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(
        "SELECT count(*) FROM scenarios WHERE origin = 'preset'",
        [],
        |r| r.get(0),
    )
    .expect("count")
}

/// Several processes create, migrate and seed one new database at once, then keep writing to
/// the existing one: every save succeeds, the presets are seeded exactly once.
#[test]
fn several_processes_on_one_new_then_existing_database_lose_nothing() {
    let (writers, saves) = if stress() { (4, 60) } else { (4, 12) };
    let presets = costscope_core::presets::builtin().expect("presets").len() as i64;
    let mut total_saves = 0;
    for round in 0..if stress() { 10 } else { 3 } {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("shared.db");
        let errors = concurrent_writers(&db, writers, saves, "new");
        assert!(
            errors.is_empty(),
            "round {round}, new database: {errors:#?}"
        );
        let errors = concurrent_writers(&db, writers, saves, "old");
        assert!(
            errors.is_empty(),
            "round {round}, existing database: {errors:#?}"
        );
        let v = view(&db);
        assert_eq!(v.live.len() as i64, presets + 2 * (writers * saves) as i64);
        assert_eq!(preset_count(&db), presets, "presets seeded exactly once");
        total_saves += 2 * writers * saves;
    }
    println!("concurrency: {writers} processes at once, {total_saves} saves on new and existing databases, 0 lost, 0 errors");
}

/// The damaged-file matrix: each file is reported with its cause and its path on one line, and
/// left byte for byte as it was, with nothing beside it.
#[test]
fn damaged_files_are_reported_and_left_byte_for_byte() {
    let mut rng = Rng::from_env("damaged files");
    let dir = tempfile::tempdir().expect("tmp");
    // A real database of several pages, checkpointed into one file.
    let good = dir.path().join("good.db");
    for i in 0..80 {
        let name = format!("scenario with a long name to fill pages {i:03}");
        save_ok(&good, &name, 8, 2);
    }
    let good_bytes = std::fs::read(&good).expect("read");
    let pages = good_bytes.len() / 4096;
    assert!(pages >= 6, "{pages} pages");

    let mut truncated = good_bytes.clone();
    truncated.truncate(good_bytes.len() / 2 + 100);
    let mut flipped = good_bytes.clone();
    for _ in 0..3 {
        let page = 1 + rng.below(pages as u64 - 1) as usize;
        for b in &mut flipped[page * 4096..page * 4096 + 12] {
            *b ^= 0xA5;
        }
    }
    let foreign = |wal: bool| {
        let p = dir.path().join(format!("foreign-{wal}.db"));
        let c = rusqlite::Connection::open(&p).expect("foreign");
        if wal {
            c.pragma_update(None, "journal_mode", "WAL").expect("wal");
        }
        c.execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES ('mine');")
            .expect("foreign table");
        drop(c);
        std::fs::read(&p).expect("read")
    };
    let newer = {
        let p = dir.path().join("newer.db");
        std::fs::write(&p, &good_bytes).expect("copy");
        let c = rusqlite::Connection::open(&p).expect("open");
        c.pragma_update(None, "user_version", 99).expect("version");
        c.pragma_update(None, "journal_mode", "DELETE")
            .expect("journal");
        drop(c);
        std::fs::read(&p).expect("read")
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zero length", Vec::new(), "empty"),
        ("truncated", truncated, "damaged"),
        ("flipped bytes in random pages", flipped, "damaged"),
        ("a foreign SQLite file", foreign(false), "another program"),
        (
            "a foreign SQLite file in WAL mode",
            foreign(true),
            "another program",
        ),
        ("a newer schema", newer, "newer Costscope"),
        (
            "a text file",
            b"my notes\nnot a database\n".to_vec(),
            "not an SQLite file",
        ),
    ];
    let mut tried = 0;
    for (what, bytes, cause) in &cases {
        let case_dir = tempfile::tempdir().expect("tmp");
        let path = case_dir.path().join("costscope.db");
        std::fs::write(&path, bytes).expect("write case");
        let done = run(&path, &["scenarios", "list"], "");
        let line = done.stderr.trim_end();
        assert_eq!(done.code, 1, "{what}: {line}");
        assert_eq!(line.lines().count(), 1, "{what}: one line: {line}");
        assert!(line.contains(cause), "{what}: {line}");
        assert!(line.contains(&path.display().to_string()), "{what}: {line}");
        assert_eq!(
            &std::fs::read(&path).expect("read"),
            bytes,
            "{what}: the file changed"
        );
        let beside: Vec<_> = std::fs::read_dir(case_dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(beside.len(), 1, "{what}: nothing beside it: {beside:?}");
        println!("damaged file, {what}: {line}");
        tried += 1;
    }
    // A folder where the file should be.
    let folder = dir.path().join("folder.db");
    std::fs::create_dir(&folder).expect("folder");
    let done = run(&folder, &["scenarios", "list"], "");
    assert_eq!(done.code, 1);
    assert!(done.stderr.contains("is a folder"), "{}", done.stderr);
    assert_eq!(std::fs::read_dir(&folder).expect("dir").count(), 0);
    tried += 1;
    println!("damaged files: {tried} kinds tried, each reported and byte-identical after");
}

/// A garbage WAL beside a sound database (e.g. left by a crash of something else) is ignored by
/// SQLite's checksums: every acknowledged scenario is still there.
#[test]
fn a_garbage_wal_loses_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("costscope.db");
    for i in 0..5 {
        save_ok(&db, &format!("kept {i}"), 8, 2);
    }
    let before = view(&db);
    let mut rng = Rng::from_env("garbage wal");
    let garbage: Vec<u8> = (0..64 * 1024).map(|_| rng.next() as u8).collect();
    std::fs::write(dir.path().join("costscope.db-wal"), garbage).expect("wal");
    let done = run(&db, &["scenarios", "list"], "");
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(view(&db), before);
    save_ok(&db, "after", 8, 2);
    assert_eq!(view(&db).live.len(), before.live.len() + 1);
}

/// The file deleted or replaced under an open store (as when the app runs): the next write is
/// refused with a sentence saying so, instead of being acknowledged into a file no one sees.
#[test]
fn a_database_deleted_or_replaced_while_open_refuses_writes() {
    use costscope_core::api;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("costscope.db");
    let input: ScenarioInput = serde_json::from_str(&input_json(8, 2)).expect("input");
    let mut store = api::open_store(&db).expect("open");
    api::save_scenario(&mut store, "before", "", &input, false).expect("save");
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).expect("copy");

    std::fs::rename(&copy, &db).expect("replace");
    let e = api::save_scenario(&mut store, "after replace", "", &input, false).unwrap_err();
    assert!(e.to_string().contains("was replaced"), "{e}");
    assert!(e.to_string().contains(&db.display().to_string()), "{e}");

    let mut store = api::open_store(&db).expect("open the new file");
    for f in ["costscope.db", "costscope.db-wal", "costscope.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(f));
    }
    let e = api::save_scenario(&mut store, "after delete", "", &input, false).unwrap_err();
    assert!(e.to_string().contains("was deleted or moved"), "{e}");
    assert!(!e.to_string().contains('\n'));
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A small tmpfs, unmounted on drop.
struct Tmpfs(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0777"),
                "tmpfs",
            ])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.path().to_path_buf(), dir))
    }
    fn remount(&self, opts: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {opts}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn fill(dir: &Path) -> PathBuf {
    let p = dir.join("fill");
    let mut f = std::fs::File::create(&p).expect("fill");
    let block = vec![0u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    p
}

/// A full disk, while writing and when creating: the message says the disk is full and names
/// the file; everything acknowledged before is there when space returns; nothing is left behind.
#[test]
fn a_full_disk_is_named_and_loses_nothing() {
    if !is_root() {
        println!("full disk: skipped, mounting a small tmpfs needs root");
        return;
    }
    let Some(fs) = Tmpfs::mount("2m") else {
        println!("full disk: skipped, tmpfs could not be mounted here");
        return;
    };
    let db = fs.0.join("costscope.db");
    for i in 0..3 {
        save_ok(&db, &format!("kept {i}"), 8, 2);
    }
    let before = view(&db);
    let filler = fill(&fs.0);
    let done = run(
        &db,
        &["scenarios", "save", "-", "--name", "no room"],
        &input_json(8, 2),
    );
    assert_eq!(done.code, 1);
    assert!(
        done.stderr.contains("disk holding") && done.stderr.contains("is full"),
        "{}",
        done.stderr
    );
    assert!(
        done.stderr.contains(&db.display().to_string()),
        "{}",
        done.stderr
    );
    assert_eq!(done.stderr.trim_end().lines().count(), 1);
    let fresh = fs.0.join("new.db");
    let done = run(&fresh, &["scenarios", "list"], "");
    assert_eq!(done.code, 1);
    assert!(done.stderr.contains("is full"), "{}", done.stderr);
    let left: Vec<String> = std::fs::read_dir(&fs.0)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("new.db") || n.starts_with(".costscope"))
        .collect();
    assert!(left.is_empty(), "left behind on a full disk: {left:?}");
    std::fs::remove_file(filler).expect("free");
    assert_eq!(view(&db), before);
    println!("full disk: refused with its cause, nothing lost, nothing left behind");
}

/// A read-only file system: the file and its folder cannot be written, and the message says so.
#[test]
fn a_read_only_file_system_is_named() {
    if !is_root() {
        println!("read-only mount: skipped, remounting a tmpfs needs root (the permission cases run below)");
        return;
    }
    let Some(fs) = Tmpfs::mount("4m") else {
        println!("read-only mount: skipped, tmpfs could not be mounted here");
        return;
    };
    let db = fs.0.join("costscope.db");
    assert_eq!(run(&db, &["scenarios", "list"], "").code, 0);
    let bytes = std::fs::read(&db).expect("read");
    fs.remount("ro");
    let done = run(&db, &["scenarios", "list"], "");
    assert_eq!(done.code, 1);
    assert!(done.stderr.contains("read-only"), "{}", done.stderr);
    assert!(
        done.stderr.contains(&db.display().to_string()),
        "{}",
        done.stderr
    );
    assert_eq!(std::fs::read(&db).expect("read"), bytes);
    fs.remount("rw");
}

/// A read-only file in a writable folder, and a writable file in a read-only folder. As root
/// (who may write anything) the CLI runs as `nobody` through setpriv.
#[test]
fn a_read_only_file_or_folder_is_named_and_left_alone() {
    let root = is_root();
    let as_user = |db: &Path| -> Done {
        let mut cmd = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(cli_path());
            c
        } else {
            Command::new(cli_path())
        };
        let out = cmd
            .args(["scenarios", "list"])
            .env("COSTSCOPE_DB", db)
            .stdin(Stdio::null())
            .output()
            .expect("run");
        Done {
            code: out.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    use std::os::unix::fs::{chown, PermissionsExt};
    let mode = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
    };
    let nobody = |p: &Path| {
        if root {
            chown(p, Some(65534), Some(65534)).expect("chown");
        }
    };

    // The file read-only, the folder writable.
    let dir = tempfile::tempdir().expect("tmp");
    mode(dir.path(), 0o777);
    let db = dir.path().join("costscope.db");
    assert_eq!(run(&db, &["scenarios", "list"], "").code, 0);
    mode(&db, 0o444);
    let bytes = std::fs::read(&db).expect("read");
    let done = as_user(&db);
    assert_eq!(done.code, 1, "{}", done.stderr);
    assert!(
        done.stderr.contains("is read-only (permission denied)"),
        "{}",
        done.stderr
    );
    assert!(done.stderr.contains(&db.display().to_string()));
    assert_eq!(std::fs::read(&db).expect("read"), bytes);

    // The folder read-only, the file writable.
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("costscope.db");
    assert_eq!(run(&db, &["scenarios", "list"], "").code, 0);
    nobody(&db);
    mode(&db, 0o666);
    mode(dir.path(), 0o555);
    let bytes = std::fs::read(&db).expect("read");
    let done = as_user(&db);
    mode(dir.path(), 0o755);
    assert_eq!(done.code, 1, "{}", done.stderr);
    assert!(
        done.stderr
            .contains("cannot be written (permission denied)"),
        "{}",
        done.stderr
    );
    assert!(done.stderr.contains(&dir.path().display().to_string()));
    assert_eq!(std::fs::read(&db).expect("read"), bytes);
    let beside = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(beside, 1, "no -wal/-shm left beside a read-only database");
}

/// No CLI write lands on the database or its -wal/-shm: charts, scenario exports and batches
/// into the database's folder are refused with a sentence; the database is byte-identical.
#[test]
fn no_cli_write_lands_on_the_database() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("costscope.db");
    assert_eq!(run(&db, &["scenarios", "list"], "").code, 0);
    let bytes = std::fs::read(&db).expect("read");
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(dir.path(), &link).expect("symlink");
    let via_link = link.join("costscope.db").display().to_string();
    let wal = format!("{}-wal", db.display());
    let plain = db.display().to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "chart",
            "breakdown",
            "--scenario",
            "DeepSeek-V3 (as reported)",
            "--format",
            "png",
            "--out",
            &plain,
        ],
        vec![
            "chart",
            "cost-vs-gpus",
            "--scenario",
            "DeepSeek-V3 (as reported)",
            "--format",
            "csv",
            "--out",
            &via_link,
        ],
        vec!["scenarios", "export", "--out", &plain],
        vec!["scenarios", "export", "--out", &wal],
    ];
    for args in &cases {
        let done = run(&db, args, "");
        assert_eq!(done.code, 2, "{args:?}: {}", done.stderr);
        assert!(
            done.stderr.contains("scenario database")
                && done.stderr.contains("nothing was written"),
            "{args:?}: {}",
            done.stderr
        );
        assert_eq!(done.stderr.trim_end().lines().count(), 1);
    }
    assert_eq!(std::fs::read(&db).expect("read"), bytes);
    assert_eq!(run(&db, &["scenarios", "list"], "").code, 0);
}
