#!/usr/bin/env bash
# Chat load: 200 members of one live class connected to the chat hub, messages sent at rising
# rates, delivered messages per second (to all clients) and delivery latency p50/p99 — first one
# app instance, then two instances joined by a private redis-server (clients alternate between
# them). Release build on Kestrel, the project's PostgreSQL. Not part of the test suite.
#
#   bash benchmarks/chat.sh [clients] [phase-seconds] [rates]      (default 200 20 10,20,40,80)
#   BENCH_MODES="one" or "two" runs only one of the two set-ups (default: both).
#
# The rate limit (5 messages per 10 s per member) caps the offered rate at clients/2 per second:
# the load generator sends round robin from every member.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CLIENTS="${1:-200}"
PHASE="${2:-20}"
RATES="${3:-10,20,40,80}"
PORT_A="${BENCH_PORT:-5091}"
PORT_B=$((PORT_A + 1))
WORK="$REPO_ROOT/.data/bench-chat"
MODES="${BENCH_MODES:-one two}"

bash "$REPO_ROOT/scripts/setup.sh"
bash "$REPO_ROOT/scripts/pg.sh" start
eval "$(bash "$REPO_ROOT/scripts/pg.sh" env)"
export PGPASSWORD="$STREAMING_PG_PASSWORD"
psql_() { psql -h 127.0.0.1 -p "$STREAMING_PG_PORT" -U streaming -v ON_ERROR_STOP=1 -qAt "$@"; }

psql_ -d postgres -c "DROP DATABASE IF EXISTS streaming_chat_bench WITH (FORCE)" -c "CREATE DATABASE streaming_chat_bench"
rm -rf "$WORK" && mkdir -p "$WORK/redis"

dotnet build "$REPO_ROOT/src/Web" -c Release -v q -nologo >/dev/null
dotnet build "$SCRIPT_DIR/ChatLoad" -c Release -v q -nologo >/dev/null
LOAD="$SCRIPT_DIR/ChatLoad/bin/Release/net10.0/ChatLoad.dll"

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# start_app PORT [extra env…]: one instance of the app, waits for /healthz.
start_app() {
    local port="$1"; shift
    env ConnectionStrings__Default="Host=127.0.0.1;Port=$STREAMING_PG_PORT;Database=streaming_chat_bench;Username=streaming;Password=streaming;Maximum Pool Size=100" \
        ASPNETCORE_URLS="http://127.0.0.1:$port" App__PublicBaseUrl="http://127.0.0.1:$port" RateLimiting__Enabled=false Jobs__Enabled=false Logging__LogLevel__Default=Warning "$@" \
        dotnet "$REPO_ROOT/src/Web/bin/Release/net10.0/Streaming.Web.dll" --contentRoot "$REPO_ROOT/src/Web" >"$WORK/app-$port.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0; sleep 0.5; done
    echo "the app on port $port did not start; see $WORK/app-$port.log"; exit 1
}
stop_apps() { cleanup; PIDS=(); sleep 1; }

# The schema first (one instance migrates), then an instructor and two live free classes.
start_app "$PORT_A"
stop_apps
psql_ -d streaming_chat_bench <<SQL
INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, phone_number_confirmed,
                   two_factor_enabled, lockout_enabled, access_failed_count)
VALUES ('bench-coach', 'coach@bench.example', 'COACH@BENCH.EXAMPLE', 'coach@bench.example', 'COACH@BENCH.EXAMPLE', true, false, false, false, 0);
INSERT INTO user_profiles (id, display_name, email, created_at) VALUES ('bench-coach', 'Bench Coach', 'coach@bench.example', now());
INSERT INTO live_streams (id, instructor_id, title, description, category, scheduled_start, duration_minutes, price_in_tokens,
                          capacity, status, started_at, peak_viewers, seats_taken, created_at, updated_at)
VALUES ('11111111-1111-1111-1111-111111111111', 'bench-coach', 'Chat bench, one instance', '', 'HIIT', now() + interval '1 hour', 60, 0, NULL, 'Live', now(), 0, 0, now(), now()),
       ('22222222-2222-2222-2222-222222222222', 'bench-coach', 'Chat bench, two instances', '', 'HIIT', now() + interval '1 hour', 60, 0, NULL, 'Live', now(), 0, 0, now(), now());
SQL

if [[ " $MODES " == *" one "* ]]; then
    echo; echo "== one instance, no Redis =="
    start_app "$PORT_A"
    dotnet "$LOAD" 11111111-1111-1111-1111-111111111111 "$CLIENTS" "$PHASE" "$RATES" "http://127.0.0.1:$PORT_A"
    stop_apps
fi
[[ " $MODES " == *" two "* ]] || exit 0

echo; echo "== two instances over Redis (clients alternate) =="
REDIS_PORT=$((PORT_A + 300))
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save "" --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
start_app "$PORT_A" Redis__Configuration="127.0.0.1:$REDIS_PORT"
start_app "$PORT_B" Redis__Configuration="127.0.0.1:$REDIS_PORT"
dotnet "$LOAD" 22222222-2222-2222-2222-222222222222 "$CLIENTS" "$PHASE" "$RATES" "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B"
echo; psql_ -d streaming_chat_bench -c "SELECT 'stored chat messages: ' || count(*) FROM chat_messages"
