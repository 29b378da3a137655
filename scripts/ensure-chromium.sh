#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright's own browser download does not work offline).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's Chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
