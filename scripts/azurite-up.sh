#!/usr/bin/env bash
# Starts Azurite (Azure Blob/Queue/Table emulator, pinned in tools/azurite) on 127.0.0.1 with
# three free ports, in DIR. Several instances may run at once in different DIRs.
#
# Usage: scripts/azurite-up.sh DIR
#   env AZURITE_PERSIST=1     keep data in DIR/data (--location) instead of memory, so it
#                             survives azurite-down/azurite-up; without it data is in memory
#                             and any old DIR/data is removed.
#   env AZURITE_UP_TIMEOUT    seconds to wait for the ports (default 60)
# If DIR/env names ports from an earlier run and they are free, they are reused, so that a
# restart (down + up) keeps the endpoints that tests already hold.
#
# Writes DIR/env (shell-sourceable KEY=VALUE): AZURITE_BLOB_PORT AZURITE_QUEUE_PORT
# AZURITE_TABLE_PORT AZURITE_PID AZURITE_CONNECTION_STRING (single-quoted: it contains ';').
# Stop with scripts/azurite-down.sh DIR.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=server-lib.sh source-path=SCRIPTDIR
source "$script_dir/server-lib.sh"

[[ $# -eq 1 && -n $1 ]] || die "usage: $0 DIR"
D=$(abs_path "$1")
refuse_dangerous_dir "$D"
persist=${AZURITE_PERSIST:-0}
step_timeout=${AZURITE_UP_TIMEOUT:-60}
[[ $step_timeout =~ ^[0-9]+$ ]] || die "AZURITE_UP_TIMEOUT must be a number of seconds"

azurite_bin="$script_dir/../tools/azurite/node_modules/.bin/azurite"
[[ -x $azurite_bin ]] || die "Azurite is not installed: run scripts/install-deps.sh first"
azurite_bin=$(abs_path "$azurite_bin")
command -v node >/dev/null 2>&1 || die "node not found"

t0=$SECONDS

# Only ever touch a folder that is ours (or new): a typo must not delete someone's data.
if [[ -d $D && -n $(ls -A "$D") && ! -f $D/env && ! -d $D/log ]]; then
  die "$D exists, is not empty and was not made by azurite-up.sh: refusing to use it"
fi
mkdir -p "$D"

# Stop an instance still running from this DIR; remember its ports to reuse them.
old_ports=()
if [[ -f $D/env ]]; then
  "$script_dir/azurite-down.sh" "$D"
  for key in AZURITE_BLOB_PORT AZURITE_QUEUE_PORT AZURITE_TABLE_PORT; do
    old_ports+=("$(env_get "$D/env" "$key")")
  done
fi

ports=()
reuse=1
for p in "${old_ports[@]}"; do
  # Our old connections still closing (TIME_WAIT, FIN_WAIT_2) must not cost us the port: Node binds with SO_REUSEADDR.
  if ! [[ $p =~ ^[0-9]+$ ]] || port_in_use_but_closing "$p"; then
    reuse=0
  fi
done
if [[ ${#old_ports[@]} -eq 3 && $reuse -eq 1 ]]; then
  ports=("${old_ports[@]}")
  LIB_CHOSEN_PORTS+="${ports[*]} "
else
  for _ in blob queue table; do
    free_port
    ports+=("$REPLY")
  done
fi
blob_port=${ports[0]}
queue_port=${ports[1]}
table_port=${ports[2]}

rm -f "$D/env"
mkdir -p "$D/log" "$D/run"
if [[ $persist == 1 ]]; then
  mkdir -p "$D/data"
  storage_args=(--location "$D/data")
  mode="persistent ($D/data)"
else
  rm -rf -- "$D/data"
  storage_args=(--inMemoryPersistence)
  mode="in memory"
fi

log "starting Azurite ($mode): blob $blob_port, queue $queue_port, table $table_port"
# cwd DIR: Azurite writes its debug/db files relative to cwd in some modes, and azurite-down
# recognises our process by its cwd. stdin/stdout detached so callers are not kept waiting.
# --disableTelemetry: Azurite 3.3x sends usage telemetry over the internet by default, which
# fails here, and it installs its SIGTERM handler only after that attempt: without the flag
# it ignored SIGTERM (SIGKILL after 10 s, losing unsaved data in AZURITE_PERSIST mode).
# --skipApiVersionCheck: Azure.Storage.Blobs 12.30 asks for service version 2026-10-06, newer than
# Azurite 3.37 knows; the operations used here behave the same.
(cd "$D" && exec nohup "$azurite_bin" --silent --disableTelemetry --skipApiVersionCheck "${storage_args[@]}" \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$blob_port" --queuePort "$queue_port" --tablePort "$table_port" \
  </dev/null >"$D/log/azurite.out" 2>&1) &
pid=$!
echo "$pid" >"$D/run/azurite.mypid"

succeeded=0
on_exit() {
  local rc=$?
  if [[ $succeeded -eq 0 ]]; then
    log "failed (exit $rc); stopping Azurite pid $pid"
    stop_pids 5 azurite "$pid"
    rm -f "$D/run/azurite.mypid"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Azurite opens blob, queue, then table: all three accepting means it is ready.
deadline=$((SECONDS + step_timeout))
for port in "$blob_port" "$queue_port" "$table_port"; do
  until tcp_accepts "$port"; do
    if ! pid_alive "$pid"; then
      log "ERROR: Azurite (pid $pid) exited during startup"
      tail_logs "$D/log/azurite.out"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      log "ERROR: Azurite did not accept connections on port $port within $step_timeout s"
      tail_logs "$D/log/azurite.out"
      exit 1
    fi
    sleep 0.1
  done
done

# The well-known development account (public, documented by Microsoft; not a secret).
account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
conn="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key"
conn+=";BlobEndpoint=http://127.0.0.1:$blob_port/$account"
conn+=";QueueEndpoint=http://127.0.0.1:$queue_port/$account"
conn+=";TableEndpoint=http://127.0.0.1:$table_port/$account;"

tmp=$(mktemp "$D/env.XXXXXX")
{
  echo "AZURITE_BLOB_PORT=$blob_port"
  echo "AZURITE_QUEUE_PORT=$queue_port"
  echo "AZURITE_TABLE_PORT=$table_port"
  echo "AZURITE_PID=$pid"
  # Single quotes: the value contains ';' (and no quote), so the file stays sourceable.
  echo "AZURITE_CONNECTION_STRING='$conn'"
} >"$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$D/env"

succeeded=1
log "up in $((SECONDS - t0)) s (pid $pid); env in $D/env"
