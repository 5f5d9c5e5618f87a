#!/usr/bin/env bash
# The upload benchmark, in one command on a fresh machine: installs what is missing (Ceph radosgw, Azurite,
# Debian's awscli and rclone), starts radosgw (memstore) and Azurite on free ports under .local/bench, builds
# Release, creates random 256 MiB / 512 MiB / 1 GiB files, and runs bench/Orchestrator.Benchmarks: upload MiB/s
# of our export orchestration, the raw SDK TransferUtility, /usr/bin/aws s3 cp and rclone on the same radosgw
# and the same 512 MiB file (warm-up, then alternating rounds, medians), and the peak memory of our export at
# 256 MiB and 1 GiB. Then the import part: a generated attribute CSV (user_id + 20 attributes) of 100k and 1M rows
# in radosgw imported into Azurite by our durable import, rows/s side by side with the limit (the raw Azure.Data.Tables
# SDK upserting the same rows in batches of 100), peak memory per size, and our CSV reader's parse speed. Then the
# load part: 100 exports and 100 imports for different destinations started together over the runner's HTTP API
# (p50/p95/max run durations, runs per minute).
# Then the nightly part: one night over 1,000 scheduled destinations with a small report each, on the in-memory and the Azure
# Storage (Azurite) backend: runs per minute and the scheduler's own overhead.
# Writes docs/benchmarks.md (a part that is switched off keeps its earlier section). Stops the servers (by PID) on exit.
#
# Usage: scripts/bench.sh [extra benchmark options, e.g. --rounds 5 --export 32x8 --sweep 16x8,32x8]
#   env BENCH_EXPORT   our export's part size MiB x parts in flight (default 16x8)
#   env BENCH_ROUNDS   measured rounds (default 5)
#   env BENCH_SWEEP    settings of our export to try as well (default: a grid of 8/16/32/64 MiB x 4/8/16; "" for none)
#   env BENCH_OUT      report file (default docs/benchmarks.md)
#   env BENCH_EXPORT_PART 1 to run the export (upload) part (default 1), 0 to skip it
#   env BENCH_SSE_KMS  1 to add SSE-KMS rows (ours and raw SDK) to the export part (default 1), 0 to skip them
#   env BENCH_IMPORT   1 to run the import part (default 1), 0 to skip it
#   env BENCH_IMPORT_ROWS   rows of the two import files, smaller first (default 100000,1000000)
#   env BENCH_IMPORT_ROUNDS measured rounds at the smaller size (default 2; the larger runs once per tool)
#   env BENCH_LOAD     1 to run the load part (default 1), 0 to skip it; e.g. alone:
#                      BENCH_EXPORT_PART=0 BENCH_IMPORT=0 BENCH_NIGHTLY=0 scripts/bench.sh
#   env BENCH_LOAD_EXPORTS, BENCH_LOAD_IMPORTS  runs started together (default 100 each)
#   env BENCH_LOAD_TENANTS  tenants the destinations are spread over (default 5)
#   env BENCH_LOAD_EXPORT_ROWS, BENCH_LOAD_IMPORT_ROWS  rows per export / attribute file (default 200000 / 5000)
#   env BENCH_NIGHTLY  1 to run the nightly fan-out part (default 1), 0 to skip it
#   env BENCH_LAKE     1 to run the lake part (parquet/jsonl.gz/csv.gz vs DuckDB and gzip | aws; default 1), 0 to skip it
#   env BENCH_LAKE_MIB size of the lake part's typed report in MiB (default 512)
#   env BENCH_LAKE_ROUNDS measured rounds of the lake part (default 3)
#   env BENCH_LAKE_MEMORY_MIB report sizes (MiB) of the parquet peak-memory children (default 256,1024; "" for none)
#   env BENCH_NIGHTLY_DESTINATIONS  scheduled destinations of the night (default 1000)
#   env BENCH_GZIP     1 to run the gzip import part (default 1), 0 to skip it: our import of a .csv.gz against
#                      `gzip -dc` of the same file and against the uncompressed file, at two sizes, and with one retry
#   env BENCH_GZIP_ROWS  rows of the two gzip files, smaller first (default 100000,300000)
#   env BENCH_SHARDS   1 to run the shard scale-model part (default 1), 0 to skip it: the same import with
#                      Import:AttributeShards = 1,4,8,16 through a proxy enforcing a per-partition rate in front of Azurite
#   env BENCH_SHARD_ROWS, BENCH_SHARD_COUNTS, BENCH_SHARD_RATE  rows imported (default 50000), shard counts
#                      (default 1,4,8,16), modelled entities/s per partition (default 200)
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
# SSE-KMS rows of the export part (BENCH_SSE_KMS=0 to skip): radosgw's testing KMS backend with one key whose id
# is an AWS-style key ARN, as a destination names it.
sse_kms_key=arn:aws:kms:us-east-1:123456789012:key/0be0be0b-e0be-4be0-be0b-e0be0be0be0b
kms_keys=""
[[ ${BENCH_SSE_KMS:-1} == 1 ]] && kms_keys="$sse_kms_key=$(head -c 32 /dev/urandom | base64)"
MEMSTORE_BYTES=${MEMSTORE_BYTES:-8589934592} RGW_KMS_TEST_KEYS="$kms_keys" scripts/rgw-up.sh "$work/rgw"
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
export_part=${BENCH_EXPORT_PART:-1}
import_part=${BENCH_IMPORT:-1}
load_part=${BENCH_LOAD:-1}
nightly_part=${BENCH_NIGHTLY:-1}
[[ $export_part =~ ^[01]$ && $import_part =~ ^[01]$ && $load_part =~ ^[01]$ && $nightly_part =~ ^[01]$ ]] || { log "BENCH_EXPORT_PART, BENCH_IMPORT, BENCH_LOAD and BENCH_NIGHTLY must be 0 or 1"; exit 2; }
if [[ $export_part == 1 ]]; then
  make_file report-256m $((256 * 1048576))
  make_file report-512m $((512 * 1048576))
  make_file report-1g $((1024 * 1048576))
fi
# The import's attribute files are generated by the benchmark itself (bench/Orchestrator.Benchmarks/AttributeData.cs)
# into the same folder, and kept between runs.

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
  --rounds "${BENCH_ROUNDS:-5}"
  --export "${BENCH_EXPORT:-16x8}"
  --rgw-conf "$work/rgw/ceph.conf"
  --orchestrator-dll "$repo/src/Orchestrator.Runner/bin/Release/net10.0/orchestrator.dll"
  --aws /usr/bin/aws
  --rclone "$(command -v rclone)"
  --notes "$repo/bench/benchmarks-notes.md"
  --out "${BENCH_OUT:-$repo/docs/benchmarks.md}"
  --export-part "$([[ $export_part == 1 ]] && echo on || echo off)"
  --import "$([[ $import_part == 1 ]] && echo on || echo off)"
  --import-rows "${BENCH_IMPORT_ROWS:-100000,1000000}"
  --import-rounds "${BENCH_IMPORT_ROUNDS:-2}"
  --import-notes "$repo/bench/import-notes.md"
  --load "$([[ $load_part == 1 ]] && echo on || echo off)"
  --load-exports "${BENCH_LOAD_EXPORTS:-100}"
  --load-imports "${BENCH_LOAD_IMPORTS:-100}"
  --load-tenants "${BENCH_LOAD_TENANTS:-5}"
  --load-export-rows "${BENCH_LOAD_EXPORT_ROWS:-200000}"
  --load-import-rows "${BENCH_LOAD_IMPORT_ROWS:-5000}"
  --load-notes "$repo/bench/load-notes.md"
  --nightly "$([[ $nightly_part == 1 ]] && echo on || echo off)"
  --nightly-destinations "${BENCH_NIGHTLY_DESTINATIONS:-1000}"
  --nightly-notes "$repo/bench/nightly-notes.md"
  --gzip "$([[ ${BENCH_GZIP:-1} == 1 ]] && echo on || echo off)"
  --gzip-rows "${BENCH_GZIP_ROWS:-100000,300000}"
  --gzip-notes "$repo/bench/gzip-notes.md"
  --shards "$([[ ${BENCH_SHARDS:-1} == 1 ]] && echo on || echo off)"
  --shard-rows "${BENCH_SHARD_ROWS:-50000}"
  --shard-counts "${BENCH_SHARD_COUNTS:-1,4,8,16}"
  --shard-rate "${BENCH_SHARD_RATE:-200}"
  --shard-notes "$repo/bench/shards-notes.md"
  --lake "$([[ ${BENCH_LAKE:-1} == 1 ]] && echo on || echo off)"
  --lake-mib "${BENCH_LAKE_MIB:-512}"
  --lake-rounds "${BENCH_LAKE_ROUNDS:-3}"
  --lake-notes "$repo/bench/lake-notes.md"
  --lake-memory-mib "${BENCH_LAKE_MEMORY_MIB-256,1024}"
)
[[ -n $sweep ]] && args+=(--sweep "$sweep")
[[ -n $kms_keys ]] && args+=(--sse-kms-key "$sse_kms_key")

dotnet bench/Orchestrator.Benchmarks/bin/Release/net10.0/Orchestrator.Benchmarks.dll "${args[@]}" "$@"
