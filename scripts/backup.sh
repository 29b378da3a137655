#!/usr/bin/env bash
# Dump the portal's PostgreSQL database (custom format) to FILE or backups/portal-<timestamp>.dump.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
file="${1:-backups/portal-$(date -u +%Y%m%d-%H%M%S).dump}"
mkdir -p "$(dirname "$file")"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$file"
echo "Backup written to $file"
