//! The Debian package end to end: built with Tauri's bundler from the release binaries,
//! installed with apt, the installed app driven in a real window (the first-launch preset, a
//! scenario file on its command line, a second launch handing over another), then removed —
//! and the user's database is still there. Installing needs root (as in CI); otherwise the test
//! says why it is skipped and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use costscope_tests::app::{write_artifact_json, App, Group, Home, Launch};

const WAIT: Duration = Duration::from_secs(20);
const PACKAGE: &str = "costscope";
const INSTALLED_APP: &str = "/usr/bin/costscope-app";
const INSTALLED_CLI: &str = "/usr/bin/costscope";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn run(what: &str, cmd: &mut Command) -> String {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Why the package cannot be installed here, if it cannot.
fn cannot_install() -> Option<String> {
    let uid = run("id -u", Command::new("id").arg("-u"));
    if uid.trim() != "0" {
        return Some(format!(
            "installing a .deb needs root (apt-get install), and this runs as uid {}: run the test command as root, as CI does",
            uid.trim()
        ));
    }
    if Command::new("apt-get").arg("--version").output().is_err() {
        return Some("apt-get is not available (not a Debian/Ubuntu system)".into());
    }
    None
}

/// Builds the release binaries (nothing to do when the test command already built them) and
/// bundles them with `dev.sh bundle`; returns the .deb.
fn build_package() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(
        "cargo build --release",
        Command::new(cargo).current_dir(workspace()).args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "-p",
            "costscope-app",
            "-p",
            "costscope-cli",
        ]),
    );
    run(
        "dev.sh bundle",
        Command::new(workspace().join("src-tauri/scripts/dev.sh"))
            .arg("bundle")
            .current_dir(workspace()),
    );
    let dir = workspace().join("target/release/bundle/deb");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .expect("a .deb in target/release/bundle/deb")
}

fn apt_get(args: &[&str]) -> Command {
    let mut cmd = Command::new("apt-get");
    // Wait for another apt run to finish rather than fail on its lock.
    cmd.args(["-y", "-q", "-o", "DPkg::Lock::Timeout=300"])
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

/// The installed package, removed on drop (also when the test fails).
struct Installed;

impl Installed {
    fn install(deb: &Path) -> Installed {
        run(
            "apt-get install ./….deb",
            apt_get(&["install", "--no-install-recommends"]).arg(deb),
        );
        Installed
    }

    fn remove(self) {
        run("apt-get remove", &mut apt_get(&["remove", PACKAGE]));
        std::mem::forget(self);
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = apt_get(&["remove", PACKAGE])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A private D-Bus session bus, so that the single-instance handoff is tested without the
/// machine's own (and without a Costscope the user has open).
struct SessionBus {
    address: String,
    _daemon: Group,
}

impl SessionBus {
    fn start(dir: &Path) -> SessionBus {
        let socket = dir.join("bus");
        let address = format!("unix:path={}", socket.display());
        let daemon = Group::spawn(
            Command::new("dbus-daemon")
                .args(["--session", "--nofork", "--nopidfile"])
                .arg(format!("--address={address}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        let start = Instant::now();
        while !socket.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "dbus-daemon did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        SessionBus {
            address,
            _daemon: daemon,
        }
    }
}

/// Writes a scenario file named `name` with the installed CLI (it saves one scenario in a
/// scratch database and exports it), as a colleague would send it.
fn scenario_file(dir: &Path, file: &str, name: &str, gpu_count: u32) -> PathBuf {
    let db = dir.join("colleague.db");
    let scenario = format!(r#"{{"gpu": "H100", "gpu_count": {gpu_count}, "duration_days": 30}}"#);
    let mut child = Command::new(INSTALLED_CLI)
        .args([
            "--db",
            &db.display().to_string(),
            "scenarios",
            "save",
            "-",
            "--name",
            name,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("run the installed costscope");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(scenario.as_bytes())
        .expect("write");
    assert!(
        child.wait().expect("wait").success(),
        "costscope scenarios save"
    );
    let path = dir.join(file);
    run(
        "costscope scenarios export",
        Command::new(INSTALLED_CLI).args([
            "--db",
            &db.display().to_string(),
            "scenarios",
            "export",
            name,
            "--out",
            &path.display().to_string(),
        ]),
    );
    path
}

async fn import_the_offered_file(app: &App, file: &Path, name: &str) {
    let dialog = app
        .wait_text("import-dialog", WAIT, |t| t.contains("Import 1 scenario"))
        .await;
    assert!(
        dialog.contains(&file.display().to_string()),
        "the dialog names the file: {dialog}"
    );
    app.by_testid("import-add")
        .await
        .click()
        .await
        .expect("import");
    app.wait_text("scenario-list", WAIT, |t| t.contains(name))
        .await;
}

#[tokio::test]
async fn the_debian_package_installs_opens_scenario_files_and_keeps_the_database_when_removed() {
    if let Some(why) = cannot_install() {
        eprintln!("skipped: {why}");
        return;
    }
    let deb = build_package();
    let size = std::fs::metadata(&deb).expect("deb").len();
    println!("package: {} ({size} bytes)", deb.display());
    write_artifact_json(
        "package.json",
        &serde_json::json!({ "deb": deb.file_name().map(|n| n.to_string_lossy().into_owned()), "bytes": size }),
    );

    // What the package holds: the app and the CLI on the PATH, the desktop entry with its file
    // type, the type itself and the icon in every size.
    let installed = Installed::install(&deb);
    let listing = run("dpkg -L", Command::new("dpkg").args(["-L", PACKAGE]));
    for path in [
        INSTALLED_APP,
        INSTALLED_CLI,
        "/usr/share/applications/Costscope.desktop",
        "/usr/share/mime/packages/costscope.xml",
    ] {
        assert!(
            listing.lines().any(|l| l == path),
            "{path} not in the package:\n{listing}"
        );
    }
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let icon = format!("/usr/share/icons/hicolor/{size}x{size}/apps/costscope-app.png");
        assert!(
            listing.lines().any(|l| l == icon),
            "{icon} missing:\n{listing}"
        );
    }
    let desktop =
        std::fs::read_to_string("/usr/share/applications/Costscope.desktop").expect("desktop");
    assert!(
        desktop.contains("MimeType=application/x-costscope"),
        "{desktop}"
    );
    assert!(desktop.contains("Exec=costscope-app %F"), "{desktop}");
    let presets = run(
        "costscope presets",
        Command::new("costscope").arg("presets"),
    );
    assert!(
        presets.contains("DeepSeek-V3"),
        "the CLI on the PATH: {presets}"
    );

    // The installed app, as a user starts it by opening a file: no COSTSCOPE_DB, so its
    // database is the default one in the (test) user's data directory.
    let home = Home::new();
    let colleague = tempfile::tempdir().expect("dir");
    let plan = scenario_file(colleague.path(), "plan.costscope", "Packaged plan", 1024);
    let bus = SessionBus::start(home.dir.path());
    let app = App::start(Launch {
        binary: Some(INSTALLED_APP.into()),
        args: vec![plan.display().to_string()],
        db: None,
        env: vec![("DBUS_SESSION_BUS_ADDRESS".into(), bus.address.clone())],
        ..Launch::new(&home)
    })
    .await;
    // The first-launch preset, while the file waits in the import dialog.
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    import_the_offered_file(&app, &plan, "Packaged plan").await;

    // A second launch on the same database hands its file to this window and exits.
    let second = scenario_file(colleague.path(), "second.costscope", "Second plan", 512);
    let mut launch = Command::new(INSTALLED_APP);
    launch
        .arg(&second)
        .envs(home.env())
        .env("DISPLAY", app.display())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env_remove("COSTSCOPE_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = launch.spawn().expect("second launch");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the second launch did not hand over and exit within 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "second launch: {status}");
    import_the_offered_file(&app, &second, "Second plan").await;
    app.screenshot("package_opened_files").await;
    app.quit().await;

    // Removing the package leaves the user's data alone.
    let db = home.data_home().join("costscope").join("costscope.db");
    installed.remove();
    assert!(!Path::new(INSTALLED_APP).exists(), "the app is gone");
    let store = costscope_core::store::Store::open(&db, &[]).expect("the database is still there");
    let names: Vec<String> = store
        .list(None)
        .expect("list")
        .into_iter()
        .map(|s| s.name)
        .collect();
    for name in ["DeepSeek-V3 (as reported)", "Packaged plan", "Second plan"] {
        assert!(names.iter().any(|n| n == name), "{name} not in {names:?}");
    }
}
