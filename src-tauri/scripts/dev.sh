#!/usr/bin/env bash
# Costscope's one-command set-up. Installs whatever is missing on a Debian/Ubuntu machine
# (apt packages, npm packages, Rust crates, tauri-driver), then:
#   dev.sh run [ARGS]   builds and launches the desktop app
#   dev.sh test         fmt check, clippy -D warnings, type check, every test (unit, property,
#                       store, CLI, frontend, end-to-end in a real window under Xvfb)
#   dev.sh bench        the criterion benchmarks and the app's latency harness
#   dev.sh cli ARGS     builds and runs the `costscope` command line
#   dev.sh stress       the store's harness at full size: 1,000 rounds of kill -9, more concurrent
#                       writers (CLI and the real app), every fault and damaged file
#   dev.sh fuzz [SECS]  each cargo-fuzz target for SECS seconds (default 60; nightly + cargo-fuzz)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
  build-essential pkg-config curl file libssl-dev
  # Tauri 2 on Linux: WebKitGTK 4.1 and friends.
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  # End-to-end tests: a virtual display, its auth tool, the WebKit WebDriver, and xclip to read
  # what the app put on the clipboard.
  xvfb xauth webkit2gtk-driver xclip
  nodejs npm
)

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    # Node may come from elsewhere (nvm, NodeSource); only install Debian's when there is none.
    if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
    if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing apt packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
      exit 1
    fi
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
  for component in rustfmt clippy; do
    if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
      say "adding the Rust component $component"
      rustup component add "$component"
    fi
  done
}

ensure_ui() {
  [ -f ui/package.json ] || return 0
  # npm ci when node_modules is missing or older than the lock file.
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "installing npm packages (ui/)"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi
}

has_app() { [ -f src-tauri/Cargo.toml ]; }

cmd_test() {
  ensure_apt
  ensure_rust
  ensure_ui
  if [ -f ui/package.json ]; then
    # The app embeds ui/dist at compile time, so the UI is checked and built before any cargo step.
    say "frontend: type check, unit tests, build"
    (cd ui && npm run --silent check && npm test --silent && npm run --silent build)
  fi
  say "cargo fmt --check"
  cargo fmt --all --check
  say "cargo clippy -D warnings"
  cargo clippy --workspace --all-targets --locked -- -D warnings
  say "TypeScript types generated from Rust match the committed ones"
  cargo test --locked -q -p costscope-core --features ts --lib export_bindings >/dev/null
  if [ -n "$(git status --porcelain -- ui/src/bindings 2>/dev/null)" ]; then
    git status --porcelain -- ui/src/bindings >&2
    echo "ui/src/bindings drifted from the Rust types: run 'cargo test -p costscope-core --features ts' and commit." >&2
    exit 1
  fi
  if has_app; then
    ensure_tauri_driver
  fi
  say "cargo test (unit, property, store, CLI$(has_app && echo ', end-to-end'))"
  cargo test --workspace --locked
}

cmd_run() {
  ensure_apt
  ensure_rust
  ensure_ui
  if has_app; then
    (cd ui && npm run --silent build)
    say "building and launching Costscope"
    cargo run --release --locked -p costscope-app -- "$@"
  else
    cargo run --release --locked -q --bin costscope -- "${@:-presets}"
  fi
}

cmd_cli() {
  ensure_rust
  cargo run --release --locked -q --bin costscope -- "$@"
}

cmd_bench() {
  ensure_apt
  ensure_rust
  ensure_ui
  (cd ui && npm run --silent build)
  say "criterion: the cost model (one evaluation, a 200-point series, a 1,000,000-point sweep)"
  cargo bench --locked -p costscope-core --bench model
  say "plotters against matplotlib (criterion PNG/SVG of every chart; matplotlib on the same chart)"
  python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install --quiet matplotlib
  python3 src-tauri/render/benches/matplotlib_compare.py
  say "the real app (release) under Xvfb: slider input to repaint, cold start (tests/artifacts/perf.json), the web view's own cost per painted frame (tests/artifacts/paint.json)"
  ensure_tauri_driver
  COSTSCOPE_E2E_RELEASE=1 cargo test --locked -p costscope-tests --test app -- --ignored bench --nocapture
  ls -l target/release/costscope-app
}

cmd_stress() {
  ensure_apt
  ensure_rust
  ensure_ui
  (cd ui && npm run --silent build)
  ensure_tauri_driver
  say "store harness at stress size: kill -9, concurrency, faults, damaged files (real CLI)"
  COSTSCOPE_STRESS=1 cargo test --locked -p costscope-tests --test store -- --nocapture --test-threads=1
  say "the real app with three CLI writers, and the web view boundary (Xvfb + WebDriver)"
  COSTSCOPE_STRESS=1 cargo test --locked -p costscope-tests --test app_hardening -- --nocapture --test-threads=1
}

FUZZ_TARGETS=(scenario_json scenario_file chart_render)

cmd_fuzz() {
  local seconds="${1:-60}"
  ensure_rust
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "installing the nightly toolchain (cargo-fuzz needs it)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! command -v cargo-fuzz >/dev/null; then
    say "installing cargo-fuzz"
    cargo install cargo-fuzz --locked --quiet
  fi
  local failed=0 log
  for target in "${FUZZ_TARGETS[@]}"; do
    say "fuzzing $target for ${seconds}s (seed corpus: src-tauri/fuzz/corpus/$target)"
    # New inputs go to a scratch folder; the committed seed corpus is only read.
    local scratch
    scratch="$(mktemp -d)"
    log="$(mktemp)"
    if cargo +nightly fuzz run --fuzz-dir src-tauri/fuzz "$target" "$scratch" "src-tauri/fuzz/corpus/$target" \
        -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
      echo "$target: $(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions, no crash"
    else
      failed=1
      tail -n 30 "$log" >&2
      echo "$target: CRASH. The input is in src-tauri/fuzz/artifacts/$target/; copy it to" \
        "src-tauri/fuzz/regressions/$target/ (a regression test on stable) and fix the bug." >&2
    fi
    rm -rf "$scratch" "$log"
  done
  return "$failed"
}

case "${1:-}" in
  test) shift; cmd_test "$@" ;;
  run) shift; cmd_run "$@" ;;
  cli) shift; cmd_cli "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  stress) shift; cmd_stress "$@" ;;
  fuzz) shift; cmd_fuzz "$@" ;;
  *) echo "usage: $0 run|test|bench|stress|fuzz|cli [ARGS]" >&2; exit 2 ;;
esac
