#!/usr/bin/env bash
# Costscope's one-command set-up. Installs whatever is missing on a Debian/Ubuntu machine
# (apt packages, npm packages, Rust crates, tauri-driver), then:
#   dev.sh run [ARGS]   builds and launches the desktop app
#   dev.sh test         fmt check, clippy -D warnings, type check, every test (unit, property,
#                       store, CLI, frontend, end-to-end in a real window under Xvfb, and the
#                       Debian package installed and driven when run as root)
#   dev.sh package      builds the Debian package (target/release/bundle/deb/costscope_*.deb)
#   dev.sh bench        every performance budget: figures in tests/artifacts/bench.json, a table
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
  # The package test: a private D-Bus session bus for the single-instance handoff.
  dbus
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

# The Squiggle comparison's own npm packages (src-tauri/bench/squiggle), as ensure_ui does for ui/.
ensure_squiggle() {
  local dir=src-tauri/bench/squiggle
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages ($dir)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi
}

has_app() { [ -f src-tauri/Cargo.toml ]; }

build_ui() {
  (cd ui && npm run --silent build)
}

# The release binaries every end-to-end test, the package and the benchmarks use: built once.
# (The app embeds ui/dist: build the UI first, and not again before bundling, or cargo relinks.)
build_release() {
  say "release build: costscope-app and costscope"
  cargo build --release --locked -p costscope-app -p costscope-cli
}

# Tauri's own bundler (the @tauri-apps/cli devDependency of ui/, pinned in its lock file) makes
# the .deb from the release binaries already built: no download, no second build.
bundle_deb() {
  say "Debian package (Tauri's bundler)"
  rm -rf target/release/bundle/deb
  (cd src-tauri && ../ui/node_modules/.bin/tauri bundle --bundles deb >&2)
  ls target/release/bundle/deb/*.deb
}

cmd_test() {
  ensure_apt
  ensure_rust
  ensure_ui
  if [ -f ui/package.json ]; then
    # The app embeds ui/dist at compile time, so the UI is checked and built before any cargo step.
    say "frontend: type check, unit tests, build"
    (cd ui && npm run --silent check && npm test --silent)
    build_ui
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
    build_release
    # The end-to-end tests drive this release build (no second, debug build of the app); the
    # package test bundles it.
    export COSTSCOPE_E2E_RELEASE=1
  fi
  say "cargo test (unit, property, store, CLI$(has_app && echo ', end-to-end, the Debian package'))"
  if has_app; then
    # The app's own unit tests on the release build's dependencies: no debug build of the whole
    # Tauri/WebKit stack just for them.
    cargo test --workspace --locked --exclude costscope-app
    cargo test --release --locked -p costscope-app
  else
    cargo test --workspace --locked
  fi
}

cmd_package() {
  ensure_apt
  ensure_rust
  ensure_ui
  build_ui
  build_release
  bundle_deb
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

ensure_bench_tools() {
  if ! command -v hyperfine >/dev/null; then
    say "installing hyperfine (apt)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends hyperfine >/dev/null
  fi
  # GNU time reads a whole run's peak memory (maximum RSS) for the 10,000,000-sample Monte Carlo.
  if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (apt)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends time >/dev/null
  fi
  python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install --quiet matplotlib
}

# The version of a package in a Cargo.lock.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$2"
}

# Every benchmark runs alone, one process after another: on 2 vCPUs two WebKit windows (or a
# build beside a benchmark) inflate each other's figures.
cmd_bench() {
  ensure_apt
  ensure_rust
  ensure_ui
  ensure_bench_tools
  ensure_tauri_driver
  build_ui
  build_release
  local floor=src-tauri/bench/floor-app
  for crate in tauri wry; do
    if [ "$(locked_version "$crate" Cargo.lock)" != "$(locked_version "$crate" "$floor/Cargo.lock")" ]; then
      echo "the floor app's $crate ($(locked_version "$crate" "$floor/Cargo.lock")) differs from Costscope's ($(locked_version "$crate" Cargo.lock)): update $floor/Cargo.toml and Cargo.lock" >&2
      exit 1
    fi
  done
  say "the floor app: a hello-world Tauri 2 app (same tauri and wry, release profile, renderer settings)"
  # Its own target dir: it shares no compiled crate with the workspace (another feature set),
  # and so never waits for the workspace's build lock.
  cargo build --release --locked --manifest-path "$floor/Cargo.toml" --target-dir target/floor-app
  local art=tests/artifacts
  mkdir -p "$art"
  rm -f "$art"/{perf,paint,launch,memory,cli_eval,render,squiggle,mc_memory,sizes,bench}.json
  printf '{"costscope-app": %s, "costscope": %s, "costscope-floor-app": %s}\n' \
    "$(stat -c %s target/release/costscope-app)" "$(stat -c %s target/release/costscope)" \
    "$(stat -c %s target/floor-app/release/costscope-floor-app)" > "$art/sizes.json"

  say "criterion: the cost model (one evaluation, a 200-point series, a 1,000,000-point sweep)"
  cargo bench --locked -p costscope-core --bench model
  say "plotters against matplotlib (criterion PNG/SVG of the cost chart; matplotlib on the same chart)"
  python3 src-tauri/render/benches/matplotlib_compare.py --json "$art/render.json" || true
  say "the Monte Carlo against Squiggle 0.10 (100,000 samples, five ranged inputs; Squiggle in-process, costscope as a whole process)"
  # A failure here (no npm registry, a Squiggle error) must not cost the other benchmarks: it is
  # said, and the report shows the row as a MISS for the missing squiggle.json.
  if ! { ensure_squiggle && node src-tauri/bench/squiggle/compare.mjs \
      --costscope target/release/costscope --json "$art/squiggle.json"; }; then
    echo "the Squiggle comparison failed (see above); continuing with the other benchmarks" >&2
  fi
  say "costscope eval of the DeepSeek-V3 preset, as a whole process (hyperfine)"
  local scratch
  scratch="$(mktemp -d)"
  target/release/costscope presets --json | python3 -c 'import json, sys; print(json.dumps(next(p for p in json.load(sys.stdin) if p["name"].startswith("DeepSeek-V3"))["input"]))' > "$scratch/deepseek-v3.json"
  COSTSCOPE_DB="$scratch/costscope.db" hyperfine -N --warmup 20 --runs 300 \
    --export-json "$art/cli_eval.json" "target/release/costscope eval $scratch/deepseek-v3.json"
  say "a 10,000,000-sample Monte Carlo of the same model (five ranged inputs): peak memory and time"
  # The criterion bench's scenario on the preset: the time solved from an MFU of 0.34, ranges on
  # price, MFU, PUE, electricity price and tokens.
  python3 - "$scratch/deepseek-v3.json" > "$scratch/ranged.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s.pop("gpu_hours", None)
s["mfu"] = 0.34
r = lambda lo, hi, d: {"low": lo, "high": hi, "distribution": d}
s["uncertainty"] = {"usd_per_gpu_hour": r(1.5, 3, "lognormal"), "mfu": r(0.25, 0.45, "normal"),
                    "pue": r(1.05, 1.3, "lognormal"), "usd_per_kwh": r(0.05, 0.15, "lognormal"),
                    "tokens": r(12e12, 18e12, "lognormal")}
print(json.dumps(s))
PY
  COSTSCOPE_DB="$scratch/costscope.db" /usr/bin/time -f '{"max_rss_kb": %M, "wall_s": %e, "user_s": %U}' \
    -o "$scratch/time.json" target/release/costscope uncertainty "$scratch/ranged.json" \
    --samples 10000000 --json > "$scratch/mc.json"
  python3 -c 'import json, sys; t = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2])); t["samples"] = r["samples"]; t["total_cost_usd"] = r["figures"]["total_cost_usd"]; print(json.dumps(t))' \
    "$scratch/time.json" "$scratch/mc.json" > "$art/mc_memory.json"
  rm -rf "$scratch"

  say "the real app (release) under Xvfb, one benchmark at a time"
  local t
  for t in app:bench_slider_to_repaint app:bench_paint_cost_by_area \
           bench:bench_launch_against_the_floor_app bench:bench_memory_after_1000_slider_moves; do
    say "  ${t#*:}"
    COSTSCOPE_E2E_RELEASE=1 cargo test --locked -q -p costscope-tests --test "${t%%:*}" -- \
      --ignored --exact "${t#*:}" --nocapture --test-threads=1
  done
  say "budgets"
  python3 src-tauri/scripts/bench_report.py
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
  package) shift; cmd_package "$@" ;;
  # The package from release binaries already built (used by tests/package.rs).
  bundle) shift; ensure_ui; bundle_deb ;;
  cli) shift; cmd_cli "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  stress) shift; cmd_stress "$@" ;;
  fuzz) shift; cmd_fuzz "$@" ;;
  *) echo "usage: $0 run|test|package|bench|stress|fuzz|cli [ARGS]" >&2; exit 2 ;;
esac
