#!/usr/bin/env bash
# Starts a throw-away single-node Ceph cluster (one mon, one in-memory "memstore" OSD) and a
# radosgw with STS, all on 127.0.0.1, inside DIR (wiped first). This is the real S3 + STS
# server the tests run against (see shared/reference/local-servers.md).
#
# Usage: scripts/rgw-up.sh DIR
#   env MEMSTORE_BYTES  OSD memory store size (default 4 GiB). When it is full, writes HANG
#                       instead of failing: size it for the test data. Memory is used lazily.
#   env RGW_UP_TIMEOUT  seconds to wait for each step (default 60)
#   env RGW_KMS_TEST_KEYS  "KEYID=BASE64-32-BYTES ..." turns on SSE-KMS with radosgw's `testing` KMS
#                       backend (keys read from ceph.conf) without TLS (rgw crypt require ssl = false),
#                       and the same keys' first one as the SSE-S3 default (see docs/enterprise-buckets.md).
#                       Unset: no encryption configured (the normal test server). With RGW_TLS_CERT the
#                       SSE requests arrive over TLS and radosgw's default (require ssl) stays on.
#   env RGW_TLS_CERT, RGW_TLS_KEY  PEM files (certificate chain, private key; paths without spaces):
#                       radosgw serves HTTPS only (beast ssl_endpoint), RGW_ENDPOINT is https://.
#                       Its clients must trust the issuing CA (the service: S3:CaCertificate).
#
# The S3 user has a 20-character access key id like AWS ones (the API validates the AWS format).
# Writes DIR/env (shell-sourceable KEY=VALUE): RGW_ENDPOINT RGW_PORT MON_PORT RGW_ACCESS_KEY
# RGW_SECRET_KEY RGW_ROLE_ARN RGW_DIR MON_PID OSD_PID RGW_PID; PIDs also in DIR/run/*.mypid.
# Stop with scripts/rgw-down.sh DIR; restart only radosgw with scripts/rgw-restart.sh DIR.
#
# Several clusters may run at once in different DIRs: ports are picked free at random, and
# every path a daemon writes (admin sockets, logs, run dir, crash dir, cluster log) is in DIR.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=server-lib.sh source-path=SCRIPTDIR
source "$script_dir/server-lib.sh"

[[ $# -eq 1 && -n $1 ]] || die "usage: $0 DIR"
C=$(abs_path "$1")
refuse_dangerous_dir "$C"

memstore_bytes=${MEMSTORE_BYTES:-4294967296}
[[ $memstore_bytes =~ ^[0-9]+$ ]] || die "MEMSTORE_BYTES must be a number of bytes, got '$memstore_bytes'"
step_timeout=${RGW_UP_TIMEOUT:-60}
tls_cert=${RGW_TLS_CERT:-}
tls_key=${RGW_TLS_KEY:-}
scheme=http
if [[ -n $tls_cert || -n $tls_key ]]; then
  [[ -n $tls_cert && -n $tls_key ]] || die "RGW_TLS_CERT and RGW_TLS_KEY go together"
  [[ -r $tls_cert && -r $tls_key ]] || die "RGW_TLS_CERT/RGW_TLS_KEY must be readable files"
  command -v curl >/dev/null 2>&1 || die "RGW_TLS_CERT needs curl to check that radosgw answers"
  tls_cert=$(abs_path "$tls_cert")
  tls_key=$(abs_path "$tls_key")
  [[ $tls_cert != *[[:space:]]* && $tls_key != *[[:space:]]* ]] || die "RGW_TLS_CERT/RGW_TLS_KEY paths must not contain spaces (rgw frontends syntax)"
  scheme=https
fi
[[ $step_timeout =~ ^[0-9]+$ ]] || die "RGW_UP_TIMEOUT must be a number of seconds"

for bin in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool timeout; do
  command -v "$bin" >/dev/null 2>&1 || die "'$bin' not found: run scripts/install-deps.sh first"
done

t0=$SECONDS

# DIR is wiped below. Never wipe a folder that is not ours (a typo like "rgw-up.sh ."), and
# stop a cluster still running from it first, or its daemons would be orphaned.
if [[ -e $C ]]; then
  if [[ -d $C && -n $(ls -A "$C") && ! -f $C/ceph.conf ]]; then
    die "$C exists, is not empty and holds no ceph.conf: refusing to wipe it"
  fi
  "$script_dir/rgw-down.sh" "$C"
fi
rm -rf -- "$C"
mkdir -p "$C"/{mon/a,osd/0,run,log,rgw,crash}

free_port; mon_port=$REPLY
free_port; rgw_port=$REPLY
fsid=$(cat /proc/sys/kernel/random/uuid)
osd_uuid=$(cat /proc/sys/kernel/random/uuid)
conf=$C/ceph.conf

# No cephx (auth none): a throw-away cluster on loopback. Size-1 pools, few PGs, no
# autoscaler, no msgr2/IPv6: the smallest setup that lets radosgw create its pools quickly.
# The paths that default to machine-wide places (/var/run/ceph, /var/log/ceph, /var/lib/ceph)
# all point into DIR, so that two clusters never share an admin socket, log or crash dir.
cat >"$conf" <<CONF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
keyring = $C/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
osd crush chooseleaf type = 0
run dir = $C/run
admin socket = $C/run/\$name.asok
log file = $C/log/\$name.log
mon cluster log file = $C/log/cluster.log
crash dir = $C/crash
ms bind ipv6 = false
ms bind msgr2 = false
public addr = 127.0.0.1
cluster addr = 127.0.0.1
osd objectstore = memstore
memstore device bytes = $memstore_bytes
# The mon batches map changes for paxos propose interval (1 s); radosgw creates its pools
# one after another at first start, each waiting for a new OSD map: 0.1 s makes startup
# several seconds faster.
paxos propose interval = 0.1
mon data avail warn = 1
mon data avail crit = 0
osd max object name len = 460
osd max object namespace len = 64
# The OSD must not register itself in the CRUSH map at startup: in Ceph 16 those first mon
# commands of a starting OSD sometimes race its monmap and carry fsid 0, the mon answers
# "wrong fsid" and the OSD exits (seen about every 3rd start). rgw-up.sh adds osd.0 to the
# CRUSH map itself, before starting the OSD.
osd crush update on start = false
osd class update on start = false
[mon.a]
mon data = $C/mon/a
[osd.0]
osd data = $C/osd/0
[client.rgw.a]
rgw frontends = $(if [[ $scheme == https ]]; then echo "beast ssl_endpoint=127.0.0.1:$rgw_port ssl_certificate=$tls_cert ssl_private_key=$tls_key"; else echo "beast endpoint=127.0.0.1:$rgw_port"; fi)
rgw data = $C/rgw
rgw sts key = abcdefghijklmnop
rgw s3 auth use sts = true
# AssumeRoleWithWebIdentity: radosgw fetches the OIDC issuer's discovery document and JWKS over HTTPS (libcurl).
# The tests' issuer has a throw-away self-signed certificate that libcurl cannot be told to trust per server (no
# CA-file setting in radosgw 16), so peer verification is off. Test-only: a production radosgw keeps the default
# (true) and the issuer (Entra ID) has a public certificate. See docs/security-aws.md.
rgw verify ssl = false
CONF

if [[ -n ${RGW_KMS_TEST_KEYS:-} ]]; then
  [[ $RGW_KMS_TEST_KEYS =~ ^[A-Za-z0-9:/_.-]+=[A-Za-z0-9+/=]+( [A-Za-z0-9:/_.-]+=[A-Za-z0-9+/=]+)*$ ]] ||
    die "RGW_KMS_TEST_KEYS must be 'KEYID=BASE64 ...', got '$RGW_KMS_TEST_KEYS'"
  # radosgw 16 refuses SSE requests over plain HTTP unless told otherwise: without TLS (the benchmark) it is
  # told so; with TLS (the encryption tests) its default stays. See docs/enterprise-buckets.md.
  if [[ $scheme == http ]]; then
    echo "rgw crypt require ssl = false" >>"$conf"
  fi
  cat >>"$conf" <<CONF
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = $RGW_KMS_TEST_KEYS
CONF
fi

# --- failure handling: stop whatever we started, show why -------------------------------
started=()
succeeded=0
on_exit() {
  local rc=$?
  if [[ $succeeded -eq 0 && ${#started[@]} -gt 0 ]]; then
    log "failed (exit $rc); stopping the daemons this run started"
    "$script_dir/rgw-down.sh" "$C" || true
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

logs_of() {
  case $1 in
    mon) echo "$C/log/mon.out $C/log/mon.a.log" ;;
    osd) echo "$C/log/osd.out $C/log/osd.0.log" ;;
    rgw) echo "$C/log/rgw.out $C/log/client.rgw.a.log" ;;
    mkfs) echo "$C/log/mon-mkfs.out $C/log/mon.a.log $C/log/osd-mkfs.out $C/log/osd.0.log" ;;
    *) echo "$C/log/client.admin.log" ;;
  esac
}

fail() { # fail MESSAGE LOGNAME
  log "ERROR: $1"
  # shellcheck disable=SC2046  # logs_of prints space-separated paths without spaces
  tail_logs $(logs_of "$2")
  exit 1
}

# start_daemon NAME CMD...: detached from our stdin/stdout (so a caller capturing our output
# is not kept waiting by the daemon), cwd DIR, PID recorded at once for rgw-down.sh.
start_daemon() {
  local name=$1
  shift
  (cd "$C" && exec nohup "$@" </dev/null >"$C/log/$name.out" 2>&1) &
  echo $! >"$C/run/$name.mypid"
  started+=("$name")
}

check_alive() {
  local name pid
  for name in "${started[@]}"; do
    pid=$(<"$C/run/$name.mypid")
    pid_alive "$pid" || fail "$name (pid $pid) exited during startup" "$name"
  done
}

# wait_until WHAT LOGNAME CMD...: poll CMD until it succeeds, failing early if a daemon died
# and after step_timeout seconds otherwise.
wait_until() {
  local what=$1 logname=$2 deadline=$((SECONDS + step_timeout))
  shift 2
  until "$@" >/dev/null 2>&1; do
    check_alive
    ((SECONDS < deadline)) || fail "$what did not happen within $step_timeout s" "$logname"
    sleep 0.5
  done
}

ceph_cli() { timeout 15 ceph -c "$conf" --connect-timeout 10 "$@"; }

# --- mon ------------------------------------------------------------------------------------
log "starting mon on 127.0.0.1:$mon_port in $C"
monmaptool --create --addv a "[v1:127.0.0.1:$mon_port]" --fsid "$fsid" "$C/monmap" >/dev/null
timeout "$step_timeout" ceph-mon --mkfs -i a --monmap "$C/monmap" -c "$conf" >"$C/log/mon-mkfs.out" 2>&1 ||
  fail "ceph-mon --mkfs failed" mkfs
start_daemon mon ceph-mon -f -i a -c "$conf"

# Registering the OSD doubles as "mon is up and has quorum". The OSD uuid makes the command
# idempotent, so a retry after a client-side timeout cannot allocate a second OSD id.
wait_until "mon answering (osd create)" mon ceph_cli osd create "$osd_uuid"
# Placing osd.0 under root=default (what the OSD would do itself, see ceph.conf) lets the
# default replicated rule map every PG to it. Idempotent, so retrying is safe.
wait_until "osd.0 added to the CRUSH map" mon ceph_cli osd crush add osd.0 1.0 root=default host=localhost

# --- osd ------------------------------------------------------------------------------------
log "starting memstore osd ($memstore_bytes bytes)"
timeout "$step_timeout" ceph-osd -i 0 --mkfs --osd-uuid "$osd_uuid" -c "$conf" >"$C/log/osd-mkfs.out" 2>&1 ||
  fail "ceph-osd --mkfs failed" mkfs
start_daemon osd ceph-osd -f -i 0 -c "$conf"

# --- radosgw ----------------------------------------------------------------------------
# radosgw creates its pools at startup, which needs the OSD up: its HTTP answer therefore also
# means the whole cluster works.
log "starting radosgw on 127.0.0.1:$rgw_port"
start_daemon rgw radosgw -f -n client.rgw.a -c "$conf"
wait_until "radosgw answering $scheme on port $rgw_port" rgw http_answers "$rgw_port" "$scheme"

# --- S3 user and STS role (as in shared/reference/ceph-rgw-up.sh) ----------------------------
log "creating S3 user and role"
rgw_admin() {
  timeout "$step_timeout" radosgw-admin -c "$conf" "$@" >/dev/null ||
    fail "radosgw-admin $1 $2 failed" admin
}
rgw_admin user create --uid=tester --display-name=Tester --access-key=AKIATESTERKEY0000000 --secret-key=testerSecret
# roles=* lets the user call the IAM role APIs; AssumeRole itself is governed by the trust policy.
rgw_admin caps add --uid=tester --caps="roles=*"
# oidc-provider=* lets it register the test OIDC issuer (IAM CreateOpenIDConnectProvider) for AssumeRoleWithWebIdentity.
rgw_admin caps add --uid=tester --caps="oidc-provider=*"
rgw_admin role create --role-name=CustomerUploadRole --path=/ \
  --assume-role-policy-doc='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/tester"]},"Action":["sts:AssumeRole"]}]}'
rgw_admin role-policy put --role-name=CustomerUploadRole --policy-name=AllowS3 \
  --policy-doc='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}'

# Name the zonegroup like an AWS region so that GetBucketLocation answers "us-east-1" (radosgw's default is
# "default"): the service's region check then behaves as it does against AWS. radosgw reads it at start.
rgw_admin zonegroup modify --rgw-zonegroup=default --api-name=us-east-1
log "restarting radosgw to apply the zonegroup name"
stop_pids 5 "radosgw" "$(<"$C/run/rgw.mypid")"
start_daemon rgw radosgw -f -n client.rgw.a -c "$conf"
wait_until "radosgw answering $scheme on port $rgw_port after the zonegroup change" rgw http_answers "$rgw_port" "$scheme"

check_alive

# --- env file (written last and atomically: its presence means "ready") ----------------------
mon_pid=$(<"$C/run/mon.mypid")
osd_pid=$(<"$C/run/osd.mypid")
rgw_pid=$(<"$C/run/rgw.mypid")
tmp=$(mktemp "$C/env.XXXXXX")
{
  echo "RGW_ENDPOINT=$scheme://127.0.0.1:$rgw_port"
  echo "RGW_PORT=$rgw_port"
  echo "MON_PORT=$mon_port"
  echo "RGW_ACCESS_KEY=AKIATESTERKEY0000000"
  echo "RGW_SECRET_KEY=testerSecret"
  echo "RGW_ROLE_ARN=arn:aws:iam:::role/CustomerUploadRole"
  # %q keeps ordinary paths as they are and quotes unusual ones, so the file stays sourceable.
  printf 'RGW_DIR=%q\n' "$C"
  echo "MON_PID=$mon_pid"
  echo "OSD_PID=$osd_pid"
  echo "RGW_PID=$rgw_pid"
} >"$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$C/env"

succeeded=1
log "up in $((SECONDS - t0)) s: $scheme://127.0.0.1:$rgw_port (mon $mon_port; pids mon $mon_pid osd $osd_pid rgw $rgw_pid); env in $C/env"
