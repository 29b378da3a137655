#!/usr/bin/env bash
# `make load`: the portal under gunicorn + a Celery worker on a seeded database, loaded by locust.
#
# Settings (environment): LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/portal_load, created
# and seeded with the demo campaign when missing — never point it at a database you care about), LOAD_REDIS_URL
# (default redis://127.0.0.1:6379/2), LOAD_USERS (50), LOAD_SPAWN_RATE (5 per second), LOAD_TIME (60s),
# LOAD_PORT (8001), LOAD_WORKERS (gunicorn workers, default 2 × CPUs + 1). Exits non-zero on any failed request.
set -euo pipefail
cd "$(dirname "$0")/.."

db_url="${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_load}"
redis_url="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/2}"
users="${LOAD_USERS:-50}"
spawn_rate="${LOAD_SPAWN_RATE:-5}"
run_time="${LOAD_TIME:-60s}"
port="${LOAD_PORT:-8001}"
workers="${LOAD_WORKERS:-$(( $(nproc) * 2 + 1 ))}"
out="$(mktemp -d /tmp/portal-load.XXXXXX)"
py=.venv/bin/python

export DATABASE_URL="$db_url" REDIS_URL="$redis_url" SECRET_KEY="${SECRET_KEY:-load-test-secret-key-not-for-production}"
export DEBUG=0 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 STATIC_MANIFEST=0
export ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING

dbname="${db_url##*/}"
psql "${db_url%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1 \
  || psql "${db_url%/*}/postgres" -qc "CREATE DATABASE \"$dbname\""
$py manage.py migrate --noinput -v 0
$py manage.py load_reference_data >/dev/null
$py manage.py seed_demo >/dev/null
$py manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
# Worker recycling and timeout as in the README's Production section.
.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$port" --workers "$workers" --log-level warning \
  --timeout 60 --max-requests 1000 --max-requests-jitter 100 \
  >"$out/gunicorn.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A portal worker --loglevel warning --concurrency 2 >"$out/celery.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/accounts/login/" && break; sleep 0.2; done

echo "Load: $users users (spawn $spawn_rate/s) for $run_time against gunicorn ($workers workers) on 127.0.0.1:$port"
status=0
.venv/bin/locust -f loadtest/locustfile.py --headless --users "$users" --spawn-rate "$spawn_rate" \
  --run-time "$run_time" --host "http://127.0.0.1:$port" --csv "$out/load" --only-summary \
  >"$out/locust.log" 2>&1 || status=$?
$py scripts/load_summary.py "$out/load_stats.csv"
echo "Machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GB RAM; logs in $out"
exit "$status"
