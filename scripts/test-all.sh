#!/usr/bin/env bash
# One command for all tests (and what CI runs, via .ci/run): installs what is
# needed, builds, then runs every suite even when one fails, and ends with a
# line "N passed, N failed" counting suites. Exit status 0 only if all passed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
set +e # from here on, failures are collected, not fatal

names=()
statuses=()
times=()
started=$SECONDS
# record NAME STATUS [SECONDS]
record() { names+=("$1"); statuses+=("$2"); times+=("${3:-0}"); }

# run_suite NAME COMMAND...: run one suite, remember whether it passed.
run_suite() {
  local name="$1"
  shift
  log "suite: $name"
  local t0=$SECONDS
  "$@"
  local rc=$?
  record "$name" "$rc" $((SECONDS - t0))
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
record setup "$setup_rc" $((SECONDS - started))

# Unit tests (jest): test/**/*.test.ts. Run even if the labextension build failed.
# Two workers recycled above 1 GB and a larger heap: one long-lived jest process ran out of memory.
run_suite jest env NODE_OPTIONS="${NODE_OPTIONS:-} --max-old-space-size=4096" \
  npx jest --ci --maxWorkers=2 --workerIdleMemoryLimit=1024MB

# The committed wasm module matches its AssemblyScript sources.
run_suite wasm npm run --silent check:wasm
# The benchmark in its tiny mode: every op still runs and matches the float64 reference.
run_suite bench npm run --silent bench:quick
# The shared PyTorch corpus, when CI lays shared/ beside the clone (the project's own
# copy of it already runs inside jest).
if [ -x "$ROOT/../shared/corpus/check" ]; then
  run_suite corpus "$ROOT/../shared/corpus/check" --project "$ROOT"
fi

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
    printf '  PASS  %-10s %4ss\n' "${names[$i]}" "${times[$i]}"
  else
    failed=$((failed + 1))
    printf '  FAIL  %-10s %4ss  (exit %s)\n' "${names[$i]}" "${times[$i]}" "${statuses[$i]}"
  fi
done
echo "  total $((SECONDS - started))s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
