#!/usr/bin/env bash
# Stops the Ceph cluster started by scripts/rgw-up.sh DIR: radosgw, then the OSD, then the
# mon (see below why this order). SIGTERM, then SIGKILL after a timeout.
# Only PIDs recorded in DIR (run/*.mypid, DIR/env) are touched, and only if that process's
# command line still names DIR/ceph.conf: a PID reused by some other process is left alone.
# Idempotent: a second run, a half-started cluster or a missing DIR are fine. DIR (logs) stays.
#
# Usage: scripts/rgw-down.sh DIR
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=server-lib.sh source-path=SCRIPTDIR
source "$script_dir/server-lib.sh"

[[ $# -eq 1 && -n $1 ]] || die "usage: $0 DIR"
C=$(abs_path "$1")
conf=$C/ceph.conf

if [[ ! -d $C ]]; then
  log "$C does not exist: nothing to stop"
  exit 0
fi

# our_pids NAME ENVKEY: the live PIDs of daemon NAME of this cluster (from run/NAME.mypid and
# DIR/env, de-duplicated), verified by command line.
our_pids() {
  local name=$1 key=$2 pid seen=" "
  local candidates=()
  [[ -f $C/run/$name.mypid ]] && candidates+=("$(<"$C/run/$name.mypid")")
  candidates+=("$(env_get "$C/env" "$key")")
  for pid in "${candidates[@]}"; do
    [[ -n $pid && $seen != *" $pid "* ]] || continue
    seen+="$pid "
    if pid_cmdline_has "$pid" "$conf"; then
      echo "$pid"
    fi
  done
}

stopped=0
# stop_group TIMEOUT NAME:ENVKEY...
stop_group() {
  local limit=$1 spec name key pids=() labels=()
  shift
  for spec in "$@"; do
    name=${spec%%:*}
    key=${spec#*:}
    while IFS= read -r pid; do
      [[ -n $pid ]] && pids+=("$pid") && labels+=("$name=$pid")
    done < <(our_pids "$name" "$key")
  done
  if [[ ${#pids[@]} -gt 0 ]]; then
    log "stopping ${labels[*]}"
    stop_pids "$limit" "${labels[*]}" "${pids[@]}"
    stopped=$((stopped + ${#pids[@]}))
  fi
  # Forget PIDs that are gone (or no longer ours), so a later run cannot mistake a reused PID for ours.
  for spec in "$@"; do
    name=${spec%%:*}
    if [[ -f $C/run/$name.mypid ]] && ! pid_cmdline_has "$(<"$C/run/$name.mypid")" "$conf"; then
      rm -f "$C/run/$name.mypid"
    fi
  done
}

# One at a time, clients before servers: radosgw ignores SIGTERM while it cannot reach the
# OSD (5 s, then SIGKILL), and an OSD whose mon is gone waits osd_mon_shutdown_timeout (5 s)
# to report itself down; stopped in this order, all three exit within about a second.
stop_group 5 rgw:RGW_PID
stop_group 10 osd:OSD_PID
stop_group 10 mon:MON_PID

if [[ $stopped -eq 0 ]]; then
  log "nothing running in $C"
else
  log "stopped $stopped process(es) of $C"
fi
