#!/usr/bin/env bash
# One command for developers and users trying it out: install everything (.venv with
# JupyterLab 4.6.x, npm dependencies, build, the extension) and start JupyterLab on
# 127.0.0.1 with examples/ open. Safe and fast to re-run. Options:
#   --no-start   set everything up but do not start JupyterLab
#   PORT=NNNN    preferred port (default 8888; the next free one is used if busy)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_venv
ensure_node_modules
build_if_changed build
install_extension

if [ "${1:-}" = "--no-start" ]; then
  log "ready; start with: bash scripts/dev.sh"
  exit 0
fi

port="$(free_port "${PORT:-8888}")"
token="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))')"
url="http://127.0.0.1:$port/lab/tree/demo.ipynb?token=$token"
root_flag=()
if [ "$(id -u)" = 0 ]; then root_flag=(--allow-root); fi

log "JupyterLab is starting at:"
echo "    $url"
echo "    (examples/ is the root folder; stop with Ctrl+C)"
exec "$VENV/bin/jupyter" lab --no-browser --ip 127.0.0.1 --port "$port" --ServerApp.port_retries=0 \
  --IdentityProvider.token="$token" --ServerApp.root_dir="$ROOT/examples" "${root_flag[@]}"
