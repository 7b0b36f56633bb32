# Shared steps of scripts/dev.sh and scripts/test-all.sh. Each step skips itself
# when its inputs have not changed since it last ran (stamp files), so re-runs are fast.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 # never download a browser
export PIP_DISABLE_PIP_VERSION_CHECK=1
export npm_config_fund=false npm_config_audit=false

log() { printf '\n==> %s\n' "$*"; }

sha() { sha256sum "$@" | sha256sum | cut -c1-16; }

# Python venv with JupyterLab 4.6.x and the build backend (requirements-dev.txt).
ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    python3 -m venv "$VENV"
  fi
  local want
  want="$(sha "$ROOT/requirements-dev.txt")"
  if [ "$(cat "$VENV/.requirements.sha" 2>/dev/null)" != "$want" ]; then
    log "installing Python packages (requirements-dev.txt)"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -r "$ROOT/requirements-dev.txt"
    echo "$want" >"$VENV/.requirements.sha"
  fi
}

# npm dependencies from package-lock.json.
ensure_node_modules() {
  local want
  want="$(sha "$ROOT/package-lock.json")"
  if [ "$(cat "$ROOT/node_modules/.lock.sha" 2>/dev/null)" != "$want" ]; then
    if [ -d "$ROOT/node_modules" ]; then
      log "updating npm dependencies (npm install)"
      (cd "$ROOT" && npm install --no-audit --no-fund)
    else
      log "installing npm dependencies (npm ci)"
      (cd "$ROOT" && npm ci --no-audit --no-fund)
    fi
    echo "$want" >"$ROOT/node_modules/.lock.sha"
  fi
}

# Fingerprint of everything the build reads.
sources_sha() {
  (cd "$ROOT" && find src schema style -type f -print0 | sort -z | xargs -0 cat |
    cat - package.json package-lock.json tsconfig.json tsconfig.lab.json | sha256sum | cut -c1-16)
}

# `npm run SCRIPT` unless the sources are unchanged since the last successful run of it.
build_if_changed() {
  local script="$1" stamp="$ROOT/lib/.build-$1.sha" want
  want="$(sources_sha)"
  if [ -f "$ROOT/jupyterlab_softmax/labextension/package.json" ] && [ -d "$ROOT/lib" ] &&
    [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    log "build is up to date (npm run $script skipped)"
    return 0
  fi
  log "building (npm run $script)"
  (cd "$ROOT" && npm run --silent "$script")
  echo "$want" >"$stamp"
}

# Install the built extension into the venv as a wheel, unless that exact build is installed.
install_extension() {
  local built="$ROOT/jupyterlab_softmax/labextension"
  local installed="$VENV/share/jupyter/labextensions/jupyterlab-softmax"
  if [ -d "$installed" ] && [ ! -L "$installed" ] && diff -rq -x install.json "$built" "$installed" >/dev/null 2>&1; then
    return 0
  fi
  log "installing jupyterlab-softmax into .venv (wheel with the prebuilt labextension)"
  # The build backend is in .venv already; hatch skips the npm build because it is done.
  "$VENV/bin/python" -m pip install -q --no-build-isolation --force-reinstall --no-deps "$ROOT"
  "$VENV/bin/python" -m pip install -q --no-build-isolation "$ROOT" # any missing runtime deps
}

# Debian's chromium for the browser tests (never a Playwright browser download).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  log "installing chromium (apt-get)"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# A free TCP port on 127.0.0.1, starting from $1.
free_port() {
  "$VENV/bin/python" - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
while True:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            break
        except OSError:
            port += 1
print(port)
PY
}
