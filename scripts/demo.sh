#!/usr/bin/env bash
# The main job end to end on local defaults: install what is missing, start radosgw and Azurite on free ports,
# export a synthetic Insights report (about 218 MB of CSV) through the export orchestration into
# s3://orchestrator-demo/subfolder name/..., show progress, read object and manifest back to verify them,
# print where the object is, and stop everything.
#
# Usage: scripts/demo.sh [extra 'orchestrator demo' options, e.g. --rows 5000000 --backend AzureStorage]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work="$repo/.local/demo"
mkdir -p "$work"

"$repo/scripts/install-deps.sh"

cleanup() {
  "$repo/scripts/rgw-down.sh" "$work/rgw" >/dev/null 2>&1 || true
  "$repo/scripts/azurite-down.sh" "$work/azurite" >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$repo/scripts/rgw-up.sh" "$work/rgw"
"$repo/scripts/azurite-up.sh" "$work/azurite"
# shellcheck disable=SC1091
source "$work/rgw/env"
# shellcheck disable=SC1091
source "$work/azurite/env"

echo "demo: building the runner (Release; about 40 s the first time)"
start=$SECONDS
build_log="$work/build.log"
build_status=0
dotnet build "$repo/src/Orchestrator.Runner" -c Release -nologo -v minimal -tl:off -clp:NoSummary 2>&1 | tee "$build_log" |
  sed -un 's/^ *\([^ ]*\) -> .*/demo:   built \1/p' || build_status=$?
if [[ $build_status -ne 0 ]]; then
  grep -E ': (error|warning) ' "$build_log" | sort -u || tail -n 40 "$build_log"
  echo "demo: the build FAILED (full output in $build_log)" >&2
  exit 1
fi
echo "demo: build done in $((SECONDS - start)) s"

export Storage__ConnectionString="$AZURITE_CONNECTION_STRING"
export S3__ServiceUrl="$RGW_ENDPOINT" S3__StsServiceUrl="$RGW_ENDPOINT"
export Secrets__LocalFile="$work/secrets.json"
export DEMO_SECRET_KEY="$RGW_SECRET_KEY"
dotnet "$repo/src/Orchestrator.Runner/bin/Release/net10.0/orchestrator.dll" demo --access-key-id "$RGW_ACCESS_KEY" "$@"
