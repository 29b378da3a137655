#!/usr/bin/env bash
# Copy the pinned front-end packages (package-lock.json) into static/vendor/, served by the portal itself.
#
# Usage: scripts/vendor.sh [--no-install] [DIR]
#   DIR           where to copy to (default static/vendor); it is emptied first
#   --no-install  copy from node_modules as it is instead of running `npm ci` first
#
# Files are copied unchanged. A file that names its source map (`sourceMappingURL`) gets the map beside it:
# the production static storage (collectstatic) follows that reference and stops when the map is missing.
set -euo pipefail

install=1
if [ "${1:-}" = "--no-install" ]; then
  install=0
  shift
fi
v="${1:-static/vendor}"

if [ "$install" = 1 ]; then
  npm ci --no-audit --no-fund --silent
fi

# copy DIR FILE...: copy each file, and the source map it names, into DIR.
copy() {
  local dest="$1" file map
  shift
  for file in "$@"; do
    cp "$file" "$dest/"
    # The reference is the file's last comment: `//# sourceMappingURL=x.map` or `/*# sourceMappingURL=x.map */`.
    map="$(tail -c 512 "$file" | grep -oE '^(//|/\*)# sourceMappingURL=[^[:space:]*]+' | tail -n 1 | cut -d= -f2- || true)"
    if [ -n "$map" ]; then
      cp "$(dirname "$file")/$map" "$dest/$map"
    fi
  done
}

rm -rf "$v" && mkdir -p "$v"/bootstrap "$v"/htmx "$v"/chartjs "$v"/leaflet "$v"/workbox "$v"/idb
copy "$v"/bootstrap node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js
copy "$v"/htmx node_modules/htmx.org/dist/htmx.min.js
copy "$v"/chartjs node_modules/chart.js/dist/chart.umd.min.js
copy "$v"/leaflet node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css
cp -r node_modules/leaflet/dist/images "$v"/leaflet/  # leaflet.css refers to these
# The service worker (served at /sw.js) loads workbox-sw, which loads the other Workbox modules from here.
copy "$v"/workbox node_modules/workbox-sw/build/workbox-sw.js
for module in core routing strategies; do
  copy "$v"/workbox "node_modules/workbox-$module/build/workbox-$module.prod.js"
done
copy "$v"/idb node_modules/idb/build/umd.js
cp node_modules/workbox-sw/LICENSE* "$v"/workbox/ 2>/dev/null || true
for pkg in bootstrap htmx.org chart.js leaflet idb; do
  cp "node_modules/$pkg/LICENSE"* "$v/$(echo "$pkg" | sed 's/htmx.org/htmx/; s/chart.js/chartjs/')/" 2>/dev/null || true
done
