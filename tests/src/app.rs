//! Drives the real desktop app in a real WebKitGTK window: Xvfb for the display, `tauri-driver`
//! with `WebKitWebDriver` for W3C WebDriver, fantoccini as the client. Each session gets its own
//! display, data directories and database, and everything it started is ended when it drops —
//! also when a test fails.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::json;

/// tauri-driver serves one session at a time: sessions in one test binary take turns.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The app binary, built (incrementally) on first use.
pub fn app_path() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let release = std::env::var("COSTSCOPE_E2E_RELEASE").is_ok_and(|v| v == "1");
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let mut cmd = Command::new(cargo);
            cmd.args(["build", "--quiet", "--locked", "-p", "costscope-app"]);
            if release {
                // The same packages as `dev.sh`'s release build: cargo unifies features over the
                // packages of one build, so building the app alone would build it again.
                cmd.args(["-p", "costscope-cli", "--release"]);
            }
            let status = cmd.status().expect("run cargo build");
            assert!(status.success(), "cargo build -p costscope-app failed");
            let profile_dir = crate::target_dir()
                .parent()
                .expect("target")
                .join(if release { "release" } else { "debug" });
            profile_dir.join("costscope-app")
        })
        .clone()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_until(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// A child process started in its own process group, ended with its whole group on drop.
pub struct Group(Child);

impl Group {
    pub fn spawn(cmd: &mut Command) -> Group {
        Group(
            cmd.process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("start {cmd:?}: {e}")),
        )
    }

    /// The process id (also the group's id).
    pub fn id(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        let pgid = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-TERM", "--", &pgid])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &pgid])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

/// A virtual X display.
pub struct Display {
    pub name: String,
    _xvfb: Group,
}

impl Display {
    pub fn start() -> Display {
        for n in 90..200 {
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
            let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
            if socket.exists() || lock.exists() {
                continue;
            }
            let name = format!(":{n}");
            let xvfb = Group::spawn(
                Command::new("Xvfb")
                    .args([&name, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null()),
            );
            wait_until("Xvfb", Duration::from_secs(10), || socket.exists());
            return Display { name, _xvfb: xvfb };
        }
        panic!("no free X display number");
    }
}

/// Where a session keeps its files: the data directories the app sees and its database.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("costscope.db")
    }
    /// Where the app writes exports instead of asking with a dialog (created on demand).
    pub fn exports(&self) -> PathBuf {
        let dir = self.dir.path().join("exports");
        let _ = std::fs::create_dir_all(&dir);
        dir
    }
    /// The XDG data directory the app sees: without `COSTSCOPE_DB` its database is
    /// `costscope/costscope.db` in there, as for a user.
    pub fn data_home(&self) -> PathBuf {
        self.dir.path().join("data-home")
    }
    /// The environment every process of a session gets: its own data, config and cache folders.
    pub fn env(&self) -> Vec<(&'static str, PathBuf)> {
        let root = self.dir.path();
        vec![
            ("XDG_DATA_HOME", self.data_home()),
            ("XDG_CONFIG_HOME", root.join("config")),
            ("XDG_CACHE_HOME", root.join("cache")),
        ]
    }
}

impl Default for Home {
    fn default() -> Self {
        Self::new()
    }
}

/// One running app under WebDriver.
pub struct App {
    pub client: Client,
    pub launch_to_ready: Duration,
    _driver: Group,
    _display: Display,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// How to start the app: which binary, with which arguments, on which database.
pub struct Launch<'a> {
    pub home: &'a Home,
    /// The binary (default: the workspace's build, see `app_path`), e.g. an installed one.
    pub binary: Option<PathBuf>,
    /// Its command-line arguments (e.g. a scenario file to open).
    pub args: Vec<String>,
    /// `COSTSCOPE_DB`; None: the default place in the home's data directory, as for a user.
    pub db: Option<PathBuf>,
    /// More environment for the app (e.g. a D-Bus session address).
    pub env: Vec<(String, String)>,
}

impl<'a> Launch<'a> {
    /// The workspace's build on the home's test database, without arguments.
    pub fn new(home: &'a Home) -> Launch<'a> {
        Launch {
            home,
            binary: None,
            args: Vec::new(),
            db: Some(home.db()),
            env: Vec::new(),
        }
    }
}

impl App {
    /// Starts the app with `home` as its data directories and waits until its first chart painted.
    pub async fn launch(home: &Home) -> App {
        Self::launch_with(home, home.db()).await
    }

    /// Like `launch`, with an explicit database path (e.g. a file that is not a database).
    pub async fn launch_with(home: &Home, db: PathBuf) -> App {
        Self::start(Launch {
            db: Some(db),
            ..Launch::new(home)
        })
        .await
    }

    /// Like `launch`, with the system asking for a dark scheme (GTK_THEME=Adwaita:dark, which
    /// WebKitGTK reports as `prefers-color-scheme: dark`) when `dark`.
    pub async fn launch_themed(home: &Home, dark: bool) -> App {
        let mut how = Launch::new(home);
        if dark {
            how.env.push(("GTK_THEME".into(), "Adwaita:dark".into()));
        }
        Self::start(how).await
    }

    /// Starts the app as `how` says and waits until its first chart painted.
    pub async fn start(how: Launch<'_>) -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        trace("launching");
        let app = how.binary.clone().unwrap_or_else(app_path);
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app, "args": how.args }),
        );
        // On a loaded 2-core machine tauri-driver now and then drops the very first request
        // (hyper's IncompleteMessage) before WebKitWebDriver is up; a fresh driver and display
        // on a second try is the cure. A session that fails twice fails the test.
        let mut attempt = 1;
        let (client, driver, display, started) = loop {
            let display = Display::start();
            let (driver, port) = Self::start_driver(&how, &display);
            let started = Instant::now();
            let connected = tokio::time::timeout(
                Duration::from_secs(60),
                ClientBuilder::native()
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .await
            .expect("WebDriver session within 60 s");
            match connected {
                Ok(client) => break (client, driver, display, started),
                Err(e) if attempt < 2 => {
                    trace(&format!("WebDriver session failed ({e}); retrying once"));
                    attempt += 1;
                }
                Err(e) => panic!("WebDriver session: {e:?}"),
            }
        };
        trace("session created");
        let mut app = App {
            client,
            launch_to_ready: Duration::ZERO,
            _driver: driver,
            _display: display,
            _turn: turn,
        };
        app.wait_js(
            "document.body && document.body.dataset.ready === '1'",
            Duration::from_secs(30),
        )
        .await;
        app.launch_to_ready = started.elapsed();
        trace("app ready");
        app
    }

    /// Starts tauri-driver on a free port for `display`, with the launch's data directories,
    /// environment and database.
    fn start_driver(how: &Launch<'_>, display: &Display) -> (Group, u16) {
        let (port, native_port) = (free_port(), free_port());
        let home = how.home;
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("DISPLAY", &display.name)
        .envs(home.env())
        .envs(how.env.iter().map(|(k, v)| (k, v)))
        .env("COSTSCOPE_EXPORT_DIR", home.exports())
        .env_remove("COSTSCOPE_DB")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(driver_log())
        .stderr(driver_log());
        if let Some(db) = &how.db {
            cmd.env("COSTSCOPE_DB", db);
        }
        let driver = Group::spawn(&mut cmd);
        wait_until("tauri-driver", Duration::from_secs(10), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        (driver, port)
    }

    /// The X display the window is on (for other processes of the same session).
    pub fn display(&self) -> &str {
        &self._display.name
    }

    /// The app's process id: the process of `binary_name` that its WebDriver session started.
    pub fn pid(&self, binary_name: &str) -> Option<u32> {
        crate::procs::in_group(self._driver.0.id())
            .into_iter()
            .find(|p| crate::procs::name(*p).as_deref() == Some(binary_name))
    }

    /// What the app put on the X clipboard as `target` (e.g. `image/png`, `text/html`,
    /// `UTF8_STRING`, or `TARGETS` for the list of offered types), read with xclip.
    pub fn clipboard(&self, target: &str) -> Vec<u8> {
        let out = Command::new("xclip")
            .args(["-selection", "clipboard", "-t", target, "-o"])
            .env("DISPLAY", &self._display.name)
            .output()
            .expect("xclip runs (apt install xclip)");
        assert!(
            out.status.success(),
            "xclip -t {target}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Clicks the element with this data-testid from inside the page (for radio buttons and
    /// checkboxes drawn as styled labels, which WebDriver may call not interactable).
    pub async fn click_js(&self, id: &str) {
        let ok = self
            .js(&format!(
                "const e = document.querySelector('[data-testid=\"{id}\"]'); if (e) e.click(); return !!e;"
            ))
            .await;
        assert_eq!(ok, serde_json::Value::Bool(true), "no element {id}");
    }

    /// Runs `script` (a JS expression) until it is truthy.
    pub async fn wait_js(&self, expr: &str, timeout: Duration) {
        let start = Instant::now();
        loop {
            let v = self
                .client
                .execute(&format!("return !!({expr});"), vec![])
                .await
                .unwrap_or(json!(false));
            if v == json!(true) {
                return;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out after {timeout:?} waiting for {expr}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("execute script")
    }

    pub async fn by_testid(&self, id: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(&format!("[data-testid='{id}']")))
            .await
            .unwrap_or_else(|e| panic!("element {id}: {e}"))
    }

    pub async fn text(&self, id: &str) -> String {
        self.by_testid(id).await.text().await.expect("text")
    }

    /// Waits until the element's text satisfies `ok`, and returns it.
    pub async fn wait_text(
        &self,
        id: &str,
        timeout: Duration,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let t = self.text(id).await;
            if ok(&t) {
                return t;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting on {id}; last text {t:?}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Saves a screenshot of the window to tests/artifacts/NAME.png.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // A bounded wait: a web view that never presents a frame must fail the test, not hang CI.
        let png = tokio::time::timeout(Duration::from_secs(30), self.client.screenshot())
            .await
            .unwrap_or_else(|_| panic!("screenshot {name}: WebKitWebDriver gave none within 30 s"))
            .expect("screenshot");
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Sets the window's outer size through WebDriver and waits until the page has laid out.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("set window size");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    /// Ends the WebDriver session (which closes the app) and everything started for it.
    pub async fn quit(self) {
        trace("quitting");
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        trace("session closed");
    }
}

/// Where tauri-driver, WebKitWebDriver and the app write their output: the file named by
/// `COSTSCOPE_E2E_DRIVER_LOG` (appended), else nowhere.
fn driver_log() -> Stdio {
    std::env::var_os("COSTSCOPE_E2E_DRIVER_LOG")
        .and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        })
        .map_or_else(Stdio::null, Stdio::from)
}

/// Progress lines on stderr (shown with `--nocapture`), to locate a hang in CI logs.
fn trace(what: &str) {
    if std::env::var_os("COSTSCOPE_E2E_TRACE").is_some() {
        eprintln!("[e2e] {what}");
    }
}

pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts")
}

/// Writes `report` to tests/artifacts/NAME (pretty JSON) and prints it.
pub fn write_artifact_json(name: &str, report: &serde_json::Value) {
    std::fs::create_dir_all(artifacts_dir()).expect("artifacts dir");
    std::fs::write(
        artifacts_dir().join(name),
        serde_json::to_string_pretty(report).expect("json"),
    )
    .expect("write");
    println!("{report:#}");
}

fn tauri_driver() -> PathBuf {
    if let Ok(p) = std::env::var("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|h| h.join("bin").join("tauri-driver"));
    match in_cargo_home {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}
