#!/usr/bin/env bash
# Copy the pinned front-end packages (package-lock.json) into static/vendor/, served by the portal itself.
set -euo pipefail
npm ci --no-audit --no-fund --silent
v=static/vendor
rm -rf "$v" && mkdir -p "$v"/bootstrap "$v"/htmx "$v"/chartjs "$v"/leaflet
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$v"/bootstrap/
cp node_modules/htmx.org/dist/htmx.min.js "$v"/htmx/
cp node_modules/chart.js/dist/chart.umd.min.js "$v"/chartjs/ 2>/dev/null || cp node_modules/chart.js/dist/chart.umd.js "$v"/chartjs/chart.umd.min.js
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images "$v"/leaflet/
for pkg in bootstrap htmx.org chart.js leaflet; do
  cp "node_modules/$pkg/LICENSE"* "$v/$(echo "$pkg" | sed 's/htmx.org/htmx/; s/chart.js/chartjs/')/" 2>/dev/null || true
done
