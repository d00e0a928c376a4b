#!/usr/bin/env bash
# Load benchmark of the catalog page and of enrollment with payment, against the real server
# (Release build, Kestrel) and the project's PostgreSQL. Not part of the test suite.
#
#   bash benchmarks/run.sh [duration-seconds]      (default 15)
#
# It creates a throw-away database `streaming_bench` with 5,000 classes, one member holding
# 1,000,000 tokens, and runs wrk: the catalog (first page, a filtered search, page 40), then
# POST /streams/{id}/enroll over distinct classes (seat + ledger deduction + activation each).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
DURATION="${1:-15}"
PORT="${BENCH_PORT:-5090}"
URL="http://127.0.0.1:$PORT"
WORK="$REPO_ROOT/.data/bench"

bash "$REPO_ROOT/scripts/setup.sh"
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
bash "$REPO_ROOT/scripts/pg.sh" start
eval "$(bash "$REPO_ROOT/scripts/pg.sh" env)"
export PGPASSWORD="$STREAMING_PG_PASSWORD"
psql_() { psql -h 127.0.0.1 -p "$STREAMING_PG_PORT" -U streaming -v ON_ERROR_STOP=1 -qAt "$@"; }

psql_ -d postgres -c "DROP DATABASE IF EXISTS streaming_bench WITH (FORCE)" -c "CREATE DATABASE streaming_bench"
rm -rf "$WORK" && mkdir -p "$WORK"

dotnet build "$REPO_ROOT/src/Web" -c Release -v q -nologo >/dev/null
ConnectionStrings__Default="Host=127.0.0.1;Port=$STREAMING_PG_PORT;Database=streaming_bench;Username=streaming;Password=streaming;Maximum Pool Size=100" \
# One member enrolls thousands of times: the rate limits (README, Security) would measure themselves.
ASPNETCORE_URLS="$URL" App__PublicBaseUrl="$URL" RateLimiting__Enabled=false Jobs__Enabled=false Logging__LogLevel__Default=Warning \
    dotnet "$REPO_ROOT/src/Web/bin/Release/net10.0/Streaming.Web.dll" --contentRoot "$REPO_ROOT/src/Web" >"$WORK/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

# A member (through the real sign-up form) and an instructor with 5,000 classes.
jar="$WORK/cookies.txt"
token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
t=$(curl -fs -c "$jar" -b "$jar" "$URL/account/register" | token)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$t" \
    --data-urlencode "DisplayName=Bench Member" --data-urlencode "Email=bench@example.com" \
    --data-urlencode "Password=Bench-pass-1" --data-urlencode "ConfirmPassword=Bench-pass-1" "$URL/account/register"
member=$(psql_ -d streaming_bench -c "SELECT id FROM user_profiles WHERE email = 'bench@example.com'")
[ -n "$member" ] || { echo "sign-up failed; see $WORK/app.log"; exit 1; }
psql_ -d streaming_bench <<SQL
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
INSERT INTO token_accounts (member_id, balance, created_at, updated_at) VALUES ('$member', 1000000, now(), now());
SQL
psql_ -d streaming_bench -c "SELECT id FROM live_streams ORDER BY scheduled_start" > "$WORK/stream-ids.txt"
first=$(head -1 "$WORK/stream-ids.txt")
form=$(curl -fs -c "$jar" -b "$jar" "$URL/streams/$first" | token)
# curl marks HttpOnly cookies (the sign-in cookie) with a "#HttpOnly_" prefix: keep those lines.
cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }')

cat > "$WORK/enroll.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/stream-ids.txt") do ids[#ids + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  return wrk.format("POST", "/streams/" .. id .. "/enroll",
    { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "$cookie" },
    "__RequestVerificationToken=$form")
end
LUA

echo; echo "== catalog, first page (anonymous) =="
wrk -t2 -c16 -d"${DURATION}s" --latency "$URL/streams" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
echo; echo "== catalog, search + price filter =="
wrk -t2 -c16 -d"${DURATION}s" --latency "$URL/streams?q=mobility&price=Paid" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
echo; echo "== catalog, page 40 =="
wrk -t2 -c16 -d"${DURATION}s" --latency "$URL/streams?page=40" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
echo; echo "== enroll with payment (POST, 5,000 classes, one member) =="
before=$(psql_ -d streaming_bench -c "SELECT balance FROM token_accounts WHERE member_id = '$member'")
# One wrk thread (one Lua state), so every request names a different class.
wrk -t1 -c8 -d"${DURATION}s" --latency -s "$WORK/enroll.lua" "$URL" | grep -E "requests in|Requests/sec|Latency|50%|99%|Non-2xx"
psql_ -d streaming_bench -c "SELECT 'active enrollments: ' || count(*) FROM enrollments WHERE status = 'Active'"
psql_ -d streaming_bench -c "SELECT 'deductions: ' || count(*) || ', tokens: ' || coalesce(-sum(amount), 0) FROM token_transactions WHERE kind = 'Enrollment'"
after=$(psql_ -d streaming_bench -c "SELECT balance FROM token_accounts WHERE member_id = '$member'")
paid=$(psql_ -d streaming_bench -c "SELECT coalesce(sum(tokens_paid), 0) FROM enrollments WHERE status = 'Active'")
echo "balance $before -> $after; paid by active enrollments: $paid (must equal the difference)"
active=$(psql_ -d streaming_bench -c "SELECT count(*) FROM enrollments WHERE status = 'Active'")
[ "$active" -gt 0 ] || { echo "no enrollment succeeded: check the cookie/antiforgery set-up"; exit 1; }
[ $((before - after)) -eq "$paid" ] || { echo "MISMATCH between ledger and enrollments"; exit 1; }
