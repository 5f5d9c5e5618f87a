#!/usr/bin/env bash
# Stops the Azurite started by scripts/azurite-up.sh DIR: SIGTERM, SIGKILL after 10 s.
# Only the PID recorded in DIR (run/azurite.mypid, DIR/env) is touched, and only if that
# process is still an Azurite running in DIR (cwd); idempotent. DIR (logs, data) stays.
#
# Usage: scripts/azurite-down.sh DIR
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=server-lib.sh source-path=SCRIPTDIR
source "$script_dir/server-lib.sh"

[[ $# -eq 1 && -n $1 ]] || die "usage: $0 DIR"
D=$(abs_path "$1")

if [[ ! -d $D ]]; then
  log "$D does not exist: nothing to stop"
  exit 0
fi

pids=()
seen=" "
for pid in "$(cat "$D/run/azurite.mypid" 2>/dev/null || true)" "$(env_get "$D/env" AZURITE_PID)"; do
  [[ -n $pid && $seen != *" $pid "* ]] || continue
  seen+="$pid "
  if pid_cwd_is "$pid" "$D" && pid_cmdline_has "$pid" azurite; then
    pids+=("$pid")
  fi
done

if [[ ${#pids[@]} -eq 0 ]]; then
  log "nothing running in $D"
else
  log "stopping Azurite pid ${pids[*]}"
  stop_pids 10 azurite "${pids[@]}"
fi
rm -f "$D/run/azurite.mypid"
