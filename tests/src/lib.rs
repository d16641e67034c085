//! A tiny harness for running Costscope's real executables from tests.

pub mod app;
pub mod fuzz;
pub mod launch;
pub mod procs;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The workspace's target profile folder (…/target/debug), found from the test executable.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // …/target/debug/deps/cli-HASH → …/target/debug
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf()
}

/// The path of the `costscope` CLI, brought up to date once per test run (so that
/// `cargo test -p costscope-tests` never runs a stale binary).
pub fn cli_path() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Command::new(cargo)
                .args([
                    "build",
                    "--quiet",
                    "--locked",
                    "-p",
                    "costscope-cli",
                    "--bin",
                    "costscope",
                ])
                .status()
                .expect("run cargo build");
            assert!(status.success(), "cargo build --bin costscope failed");
            target_dir().join(format!("costscope{}", std::env::consts::EXE_SUFFIX))
        })
        .clone()
}

/// A run of the CLI against its own temporary database.
pub struct Cli {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Default for Cli {
    fn default() -> Self {
        Self::new()
    }
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("costscope.db")
    }

    /// Runs `costscope ARGS` with `stdin` piped in, against this harness's database.
    pub fn run(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = Command::new(cli_path())
            .args(args)
            .env("COSTSCOPE_DB", self.db())
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn costscope");
        let mut pipe = child.stdin.take().expect("stdin");
        // The CLI may exit before reading everything (e.g. on a usage error); ignore EPIPE.
        let _ = pipe.write_all(stdin.as_bytes());
        drop(pipe);
        let Output {
            status,
            stdout,
            stderr,
        } = child.wait_with_output().expect("wait");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }
}
