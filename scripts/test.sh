#!/usr/bin/env bash
# Builds and runs every test. Test fixtures start (and stop, by PID) the servers they need on free ports;
# this script only makes sure they are installed. Says what it is doing as it goes: the build (each project as it is
# built, then a summary), each test project as it starts and ends with its counts, a line a minute while tests run,
# each failed test with its error. Prints 'N passed, N failed' at the end (CI reads that line).
#
# Usage: scripts/test.sh [extra 'dotnet test' arguments, e.g. --filter Category!=Slow]
#   env TEST_JOBS  test projects run at once (default: the number of CPUs, as 'dotnet test' of the solution did)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

say() { printf '==> %s\n' "$*"; }
took() { printf '%dm %02ds' $(($1 / 60)) $(($1 % 60)); }

work=$(mktemp -d)
running=()
stop_running() {
  local pid
  for pid in "${running[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap 'stop_running; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

say "Checking the local servers' packages (radosgw, Azurite)"
scripts/install-deps.sh

say "Building Orchestrator.sln (Release; about 2 minutes on 2 cores)"
start=$SECONDS
build_status=0
dotnet build Orchestrator.sln -c Release -nologo -v minimal -tl:off -clp:NoSummary 2>&1 | tee "$work/build.log" |
  sed -un 's/^ *\([^ ]*\) -> .*/    built \1/p' || build_status=$?
warnings=$(grep -cE ': warning [A-Z]+[0-9]+' "$work/build.log" || true)
errors=$(grep -cE ': error [A-Z]+[0-9]+' "$work/build.log" || true)
if [[ $build_status -ne 0 ]]; then
  grep -E ': (error|warning) ' "$work/build.log" | sort -u || tail -n 40 "$work/build.log"
  say "Build FAILED in $(took $((SECONDS - start))): $errors error(s), $warnings warning(s)"
  echo "0 passed, 0 failed"
  exit 1
fi
say "Build succeeded in $(took $((SECONDS - start))): $warnings warning(s)"

# The integration tests take longest: start them first.
mapfile -t projects < <(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | sort | awk '/Integration/ { print; next } { rest[++n] = $0 } END { for (i = 1; i <= n; i++) print rest[i] }')
jobs=${TEST_JOBS:-$(nproc)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "TEST_JOBS must be a positive number, got '$jobs'" >&2; exit 2; }

# done_so_far LOG: tests finished so far, from the per-test result lines of a (normal verbosity) test log.
done_so_far() {
  awk '/^  Passed / { p++ } /^  Failed / { f++ } /^  Skipped / { s++ }
       END { printf "%d passed, %d failed, %d skipped so far", p, f, s }' "$1"
}

# summary LOGS...: the counts of the test run summaries ("Test Run Successful." then "Passed: N", "Failed: N"...).
summary() {
  awk '/^Test Run (Successful|Failed|Aborted)/ { in_summary = 1; next }
       in_summary && $1 == "Passed:" { p += $2 }
       in_summary && $1 == "Failed:" { f += $2 }
       in_summary && $1 == "Skipped:" { s += $2 }
       in_summary && $1 == "Total" && $2 == "time:" { in_summary = 0 }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$@"
}

# failures LOG: each failed test with its error message and stack trace.
failures() {
  awk '/^  Failed / { show = 1 } /^  (Passed|Skipped) / || /^Test Run / { show = 0 } show' "$1"
}

declare -A pid_of started_at
status=0
pending=("${projects[@]}")
last_beat=$SECONDS
say "Running ${#projects[@]} test projects, $jobs at a time"
while [[ ${#pending[@]} -gt 0 || ${#running[@]} -gt 0 ]]; do
  while [[ ${#pending[@]} -gt 0 && ${#running[@]} -lt $jobs ]]; do
    project=${pending[0]}
    pending=("${pending[@]:1}")
    name=$(basename "$project" .csproj)
    say "$name: started"
    dotnet test "$project" -c Release --no-build -nologo --logger 'console;verbosity=normal' "$@" >"$work/$name.log" 2>&1 &
    pid_of[$name]=$!
    started_at[$name]=$SECONDS
    running+=("$!")
  done

  sleep 2
  still=()
  for name in "${!pid_of[@]}"; do
    pid=${pid_of[$name]}
    if kill -0 "$pid" 2>/dev/null; then
      still+=("$pid")
      continue
    fi
    code=0
    wait "$pid" || code=$?
    unset "pid_of[$name]"
    log="$work/$name.log"
    if grep -qE '^Test Run (Successful|Failed)' "$log"; then
      say "$name: finished in $(took $((SECONDS - ${started_at[$name]}))): $(summary "$log")"
      failures "$log"
    else
      say "$name: ended (exit $code) in $(took $((SECONDS - ${started_at[$name]}))) without a test summary; the end of its output:"
      tail -n 40 "$log"
    fi
    if [[ $code -ne 0 ]]; then
      status=$code
    fi
  done
  running=("${still[@]}")

  if [[ ${#running[@]} -gt 0 && $((SECONDS - last_beat)) -ge 60 ]]; then
    last_beat=$SECONDS
    for name in "${!pid_of[@]}"; do
      echo "    ... $name running for $(took $((SECONDS - ${started_at[$name]}))): $(done_so_far "$work/$name.log")"
    done
  fi
done

# One closing line over every test project.
summary "$work"/*.log | awk '{ printf "%d passed, %d failed\n", $1, $3; if ($1 == 0) exit 1 }' || status=1
exit "$status"
