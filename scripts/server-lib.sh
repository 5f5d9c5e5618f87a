# shellcheck shell=bash
# Shared helpers for scripts/rgw-*.sh and scripts/azurite-*.sh. Sourced, not executed.
# Everything here is pure bash + coreutils (ss/curl are used when present, never required),
# because a fresh machine or a CI image may lack python3 and other conveniences.

# Prefix for messages: the name of the script that sourced us.
LIB_PROG=${LIB_PROG:-$(basename "${BASH_SOURCE[1]:-$0}" .sh)}

log() { printf '%s: %s\n' "$LIB_PROG" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# abs_path PATH: absolute, normalised path (the folder need not exist yet). The absolute path
# is also what identifies "our" processes (it is in their command line or cwd), so it must be
# canonical: realpath -m resolves symlinks and ../ without requiring existence.
abs_path() { realpath -m -- "$1"; }

# refuse_dangerous_dir DIR: the up scripts wipe DIR; never let a typo wipe / or $HOME.
refuse_dangerous_dir() {
  local d=$1
  case "$d" in
    / | /root | /home | /tmp | /work | /usr | /etc | /var | "${HOME:-/root}")
      die "refusing to use '$d' as a server folder (it would be wiped)" ;;
  esac
}

# --- ports ------------------------------------------------------------------------------

# port_in_use PORT [SS_FILTER...]: true if any TCP socket on this machine uses PORT locally (listening,
# connected or TIME_WAIT: all can make our server's bind() fail), or something accepts on it. Extra
# arguments are ss state filters (e.g. "exclude time-wait") for sockets that should not count.
port_in_use() {
  local port=$1
  shift
  if command -v ss >/dev/null 2>&1; then
    if [[ -n $(ss -Htan "$@" "sport = :$port" 2>/dev/null) ]]; then
      return 0
    fi
  fi
  # Works without iproute2, and catches listeners in other network views ss might miss.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    return 0
  fi
  return 1
}

# port_in_use_but_closing PORT: like port_in_use, except that sockets on their way out (TIME_WAIT,
# FIN_WAIT_1/2, CLOSING, LAST_ACK) do not count. For reusing a server's own old port on restart: the
# connections it closed on shutdown linger in those states (FIN_WAIT_2 for up to a minute while clients
# keep their end open), and servers that bind with SO_REUSEADDR (Node, so Azurite) listen again over them.
port_in_use_but_closing() {
  port_in_use "$1" exclude time-wait exclude fin-wait-1 exclude fin-wait-2 exclude closing exclude last-ack
}

# free_port: sets REPLY to a TCP port that nothing uses now. Random ports in 20000-60000,
# avoiding the kernel's ephemeral range first (outgoing connections take ports from there and
# could grab ours between this check and the server's bind). Ports handed out earlier by this
# shell are never returned twice (a server started later may not be listening yet).
LIB_CHOSEN_PORTS=" "
free_port() {
  local lo=20000 hi=60000 eph_lo=1 eph_hi=0 port tries
  if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
    read -r eph_lo eph_hi </proc/sys/net/ipv4/ip_local_port_range || true
  fi
  for ((tries = 0; tries < 600; tries++)); do
    port=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
    # The first 300 tries stay out of the ephemeral range; after that accept it (e.g. when a
    # machine's ephemeral range covers all of 20000-60000).
    if ((tries < 300 && port >= eph_lo && port <= eph_hi)); then
      continue
    fi
    [[ $LIB_CHOSEN_PORTS == *" $port "* ]] && continue
    port_in_use "$port" && continue
    LIB_CHOSEN_PORTS+="$port "
    REPLY=$port
    return 0
  done
  die "could not find a free TCP port in $lo-$hi"
}

# tcp_accepts PORT: something accepts TCP connections on 127.0.0.1:PORT.
tcp_accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_answers PORT [SCHEME]: an HTTP server answers (any status) on 127.0.0.1:PORT. SCHEME https
# checks a TLS server (needs curl; the certificate is not checked: this is a readiness probe, the
# clients check it).
http_answers() (
  local port=$1 scheme=${2:-http} line
  if command -v curl >/dev/null 2>&1; then
    # No -f: a 403/404 is still an answer; exit 0 means we got an HTTP response.
    curl -s -k -o /dev/null -m 3 "$scheme://127.0.0.1:$port/"
    return
  fi
  [[ $scheme == http ]] || return 1
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$port" >&3
  read -r -t 3 line <&3 || return 1
  [[ $line == HTTP/* ]]
)

# --- processes ----------------------------------------------------------------------------

# pid_alive PID: the process still runs code. A zombie whose threads have all exited is dead
# (PID 1 may reap our orphaned daemons late, or never in some containers, so "kill -0" alone
# would report a dead daemon as alive). But a zombie *thread-group leader* whose other threads
# still run is NOT dead: Ceph daemons end that way, and a ceph-osd then still spends a moment
# writing its memstore dump into DIR/osd/0; wiping and reusing DIR at that point gave the new
# OSD the old cluster's data ("wrong fsid").
pid_alive() {
  local pid=$1 stat key value threads=0
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]] && return 0
  while read -r key value _; do
    [[ $key == Threads: ]] && threads=$value
  done <"/proc/$pid/status" 2>/dev/null || return 1
  ((threads > 1))
}

# pid_cmdline_has PID TEXT: TEXT occurs in the process's command line. This is how the stop
# scripts make sure a recorded PID still is our server and was not reused by another process.
pid_cmdline_has() {
  local pid=$1 text=$2 cmd
  pid_alive "$pid" || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$text"* ]]
}

# pid_cwd_is PID DIR: the process runs in DIR (we start every server with DIR as cwd).
pid_cwd_is() {
  local pid=$1 dir=$2
  pid_alive "$pid" || return 1
  [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$dir" ]]
}

# wait_pids_gone SECONDS PID...: true once all PIDs are gone, false on timeout.
wait_pids_gone() {
  local limit=$1 deadline pid any
  shift
  deadline=$((SECONDS + limit))
  while :; do
    any=0
    for pid in "$@"; do
      if pid_alive "$pid"; then any=1; fi
    done
    [[ $any -eq 0 ]] && return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# stop_pids SECONDS LABEL PID...: SIGTERM, then SIGKILL for those still alive after SECONDS.
# Callers pass only PIDs they verified as theirs.
stop_pids() {
  local limit=$1 label=$2 pid
  shift 2
  [[ $# -gt 0 ]] || return 0
  kill -TERM "$@" 2>/dev/null || true
  if ! wait_pids_gone "$limit" "$@"; then
    for pid in "$@"; do
      if pid_alive "$pid"; then
        log "$label: pid $pid ignored SIGTERM for ${limit} s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
    wait_pids_gone 10 "$@" || log "$label: pid(s) $* still alive after SIGKILL"
  fi
}

# --- env files ----------------------------------------------------------------------------

# env_get FILE KEY: value of KEY=VALUE in FILE (plain values only; empty if absent).
env_get() {
  local file=$1 key=$2 line
  [[ -f $file ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line == "$key="* ]]; then
      printf '%s\n' "${line#"$key="}"
    fi
  done <"$file" | tail -n 1
}

# env_set FILE KEY VALUE: replace (or append) KEY's line, atomically (tmp + rename) so that a
# test reading FILE concurrently never sees it half written.
env_set() {
  local file=$1 key=$2 value=$3 tmp line found=0
  tmp=$(mktemp "$file.XXXXXX")
  if [[ -f $file ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      if [[ $line == "$key="* ]]; then
        printf '%s=%s\n' "$key" "$value"
        found=1
      else
        printf '%s\n' "$line"
      fi
    done <"$file" >"$tmp"
  fi
  [[ $found -eq 1 ]] || printf '%s=%s\n' "$key" "$value" >>"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$file"
}

# tail_logs FILE...: last lines of each existing log, for failure messages.
tail_logs() {
  local f
  for f in "$@"; do
    if [[ -s $f ]]; then
      printf -- '----- last lines of %s -----\n' "$f" >&2
      tail -n 25 "$f" >&2 || true
    fi
  done
}
