#!/usr/bin/env bash
# The upload benchmark, in one command on a fresh machine: installs what is missing (Ceph radosgw, Azurite,
# Debian's awscli and rclone), starts radosgw (memstore) and Azurite on free ports under .local/bench, builds
# Release, creates random 256 MiB / 512 MiB / 1 GiB files, and runs bench/Orchestrator.Benchmarks: upload MiB/s
# of our export orchestration, the raw SDK TransferUtility, /usr/bin/aws s3 cp and rclone on the same radosgw
# and the same 512 MiB file (warm-up, then alternating rounds, medians), and the peak memory of our export at
# 256 MiB and 1 GiB. Writes docs/benchmarks.md. Stops the servers (by PID) on exit.
#
# Usage: scripts/bench.sh [extra benchmark options, e.g. --rounds 5 --export 32x8 --sweep 16x8,32x8]
#   env BENCH_EXPORT   our export's part size MiB x parts in flight (default 16x8)
#   env BENCH_ROUNDS   measured rounds (default 3)
#   env BENCH_SWEEP    settings of our export to try as well (default: a grid of 8/16/32/64 MiB x 4/8/16; "" for none)
#   env BENCH_OUT      report file (default docs/benchmarks.md)
#   env MEMSTORE_BYTES radosgw memstore size (default 8 GiB; the bench empties the bucket between rounds)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
work="$repo/.local/bench"
data="$work/data"
mkdir -p "$work" "$data"

log() { printf 'bench: %s\n' "$*" >&2; }

scripts/install-deps.sh --bench

cleanup() {
  local rc=$?
  scripts/rgw-down.sh "$work/rgw" >/dev/null 2>&1 || log "WARNING: rgw-down.sh failed; see $work/rgw"
  scripts/azurite-down.sh "$work/azurite" >/dev/null 2>&1 || log "WARNING: azurite-down.sh failed; see $work/azurite"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# The memstore keeps every byte stored in memory, and writes HANG when it is full: 8 GiB holds more than one
# round (5 x 512 MiB) or one settings trial; the benchmark empties the bucket and runs radosgw's GC in between.
MEMSTORE_BYTES=${MEMSTORE_BYTES:-8589934592} scripts/rgw-up.sh "$work/rgw"
scripts/azurite-up.sh "$work/azurite"

log "building Release"
dotnet build src/Orchestrator.Runner -c Release -nologo -v quiet >/dev/null
dotnet build bench/Orchestrator.Benchmarks -c Release -nologo -v quiet >/dev/null

# Random (incompressible) report files; kept between runs when they have the right size.
make_file() { # make_file NAME BYTES
  local file="$data/$1.csv"
  if [[ -f $file && $(stat -c %s "$file") -eq $2 ]]; then
    return
  fi
  log "creating $file ($(($2 / 1048576)) MiB of random bytes)"
  head -c "$2" /dev/urandom >"$file.tmp"
  mv -f "$file.tmp" "$file"
}
make_file report-256m $((256 * 1048576))
make_file report-512m $((512 * 1048576))
make_file report-1g $((1024 * 1048576))

# rgw-up.sh and azurite-up.sh write what clients need: endpoints, keys, connection string.
set -a
# shellcheck disable=SC1091
source "$work/rgw/env"
# shellcheck disable=SC1091
source "$work/azurite/env"
set +a
# rclone fails with LoadCustomCABundleError when AWS_CA_BUNDLE is set (the benchmark also removes it for the peers).
unset AWS_CA_BUNDLE

sweep=${BENCH_SWEEP-8x8,16x4,16x8,16x16,32x4,32x8,64x4}
args=(
  --work "$work/work"
  --data "$data"
  --report report-512m
  --memory-reports "report-256m,report-1g"
  --rounds "${BENCH_ROUNDS:-3}"
  --export "${BENCH_EXPORT:-16x8}"
  --rgw-conf "$work/rgw/ceph.conf"
  --orchestrator-dll "$repo/src/Orchestrator.Runner/bin/Release/net10.0/orchestrator.dll"
  --aws /usr/bin/aws
  --rclone "$(command -v rclone)"
  --notes "$repo/bench/benchmarks-notes.md"
  --out "${BENCH_OUT:-$repo/docs/benchmarks.md}"
)
[[ -n $sweep ]] && args+=(--sweep "$sweep")

dotnet bench/Orchestrator.Benchmarks/bin/Release/net10.0/Orchestrator.Benchmarks.dll "${args[@]}" "$@"
