#!/usr/bin/env bash
# Installs what the local test servers need, and nothing that is already there:
#   - Ceph mon/osd + radosgw (S3 + STS under test), from Debian packages;
#   - Azurite (Azure Storage emulator), pinned in tools/azurite/package-lock.json;
#   - Chromium + chromedriver (the web console's browser tests), from Debian packages;
#   - with --bench: Debian's awscli and rclone (only used to compare transfer speeds).
# A fresh machine has none of these, so CI and every developer run this first; a second
# run must be fast (no apt-get update, no npm) when everything is present.
#
# Usage: scripts/install-deps.sh [--bench]
set -euo pipefail

log() { printf 'install-deps: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

bench=0
for arg in "$@"; do
  case "$arg" in
    --bench) bench=1 ;;
    -h|--help) sed -n '2,9p' "$0" >&2; exit 0 ;;
    *) die "unknown argument: $arg (expected --bench)" ;;
  esac
done

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# apt-get needs root; developers who are not root may have sudo.
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot apt-get install"
  sudo_cmd=(sudo)
fi

apt_updated=0
apt_install() {
  # 'apt-get update' only once per run, and only when something is actually missing:
  # it is the slow part and needs the network.
  if [[ $apt_updated -eq 0 ]]; then
    log "apt-get update"
    "${sudo_cmd[@]}" apt-get update -qq >&2
    apt_updated=1
  fi
  log "apt-get install $*"
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@" >&2
}

# --- Ceph -------------------------------------------------------------------------------
# Check the binaries (not dpkg state): that is what scripts/rgw-up.sh actually runs.
ceph_missing=0
for bin in radosgw ceph-mon ceph-osd ceph monmaptool radosgw-admin; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    ceph_missing=1
  fi
done
if [[ $ceph_missing -eq 1 ]]; then
  start=$SECONDS
  apt_install ceph-mon ceph-osd radosgw ceph-common
  log "ceph installed in $((SECONDS - start)) s"
else
  log "ceph: present ($(ceph --version 2>/dev/null | awk '{print $3}'))"
fi

# --- Chromium (the web console's browser tests drive Debian's chromium through chromedriver) ---
browser_pkgs=()
command -v chromium >/dev/null 2>&1 || browser_pkgs+=(chromium)
command -v chromedriver >/dev/null 2>&1 || browser_pkgs+=(chromium-driver)
if [[ ${#browser_pkgs[@]} -gt 0 ]]; then
  start=$SECONDS
  apt_install "${browser_pkgs[@]}"
  log "chromium installed in $((SECONDS - start)) s"
else
  log "chromium: present ($(chromium --version 2>/dev/null | awk '{print $2}'))"
fi

# --- benchmark clients (optional) -----------------------------------------------------------
if [[ $bench -eq 1 ]]; then
  bench_pkgs=()
  # Debian's awscli is /usr/bin/aws; the first 'aws' on PATH may be an unrelated pip awscli 1.x.
  [[ -x /usr/bin/aws ]] || bench_pkgs+=(awscli)
  command -v rclone >/dev/null 2>&1 || bench_pkgs+=(rclone)
  if [[ ${#bench_pkgs[@]} -gt 0 ]]; then
    apt_install "${bench_pkgs[@]}"
  else
    log "bench clients: present (/usr/bin/aws, rclone)"
  fi
fi

# --- Azurite ----------------------------------------------------------------------------
azurite_dir="$repo_root/tools/azurite"
if [[ -x "$azurite_dir/node_modules/.bin/azurite" ]]; then
  log "azurite: present"
else
  command -v npm >/dev/null 2>&1 || die "npm not found (Node.js >= 20 is expected on this machine kind)"
  # npm ci installs exactly what the committed lock file says (never re-resolves versions).
  [[ -f "$azurite_dir/package-lock.json" ]] || die "$azurite_dir/package-lock.json is missing (it is committed; restore it)"
  start=$SECONDS
  log "npm ci in tools/azurite"
  (cd "$azurite_dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  [[ -x "$azurite_dir/node_modules/.bin/azurite" ]] || die "npm ci finished but node_modules/.bin/azurite is missing"
  log "azurite installed in $((SECONDS - start)) s"
fi

log "done"
