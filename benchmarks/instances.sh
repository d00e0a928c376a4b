#!/usr/bin/env bash
# Catalog requests/s with one app instance and with two, side by side in one run, each behind the
# nginx configuration of `scripts/run.sh --instances N` (deploy/nginx.conf.template), on one
# PostgreSQL with 5,000 classes and a private redis-server. Figures: docs/operations.md.
#
#   bash benchmarks/instances.sh [duration-seconds] [rounds]     (defaults 15 and 2)
#
# Rounds alternate one → two → one → two so that a busier moment of the machine hits both alike.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
DURATION="${1:-15}"
ROUNDS="${2:-2}"
BASE="${BENCH_PORT:-5190}"
WORK="$REPO_ROOT/.data/bench-instances"

bash "$REPO_ROOT/scripts/setup.sh"
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
bash "$REPO_ROOT/scripts/pg.sh" start
eval "$(bash "$REPO_ROOT/scripts/pg.sh" env)"
export PGPASSWORD="$STREAMING_PG_PASSWORD"
psql_() { psql -h 127.0.0.1 -p "$STREAMING_PG_PORT" -U streaming -v ON_ERROR_STOP=1 -qAt "$@"; }

psql_ -d postgres -c "DROP DATABASE IF EXISTS streaming_bench_instances WITH (FORCE)" -c "CREATE DATABASE streaming_bench_instances"
rm -rf "$WORK" && mkdir -p "$WORK/blobs"
dotnet build "$REPO_ROOT/src/Web" -c Release -v q -nologo >/dev/null

pids=()
cleanup() {
    for d in "$WORK"/nginx-*; do [ -f "$d/nginx.pid" ] && /usr/sbin/nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" -s quit 2>/dev/null || true; done
    for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

redis-server --port $((BASE + 9)) --bind 127.0.0.1 --dir "$WORK" --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
pids+=("$!")
export ConnectionStrings__Default="Host=127.0.0.1;Port=$STREAMING_PG_PORT;Database=streaming_bench_instances;Username=streaming;Password=streaming;Maximum Pool Size=50"
export App__PublicBaseUrl="http://127.0.0.1:$BASE" AllowedHosts="127.0.0.1" Redis__Configuration="127.0.0.1:$((BASE + 9))"
export Security__TrustedProxies__0=127.0.0.1 RateLimiting__Enabled=false Jobs__Enabled=false Logging__LogLevel__Default=Warning
export Storage__Local__Root="$WORK/blobs" Storage__Local__SigningKey="bench-instances-signing-key-0123456789"
for i in 1 2; do
    ASPNETCORE_URLS="http://127.0.0.1:$((BASE + i))" dotnet "$REPO_ROOT/src/Web/bin/Release/net10.0/Streaming.Web.dll" \
        --contentRoot "$REPO_ROOT/src/Web" >"$WORK/app-$i.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$((BASE + i))/healthz/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    curl -fs "http://127.0.0.1:$((BASE + i))/healthz/ready" >/dev/null || { echo "app-$i did not start; see $WORK/app-$i.log"; exit 1; }
done

psql_ -d streaming_bench_instances <<SQL
INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, phone_number_confirmed,
                   two_factor_enabled, lockout_enabled, access_failed_count)
VALUES ('bench-instructor', 'coach@example.com', 'COACH@EXAMPLE.COM', 'coach@example.com', 'COACH@EXAMPLE.COM', true, false, false, false, 0);
INSERT INTO user_profiles (id, display_name, email, created_at) VALUES ('bench-instructor', 'Bench Coach', 'coach@example.com', now());
INSERT INTO live_streams (id, instructor_id, title, description, category, scheduled_start, duration_minutes, price_in_tokens,
                          capacity, status, peak_viewers, seats_taken, created_at, updated_at)
SELECT gen_random_uuid(), 'bench-instructor', 'Bench class ' || i, 'Strength and mobility session number ' || i,
       (ARRAY['Yoga','HIIT','Strength','Mobility'])[1 + i % 4], now() + (i || ' hours')::interval, 45, 1 + i % 10,
       CASE WHEN i % 3 = 0 THEN 50 END, 'Scheduled', 0, 0, now(), now()
FROM generate_series(1, 5000) AS i;
ANALYZE;
SQL

# nginx-1 in front of app-1 only, nginx-2 in front of both: the same proxy hop in both runs.
for n in 1 2; do
    d="$WORK/nginx-$n" && mkdir -p "$d/temp"
    upstreams=""
    for i in $(seq 1 "$n"); do upstreams+="        server 127.0.0.1:$((BASE + i));"$'\n'; done
    sed -e "s#__DIR__#$d#g" -e "s#__LISTEN__#127.0.0.1:$((BASE + 10 * n))#g" "$REPO_ROOT/deploy/nginx.conf.template" \
        | awk -v upstreams="$upstreams" '{ if ($0 == "__UPSTREAMS__") printf "%s", upstreams; else print }' >"$d/nginx.conf"
    /usr/sbin/nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log"
done

run() { # run <instances> <path>
    local url="http://127.0.0.1:$((BASE + 10 * $1))$2" out
    out="$(wrk -t2 -c16 -d"${DURATION}s" --latency "$url")"
    printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
        "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

echo "warming up both set-ups" >&2
for n in 1 2; do wrk -t2 -c8 -d5s "http://127.0.0.1:$((BASE + 10 * n))/streams" >/dev/null; done
printf 'instances\tpath\trequests/s\tp50\tp99\n'
for _ in $(seq 1 "$ROUNDS"); do
    for n in 1 2; do run "$n" "/streams"; done
done
for n in 1 2; do run "$n" "/streams?q=mobility&price=Paid"; done
echo "requests per instance behind nginx-2: $(grep -o 'upstream=127.0.0.1:[0-9]*' "$WORK/nginx-2/access.log" | sort | uniq -c | tr '\n' ' ')" >&2
