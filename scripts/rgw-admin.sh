#!/usr/bin/env bash
# Runs radosgw-admin against the throw-away cluster in DIR (as started by rgw-up.sh): tests use it to create roles
# and change their policies, exactly as an operator of a real radosgw would.
#
# Usage: scripts/rgw-admin.sh DIR radosgw-admin-arguments...
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 DIR args..." >&2; exit 2; }
dir=$1
shift
[[ -f "$dir/ceph.conf" ]] || { echo "rgw-admin: no cluster in $dir" >&2; exit 1; }
exec timeout 30 radosgw-admin -c "$dir/ceph.conf" "$@"
