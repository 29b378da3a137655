#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into DATABASE_URL, replacing what is there.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to restore into}"
file="${1:?usage: scripts/restore.sh FILE}"
[ -f "$file" ] || { echo "No such backup file: $file" >&2; exit 2; }
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --dbname="$DATABASE_URL" "$file"
echo "Restored $file into the database"
