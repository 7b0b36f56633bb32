#!/usr/bin/env bash
# One command for all tests (and what CI runs, via .ci/run): installs what is
# needed, builds, then runs every suite even when one fails, and ends with a
# line "N passed, N failed" counting suites. Exit status 0 only if all passed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
set +e # from here on, failures are collected, not fatal

names=()
statuses=()
record() { names+=("$1"); statuses+=("$2"); }

# run_suite NAME COMMAND...: run one suite, remember whether it passed.
run_suite() {
  local name="$1"
  shift
  log "suite: $name"
  "$@"
  local rc=$?
  record "$name" "$rc"
  return "$rc"
}

setup() {
  set -e
  ensure_chromium
  ensure_venv
  ensure_node_modules
  log "building (npm run build:prod)"
  npm run --silent build:prod
  install_extension
}

# The extension is installed in .venv and JupyterLab reports it enabled and OK.
check_labextension_listed() {
  local out
  out="$("$VENV/bin/jupyter" labextension list 2>&1)"
  echo "$out"
  grep -qE "jupyterlab-softmax v[0-9.]+ .*enabled.*OK" <<<"$out"
}

# Setup failures still reach the summary: suites that need the build are then failed.
( setup )
setup_rc=$?
record setup "$setup_rc"

# Unit tests (jest): test/**/*.test.ts. Run even if the labextension build failed.
run_suite jest npx jest --ci

if [ "$setup_rc" = 0 ]; then
  run_suite packaging check_labextension_listed
  export SOFTMAX_UI_PORT="$(free_port 8899)"
  run_suite browser npx playwright test -c ui-tests/playwright.config.ts
else
  record packaging 1
  record browser 1
fi

log "summary"
passed=0
failed=0
for i in "${!names[@]}"; do
  if [ "${statuses[$i]}" = 0 ]; then
    passed=$((passed + 1))
    printf '  PASS  %s\n' "${names[$i]}"
  else
    failed=$((failed + 1))
    printf '  FAIL  %s (exit %s)\n' "${names[$i]}" "${statuses[$i]}"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
