#!/usr/bin/env bash
# Benchmarks for meeting recordings (issue 5), figures go to docs/benchmarks-recordings.md:
#   1. clip generation: time per minute of clip, stream copy vs the app's exact cut (re-encode);
#   1b. the app's own clip cutting and replay assembly, the former hand-written FFmpeg code
#      (benchmarks/Media.Benchmarks/Legacy) against FFMpegCore (src/Infrastructure/Media), in one run;
#   2. proxy download: throughput and the app's memory while it streams a 1 GB recording from a
#      plain URL (a local HTTP server with range support standing in for a CDN).
# Usage: bash benchmarks/recordings.sh [--source-minutes N] [--proxy-mb N]
# Needs what scripts/setup.sh installs (ffmpeg, PostgreSQL binaries, node, the .NET SDK).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
SOURCE_MINUTES=3
PROXY_MB=1024
while [ $# -gt 0 ]; do
    case "$1" in
        --source-minutes) SOURCE_MINUTES="$2"; shift 2 ;;
        --proxy-mb) PROXY_MB="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

WORK="$(mktemp -d /tmp/recordings-bench-XXXXXX)"
APP_PID="" CDN_PID="" BENCH_DB="streaming_bench_$$"
cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
    [ -n "$CDN_PID" ] && kill "$CDN_PID" 2>/dev/null && wait "$CDN_PID" 2>/dev/null || true
    if [ -n "${STREAMING_PG_PORT:-}" ]; then
        PGPASSWORD="$STREAMING_PG_PASSWORD" psql -X -q -h 127.0.0.1 -p "$STREAMING_PG_PORT" -U "$STREAMING_PG_USER" -d postgres \
            -c "DROP DATABASE IF EXISTS \"$BENCH_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
probe_duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"

# ---------------------------------------------------------------- 1. clip generation
echo "== 1. clip generation (source: ${SOURCE_MINUTES} min 1280x720 25 fps H.264, keyframe every 10 s, AAC)"
SRC="$WORK/source.mp4"
ffmpeg -hide_banner -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=$((SOURCE_MINUTES * 60))" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$((SOURCE_MINUTES * 60))" \
    -c:v libx264 -preset ultrafast -g 250 -pix_fmt yuv420p -c:a aac -shortest -movflags +faststart "$SRC"
START=65   # not on a keyframe: stream copy has to start at 60 s
LENGTH=60
t0=$(now)
ffmpeg -hide_banner -v error -y -ss "$START" -i "$SRC" -t "$LENGTH" -c copy -avoid_negative_ts make_zero "$WORK/copy.mp4"
t1=$(now)
# The app's arguments (src/Infrastructure/Media/FfmpegClipCutter.cs) as a plain command line.
ffmpeg -hide_banner -nostdin -y -v error -ss "$START" -i "$SRC" -t "$LENGTH" -map 0:v:0? -map 0:a:0? \
    -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac -b:a 128k \
    -movflags +faststart -avoid_negative_ts make_zero -progress pipe:1 -nostats -f mp4 "$WORK/exact.mp4" >/dev/null
t2=$(now)
copy_s=$(elapsed "$t0" "$t1"); exact_s=$(elapsed "$t1" "$t2")
printf '   stream copy : %6ss for %ss of clip -> %6ss per minute of clip, clip is %ss long (asked %ss: starts at the keyframe before %ss)\n' \
    "$copy_s" "$LENGTH" "$(awk -v s="$copy_s" -v l="$LENGTH" 'BEGIN{printf "%.2f", s*60/l}')" "$(probe_duration "$WORK/copy.mp4")" "$LENGTH" "$START"
printf '   exact (app) : %6ss for %ss of clip -> %6ss per minute of clip, clip is %ss long\n' \
    "$exact_s" "$LENGTH" "$(awk -v s="$exact_s" -v l="$LENGTH" 'BEGIN{printf "%.2f", s*60/l}')" "$(probe_duration "$WORK/exact.mp4")"

# ---------------------------------------------------------------- 1b. old vs new FFmpeg code
echo "== 1b. the app's clip cutting and replay assembly: hand-written FFmpeg code vs FFMpegCore, same inputs"
dotnet run -c Release --project "$REPO_ROOT/benchmarks/Media.Benchmarks" -v q -- "${MEDIA_ROUNDS:-3}"

# ---------------------------------------------------------------- 2. proxy download
echo "== 2. proxy download of a ${PROXY_MB} MB recording at a plain URL"
BIG="$WORK/big.mp4"
head -c "$((PROXY_MB * 1024 * 1024))" /dev/urandom > "$BIG"
CDN_PORT=$(free_port)
cat > "$WORK/cdn.js" <<'JS'
// A minimal CDN: one file, single byte ranges, streamed from disk.
const http = require('http'), fs = require('fs');
const [file, port] = [process.argv[2], Number(process.argv[3])];
const size = fs.statSync(file).size;
http.createServer((req, res) => {
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
  const from = m ? Number(m[1]) : 0, to = m && m[2] ? Number(m[2]) : size - 1;
  res.writeHead(m ? 206 : 200, { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes', 'Content-Length': to - from + 1,
    ...(m ? { 'Content-Range': `bytes ${from}-${to}/${size}` } : {}) });
  fs.createReadStream(file, { start: from, end: to }).pipe(res);
}).listen(port, '127.0.0.1');
JS
node "$WORK/cdn.js" "$BIG" "$CDN_PORT" & CDN_PID=$!

cd "$REPO_ROOT"
bash scripts/pg.sh start >/dev/null
eval "$(bash scripts/pg.sh env)"
PGPASSWORD="$STREAMING_PG_PASSWORD" psql -X -q -h 127.0.0.1 -p "$STREAMING_PG_PORT" -U "$STREAMING_PG_USER" -d postgres -c "CREATE DATABASE \"$BENCH_DB\"" >/dev/null
dotnet build src/Web -c Release -v q -nologo >/dev/null
APP_PORT=$(free_port)
URL="http://127.0.0.1:$APP_PORT"
ConnectionStrings__Default="Host=127.0.0.1;Port=$STREAMING_PG_PORT;Database=$BENCH_DB;Username=$STREAMING_PG_USER;Password=$STREAMING_PG_PASSWORD" \
ASPNETCORE_URLS="$URL" App__PublicBaseUrl="$URL" ASPNETCORE_ENVIRONMENT=Production Seed__DemoData=true Storage__Local__Root="$WORK/blobs" \
Logging__LogLevel__Default=Warning \
    dotnet src/Web/bin/Release/net10.0/Streaming.Web.dll >"$WORK/app.log" 2>&1 & APP_PID=$!
for _ in $(seq 1 120); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$URL/healthz" >/dev/null || { cat "$WORK/app.log"; echo "the app did not start" >&2; exit 1; }

ROOM_ID=$(PGPASSWORD="$STREAMING_PG_PASSWORD" psql -X -qtA -h 127.0.0.1 -p "$STREAMING_PG_PORT" -U "$STREAMING_PG_USER" -d "$BENCH_DB" -c "
    INSERT INTO recordings (id, kind, product, owner_id, subject, recording_location, recording_size_bytes, duration_seconds, recorded_at, created_at)
    SELECT gen_random_uuid(), 'Meet', 'TipJar', u.id, 'Benchmark 1 GB', 'http://127.0.0.1:$CDN_PORT/big.mp4', $((PROXY_MB * 1024 * 1024)), 3600, now(), now()
    FROM users u WHERE u.email = 'ana@demo.streaming.local' RETURNING id")
JAR="$WORK/cookies"
TOKEN=$(curl -fs -c "$JAR" "$URL/account/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -fs -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "__RequestVerificationToken=$TOKEN" \
    --data-urlencode "Email=ana@demo.streaming.local" --data-urlencode "Password=Demo-pass-1" "$URL/account/login"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$APP_PID/status"; }
# Warm up (JIT, connection pool), then measure.
curl -fs -b "$JAR" -o /dev/null -r 0-1048575 "$URL/recordings/download?type=meet&id=$ROOM_ID"
before=$(rss_kib); peak=$before
( while kill -0 "$APP_PID" 2>/dev/null; do rss_kib >> "$WORK/rss"; sleep 0.1; done ) & SAMPLER=$!
result=$(curl -fs -b "$JAR" -o /dev/null -w '%{size_download} %{time_total} %{speed_download}' "$URL/recordings/download?type=meet&id=$ROOM_ID")
kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
peak=$(sort -n "$WORK/rss" | tail -1)
direct=$(curl -fs -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$CDN_PORT/big.mp4")
read -r bytes seconds speed <<<"$result"
printf '   through the app : %s bytes in %ss = %s MB/s (the CDN directly: %s MB/s)\n' "$bytes" "$seconds" \
    "$(awk -v s="$speed" 'BEGIN{printf "%.0f", s/1048576}')" "$(awk -v s="$direct" 'BEGIN{printf "%.0f", s/1048576}')"
printf '   app memory (RSS): %s MiB before, %s MiB peak during the download (+%s MiB)\n' \
    "$((before / 1024))" "$((peak / 1024))" "$(((peak - before) / 1024))"
range=$(curl -fs -b "$JAR" -o /dev/null -r 1000000-1999999 -w '%{http_code} %{size_download}' "$URL/recordings/download?type=meet&id=$ROOM_ID")
echo "   range request   : HTTP/bytes $range (range passed through)"
