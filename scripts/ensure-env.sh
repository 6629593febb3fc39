#!/usr/bin/env bash
# Makes a fresh machine ready: npm packages (when missing or out of date with the lock file)
# and, unless --no-browser, Debian's Chromium plus the fonts and PDF tools the tests use.
# Never downloads a browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-env: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" != "--no-browser" ]; then
  need=()
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
  fc-list 2>/dev/null | grep -qi "DejaVu Sans" || need+=(fonts-dejavu-core)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  if [ ${#need[@]} -gt 0 ]; then
    echo "ensure-env: installing Debian packages: ${need[*]}"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
fi
