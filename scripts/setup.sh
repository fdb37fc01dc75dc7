# Sourced by scripts/serve, scripts/test, scripts/build and scripts/bench: installs what is missing,
# quickly skips what is there. Everything comes from rustup and the package registries (crates.io,
# Debian, npm, the Go module proxy, PyPI); nothing else is downloaded. `setup_build_tools` is what
# building needs; `setup_test_tools` adds the browser and test packages; `setup_bench_tools` adds
# twiggy; `setup_real_stack` builds the real Jaegers and services.

TRUNK_VERSION=0.21.14

step() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  step "installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# The release build's size options are unstable (size_settings): they are checked on rustc 1.95
# only, and that is said before anything is installed.
require_rustc_1_95() {
  local rustc
  rustc=$(rustc --version)
  if [[ $rustc != "rustc 1.95."* ]]; then
    echo "tracedeck's release build uses unstable size options checked on rustc 1.95 only; this is $rustc." >&2
    echo "Install and select 1.95 for this directory: rustup toolchain install 1.95.0 && rustup override set 1.95.0" >&2
    return 1
  fi
}

setup_build_tools() {
  export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
  require_rustc_1_95
  # Here-strings, not pipes: under pipefail, `grep -q` leaving early can fail rustup's write.
  if ! grep -qx wasm32-unknown-unknown <<<"$(rustup target list --installed)"; then
    step "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  local components
  components=$(rustup component list --installed)
  if ! grep -q '^clippy' <<<"$components"; then rustup component add clippy; fi
  if ! grep -q '^rustfmt' <<<"$components"; then rustup component add rustfmt; fi
  if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
    step "installing trunk $TRUNK_VERSION (about 12 minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local wbg
  wbg=$(locked_wasm_bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
    step "installing wasm-bindgen-cli $wbg (matches Cargo.lock)"
    # Without --locked: with it, one of its dependency versions is missing from the registry.
    cargo install wasm-bindgen-cli --version "$wbg" --force
  fi
  if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
  # npm's binaryen gives trunk a wasm-opt that keeps the externref table intact.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "installing npm packages (binaryen's wasm-opt, Playwright)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  fi
  if ! grep -q '^rust-src' <<<"$components"; then
    step "adding rust-src (the release build rebuilds std for size)"
    rustup component add rust-src
  fi
  cargo fetch --locked
  # std's own dependencies, for the release build's rebuilt std (trunk builds offline).
  (size_settings && cargo fetch --locked --target wasm32-unknown-unknown)
}

# The release bundle's size settings (issue 18; docs/performance.md, "Bundle size"), exported for the wasm build
# that follows: std is rebuilt with `optimize_for_size` (std's small sort and fewer inlined paths)
# and a panic aborts without formatting a message (there is no panic hook to show one). build-std
# and -Z flags are unstable: RUSTC_BOOTSTRAP lets the stable rustc take them, so the rustc they
# were measured on is required. The build has a target directory of its own: RUSTC_BOOTSTRAP also
# changes host crates (proc-macro2's build script reads it), which would otherwise be rebuilt each
# time a native build and this one take turns. v0 symbol names carry type arguments, which
# bench/composition.mjs reads (they never reach the bundle: names are stripped). Callers run this
# in a subshell or a script of their own, so native builds and tests never see it.
size_settings() {
  require_rustc_1_95
  export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/size
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Csymbol-mangling-version=v0"
}

setup_test_tools() {
  setup_build_tools
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
}

# twiggy, for the benchmark's table of what the wasm is made of (bench/composition.mjs).
setup_bench_tools() {
  setup_test_tools
  if ! twiggy --version 2>/dev/null | grep -q ' 0\.8\.0$'; then
    step "installing twiggy 0.8.0 (a few minutes, once)"
    cargo install twiggy --version 0.8.0 --locked
  fi
}

# The real tracing stack the end-to-end tests run (e2e/): Jaegers built from the Go module proxy,
# Jaeger's tracegen, the Go acontext-api stand-in and a Python environment for the acontext-core
# one. Built programs are cached in ~/.cache/tracedeck (Go's own caches make the rest quick) and
# linked into target/e2e/bin, where e2e/stack.mjs looks for them.
E2E_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/tracedeck
# Jaeger's Go module version and the programs built from it. Module v1.75.0 is the one release this
# machine kind's Go module list approves: its cmd/all-in-one is Jaeger 1.75.0 (what Acontext
# deploys) and its cmd/jaeger is Jaeger v2.12.0 (same commit; the module has no /v2 path).
JAEGER_BUILDS=("v1.75.0 all-in-one" "v1.75.0 jaeger" "v1.75.0 tracegen")

# Builds cmd/CMD of Jaeger's module at VERSION into the cache, once. Inside the downloaded module's
# directory, because tags v1.49–v1.75 carry a `replace` that `go install pkg@version` refuses.
build_jaeger() {
  local version=$1 cmd=$2 out="$E2E_CACHE/jaeger/$1/$2" json dir
  [ -x "$out" ] && return
  step "building Jaeger's cmd/$cmd at $version from the Go module proxy (a few minutes, once)"
  # On failure Go writes its reason into the JSON ("Error"), so the JSON is kept to show it.
  json=$(go mod download -json "github.com/jaegertracing/jaeger@$version" || true)
  dir=$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$json")
  if [ ! -d "$dir" ]; then
    echo "could not download github.com/jaegertracing/jaeger@$version: $(sed -n 's/^\t"Error": //p' <<<"$json")" >&2
    return 1
  fi
  mkdir -p "$(dirname "$out")"
  (cd "$dir" && GOFLAGS=-mod=readonly go build -trimpath -o "$out.tmp" "./cmd/$cmd")
  mv "$out.tmp" "$out"
}

setup_real_stack() {
  # Jaeger's go.mod asks for Go 1.24.6; a Go from 1.21 on fetches that toolchain from the module
  # proxy by itself when it is older (GOTOOLCHAIN=auto). VCS stamping is off: a checkout owned by
  # another user would fail it, and nothing reads it.
  if ! go version 2>/dev/null | grep -Eq 'go1\.(2[1-9]|[3-9][0-9])'; then
    echo "Go 1.21 or later is needed to build Jaeger and the Go service of the end-to-end tests" \
      "(this machine kind has it installed; found: $(go version 2>&1 || true))" >&2
    return 1
  fi
  export GOTOOLCHAIN=auto GOFLAGS=-buildvcs=false
  local bin=target/e2e/bin build version cmd
  mkdir -p "$bin"
  for build in "${JAEGER_BUILDS[@]}"; do
    read -r version cmd <<<"$build"
    build_jaeger "$version" "$cmd"
  done
  ln -sf "$E2E_CACHE/jaeger/v1.75.0/all-in-one" "$bin/jaeger-all-in-one-v1.75.0"
  ln -sf "$E2E_CACHE/jaeger/v1.75.0/jaeger" "$bin/jaeger-v2.12.0"
  ln -sf "$E2E_CACHE/jaeger/v1.75.0/tracegen" "$bin/tracegen"
  (cd e2e/api && go build -trimpath -o "../../$bin/acontext-api" .)
  # The Python environment, made anew when requirements.txt or the Python changes, or breaks.
  local venv="$E2E_CACHE/venv-$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')-$(sha256sum e2e/core/requirements.txt | cut -c1-12)"
  if [ ! -f "$venv/.complete" ] || ! "$venv/bin/python" -c 'import opentelemetry.sdk' 2>/dev/null; then
    step "installing acontext-core's OpenTelemetry packages (PyPI)"
    rm -rf "$venv"
    # Debian's own Python makes virtual environments only with python3-venv.
    if ! python3 -m venv "$venv"; then
      rm -rf "$venv"
      apt_install python3-venv
      python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r e2e/core/requirements.txt
    touch "$venv/.complete"
  fi
  # A launcher, not a link: a venv's python only finds its packages when started from the venv.
  rm -f "$bin/python"
  printf '#!/bin/sh\nexec "%s/bin/python" "$@"\n' "$venv" >"$bin/python"
  chmod +x "$bin/python"
}
