#!/usr/bin/env bash
# Builds and runs every test. Test fixtures start (and stop, by PID) the servers they need on free ports;
# this script only makes sure they are installed. Prints 'N passed, N failed' at the end.
#
# Usage: scripts/test.sh [extra 'dotnet test' arguments, e.g. --filter Category!=Slow]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

scripts/install-deps.sh
dotnet build Orchestrator.sln -c Release -nologo -v quiet

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Orchestrator.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary per test assembly; add them up into one closing line.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i + 1) + 0
         if ($i == "Passed:") p += $(i + 1) + 0
       }
     }
     END { printf "%d passed, %d failed\n", p, f; if (p == 0) exit 1 }' "$log" || status=1
exit "$status"
