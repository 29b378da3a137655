#!/usr/bin/env bash
# `make load`: the load curve — the portal under gunicorn + a Celery worker on a seeded database, loaded by
# locust in steps of more and more users (docs/BENCHMARKS.md, section "Load curve").
#
# Settings (environment): LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/portal_load, created
# and seeded with the demo campaign when missing — never point it at a database you care about), LOAD_REDIS_URL
# (default redis://127.0.0.1:6379/2), LOAD_STEPS (users per step, default "25 50 100 200"; LOAD_USERS=n alone
# runs one step of n), LOAD_STEP_TIME (seconds per step, 60), LOAD_SPAWN_RATE (users started per second, 10),
# LOAD_PORT (8001), LOAD_WORKERS (gunicorn workers, default 2 × CPUs + 1), LOAD_OUT (directory for the raw
# figures, default a new /tmp/portal-load.*), LOAD_COST (1: first measure the CPU time of each request alone,
# scripts/load_cost.py, LOAD_COST_REPEATS times; 0: skip). While locust runs, scripts/load_sampler.py records CPU per kind
# of process, the load average and PostgreSQL's active backends every 2 s; scripts/load_summary.py prints
# the curve. Exits non-zero when the first step already has errors.
set -euo pipefail
cd "$(dirname "$0")/.."

db_url="${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_load}"
redis_url="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/2}"
export LOAD_STEPS="${LOAD_STEPS:-${LOAD_USERS:-25 50 100 200}}"
export LOAD_STEP_TIME="${LOAD_STEP_TIME:-60}"
export LOAD_SPAWN_RATE="${LOAD_SPAWN_RATE:-10}"
port="${LOAD_PORT:-8001}"
workers="${LOAD_WORKERS:-$(( $(nproc) * 2 + 1 ))}"
out="${LOAD_OUT:-$(mktemp -d /tmp/portal-load.XXXXXX)}"
mkdir -p "$out"
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
gunicorn=$!
pids+=("$gunicorn")
.venv/bin/celery -A portal worker --loglevel warning --concurrency 2 >"$out/celery.log" 2>&1 &
celery=$!
pids+=("$celery")
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/accounts/login/" && break; sleep 0.2; done

if [ "${LOAD_COST:-1}" != 0 ]; then
  echo "CPU cost of each request, one at a time (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
  $py scripts/load_cost.py "http://127.0.0.1:$port" "$dbname" "$gunicorn" "$celery" \
    --repeats "${LOAD_COST_REPEATS:-10}" --json "$out/cost.json"
  echo
fi

read -ra step_list <<<"$LOAD_STEPS"
total=$(( ${#step_list[@]} * ${LOAD_STEP_TIME%.*} ))
echo "Load curve: steps of $LOAD_STEPS users, ${LOAD_STEP_TIME} s each (about $total s), users started at" \
  "$LOAD_SPAWN_RATE/s, against gunicorn ($workers workers) on 127.0.0.1:$port"
echo "Before: load average $(cut -d' ' -f1-3 /proc/loadavg)"
$py scripts/load_sampler.py "$out/machine.jsonl" "$db_url" 2 &
sampler=$!
pids+=("$sampler")
status=0
LOAD_SAMPLES="$out/requests.jsonl" .venv/bin/locust -f loadtest/locustfile.py --headless \
  --host "http://127.0.0.1:$port" --csv "$out/load" --only-summary >"$out/locust.log" 2>&1 || status=$?
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
if [ "$status" -ne 0 ] && [ ! -s "$out/requests.jsonl" ]; then
  tail -20 "$out/locust.log"
  exit "$status"
fi
$py scripts/load_summary.py "$out/requests.jsonl" "$out/machine.jsonl" --json "$out/curve.json" || status=$?
echo "After: load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))," \
  "$(free -g | awk '/^Mem:/ {print $2}') GB RAM, PostgreSQL $(psql "$db_url" -tAc 'SHOW server_version' | cut -d' ' -f1);" \
  "raw figures and logs in $out"
exit "$status"
