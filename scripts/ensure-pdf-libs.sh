#!/usr/bin/env bash
# The donor report is laid out by WeasyPrint, which needs Debian's Pango (and HarfBuzz's subsetter for the
# embedded fonts); the report tests render every page with poppler's pdftoppm.
set -euo pipefail
if ! ldconfig -p | grep -q 'libpango-1.0.so.0' || ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0' \
  || ! ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || ! command -v pdftoppm >/dev/null; then
  echo "Installing Pango and poppler-utils for the PDF report..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-dejavu-core poppler-utils >/dev/null
fi
