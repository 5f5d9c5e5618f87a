#!/usr/bin/env bash
# Restarts only the radosgw of the cluster that scripts/rgw-up.sh started in DIR, on the same
# port with the same ceph.conf; mon and OSD keep running, so the data (in the OSD's memstore)
# survives. Lets tests simulate an S3 outage.
#
# Usage: scripts/rgw-restart.sh DIR [--stop-only | --start-only]
#   (none)        stop radosgw (SIGTERM, SIGKILL after 5 s), start it, wait until it answers
#   --stop-only   only stop it (S3 stays down; RGW_PID in DIR/env becomes empty)
#   --start-only  only start it (a no-op if it is already running)
#   env RGW_UP_TIMEOUT  seconds to wait for radosgw to answer (default 60)
# Updates RGW_PID in DIR/env and DIR/run/rgw.mypid.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=server-lib.sh source-path=SCRIPTDIR
source "$script_dir/server-lib.sh"

mode=both
dir_arg=
for arg in "$@"; do
  case $arg in
    --stop-only) mode=stop ;;
    --start-only) mode=start ;;
    -*) die "unknown option $arg (usage: $0 DIR [--stop-only|--start-only])" ;;
    *)
      [[ -z $dir_arg ]] || die "usage: $0 DIR [--stop-only|--start-only]"
      dir_arg=$arg
      ;;
  esac
done
[[ -n $dir_arg ]] || die "usage: $0 DIR [--stop-only|--start-only]"
C=$(abs_path "$dir_arg")
conf=$C/ceph.conf
envf=$C/env
step_timeout=${RGW_UP_TIMEOUT:-60}

[[ -f $conf && -f $envf ]] || die "$C has no ceph.conf/env: start the cluster with scripts/rgw-up.sh first"
rgw_port=$(env_get "$envf" RGW_PORT)
[[ $rgw_port =~ ^[0-9]+$ ]] || die "no RGW_PORT in $envf"

# The live radosgw of this cluster, if any (verified by command line, never just by PID).
current_rgw_pid() {
  local pid
  for pid in "$(cat "$C/run/rgw.mypid" 2>/dev/null || true)" "$(env_get "$envf" RGW_PID)"; do
    if [[ -n $pid ]] && pid_cmdline_has "$pid" "$conf" && pid_cmdline_has "$pid" radosgw; then
      echo "$pid"
      return 0
    fi
  done
}

stop_rgw() {
  local pid
  pid=$(current_rgw_pid)
  if [[ -n $pid ]]; then
    log "stopping radosgw pid $pid"
    stop_pids 5 "radosgw" "$pid"
  else
    log "radosgw of $C is not running"
  fi
  rm -f "$C/run/rgw.mypid"
  env_set "$envf" RGW_PID ""
}

start_rgw() {
  local pid deadline
  pid=$(current_rgw_pid)
  if [[ -n $pid ]]; then
    log "radosgw already running (pid $pid)"
    return 0
  fi
  # The mon and OSD must still be up, or radosgw would just hang in its startup.
  local name key p
  for name in mon osd; do
    key=${name^^}_PID
    p=$(env_get "$envf" "$key")
    pid_cmdline_has "$p" "$conf" || die "$name of $C is not running (pid '$p'): run scripts/rgw-up.sh again"
  done
  # Another process may have taken the port while radosgw was down (rare: it is outside the
  # ephemeral range). Fail clearly: otherwise that process's answer would look like ours.
  if tcp_accepts "$rgw_port"; then
    die "port $rgw_port is now held by another process; cannot restart radosgw on it"
  fi
  log "starting radosgw on 127.0.0.1:$rgw_port"
  (cd "$C" && exec nohup radosgw -f -n client.rgw.a -c "$conf" </dev/null >>"$C/log/rgw.out" 2>&1) &
  pid=$!
  echo "$pid" >"$C/run/rgw.mypid"
  deadline=$((SECONDS + step_timeout))
  local scheme
  scheme=$(env_get "$envf" RGW_ENDPOINT)
  scheme=${scheme%%://*}
  until http_answers "$rgw_port" "$scheme"; do
    if ! pid_alive "$pid"; then
      log "ERROR: radosgw (pid $pid) exited during startup"
      tail_logs "$C/log/rgw.out" "$C/log/client.rgw.a.log"
      rm -f "$C/run/rgw.mypid"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      log "ERROR: radosgw did not answer on port $rgw_port within $step_timeout s"
      tail_logs "$C/log/rgw.out" "$C/log/client.rgw.a.log"
      stop_pids 5 radosgw "$pid"
      rm -f "$C/run/rgw.mypid"
      exit 1
    fi
    sleep 0.3
  done
  env_set "$envf" RGW_PID "$pid"
  log "radosgw up (pid $pid) on $scheme://127.0.0.1:$rgw_port"
}

t0=$SECONDS
case $mode in
  stop) stop_rgw ;;
  start) start_rgw ;;
  both)
    stop_rgw
    start_rgw
    ;;
esac
log "done in $((SECONDS - t0)) s"
