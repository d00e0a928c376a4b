#!/usr/bin/env bash
# Runs every test project of Streaming.sln against the project's private PostgreSQL.
#
#   bash scripts/test.sh [dotnet test args...]      e.g. bash scripts/test.sh --filter "FullyQualifiedName~Domain"
#
# TRX files go to .data/test-results/ (emptied first). The LAST line printed is always
#   N passed, N failed, N skipped
# summed over all test projects. Exit status: non-zero when dotnet test failed, a test failed or no test ran.
# Works unattended (CI=true, no stdin).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
LOG_PREFIX="test"
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"

RESULTS_DIR="$REPO_ROOT/.data/test-results"

# Sums the <Counters .../> of every TRX file under $1 and prints "passed failed skipped total".
# passed = passed; failed = failed + error + timeout + aborted; skipped = the rest of total
# (NUnit's Ignore/Explicit/Inconclusive come out as NotExecuted without being counted in notExecuted).
trx_attr() { # trx_attr <name> <element text>: the attribute's number, 0 when absent
    local v
    v="$(printf '%s' "$2" | sed -n "s/.*[[:space:]]$1=\"\\([0-9]*\\)\".*/\\1/p")"
    printf '%s\n' "${v:-0}"
}
sum_trx() {
    local dir="$1" f counters total=0 passed=0 failed=0 t p x
    while IFS= read -r -d '' f; do
        counters="$(tr '\r\n' '  ' <"$f" | grep -o '<Counters[[:space:]][^>]*>' | head -n1 || true)"
        [ -n "$counters" ] || { warn "no <Counters> in $f"; continue; }
        t="$(trx_attr total "$counters")"
        p="$(trx_attr passed "$counters")"
        x=$(( $(trx_attr failed "$counters") + $(trx_attr error "$counters") + $(trx_attr timeout "$counters") + $(trx_attr aborted "$counters") ))
        total=$((total + t)); passed=$((passed + p)); failed=$((failed + x))
    done < <(find "$dir" -type f -name '*.trx' -print0 2>/dev/null)
    local skipped=$((total - passed - failed))
    [ "$skipped" -ge 0 ] || skipped=0
    printf '%s %s %s %s\n' "$passed" "$failed" "$skipped" "$total"
}

# Prints each failed test of the TRX files under $1 with the first lines of its message, so that
# the end of the log (all a CI summary may show) says what failed and why.
list_failures() {
    local f
    while IFS= read -r -d '' f; do
        awk -v RS='<UnitTestResult ' -v max_lines=12 '
            NR > 1 && /^[^>]*outcome="(Failed|Error|Timeout|Aborted)"/ {
                name = $0; sub(/^.*testName="/, "", name); sub(/".*$/, "", name)
                msg = $0
                if (index(msg, "<Message>") > 0) { sub(/^.*<Message>/, "", msg); sub(/<\/Message>.*$/, "", msg) } else msg = ""
                stack = $0
                if (index(stack, "<StackTrace>") > 0) { sub(/^.*<StackTrace>/, "", stack); sub(/<\/StackTrace>.*$/, "", stack) } else stack = ""
                text = msg "\n" stack
                gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&quot;/, "\"", text); gsub(/&apos;/, "\047", text); gsub(/&#xD;/, "", text); gsub(/\r/, "", text); gsub(/&amp;/, "\\&", text)
                gsub(/&lt;/, "<", name); gsub(/&gt;/, ">", name); gsub(/&quot;/, "\"", name); gsub(/&amp;/, "\\&", name)
                printf "FAILED %s\n", name
                n = split(text, lines, "\n")
                shown = 0
                for (i = 1; i <= n && shown < max_lines; i++) if (lines[i] ~ /[^[:space:]]/) { printf "    %s\n", lines[i]; shown++ }
            }' "$f"
    done < <(find "$1" -type f -name '*.trx' -print0 2>/dev/null)
}

# `bash scripts/test.sh --sum-trx DIR` only sums existing TRX files (used to check the parser).
if [ "${1:-}" = "--sum-trx" ]; then
    read -r passed failed skipped _ < <(sum_trx "${2:?usage: test.sh --sum-trx DIR}")
    list_failures "${2}"
    echo "$passed passed, $failed failed, $skipped skipped"
    exit 0
fi

bash "$SCRIPT_DIR/setup.sh"
# Without an explicit STREAMING_PG_PORT, a port taken by something else is not fatal: pg.sh picks the next.
[ -n "${STREAMING_PG_PORT:-}" ] || export STREAMING_PG_PORT_AUTO=1
bash "$SCRIPT_DIR/pg.sh" start
eval "$(bash "$SCRIPT_DIR/pg.sh" env)"

# shellcheck disable=SC2153 # set by the eval above
export STREAMING_TEST_PG="Host=$STREAMING_PG_HOST;Port=$STREAMING_PG_PORT;Username=$STREAMING_PG_USER;Password=$STREAMING_PG_PASSWORD;Database=postgres"
# The app and the tests find FFmpeg on the PATH (Media:BinaryFolder empty).
command -v ffmpeg >/dev/null || die "ffmpeg not found"
command -v ffprobe >/dev/null || die "ffprobe not found"
export STREAMING_CHROMIUM=/usr/bin/chromium
export ConnectionStrings__Default
# Every app host a test starts watches its configuration and static files; with inotify each watcher
# takes one of the user's inotify instances (128 by default, shared with every other process of the
# user), and a full run beside other test runs ran out ("user limit (128) on the number of inotify
# instances"). Polling watchers need none and nothing in the tests waits for a file to change.
export DOTNET_USE_POLLING_FILE_WATCHER=true
# Plain MSBuild output (the terminal logger hides test output) and no MSBuild nodes left behind.
export MSBUILDTERMINALLOGGER=off
export MSBUILDDISABLENODEREUSE=1

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

log "dotnet test Streaming.sln -c Release $* (PostgreSQL 127.0.0.1:$STREAMING_PG_PORT, results in $RESULTS_DIR)"
cd "$REPO_ROOT"
# The TRX logger's default file name is made unique per test project ([1], [2] … on a clash);
# a fixed LogFileName would be overwritten by each project of the solution in turn.
# A test that stays silent for $HANG_TIMEOUT (a browser that never answers, say) has its test host
# ended by the blame collector: the run goes on with the next project and says which test hung,
# instead of waiting for the CI's own time limit.
HANG_TIMEOUT="${STREAMING_TEST_HANG_TIMEOUT:-10m}"
TEST_LOG="$RESULTS_DIR/dotnet-test.log"
set +e
dotnet test Streaming.sln -c Release \
    --results-directory "$RESULTS_DIR" \
    --logger "trx" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
    "$@" </dev/null 2>&1 | tee "$TEST_LOG"
rc=${PIPESTATUS[0]}
set -e

read -r passed failed skipped total < <(sum_trx "$RESULTS_DIR")

if [ -n "${CI:-}" ]; then
    # The compiler/razor servers outlive the build and keep the job's output pipe open: stop them.
    dotnet build-server shutdown >/dev/null 2>&1 || true
fi

status=0
if [ "$rc" -ne 0 ]; then
    log "dotnet test exited with $rc"
    status="$rc"
fi
# The test(s) a test host was running when it crashed or was ended as hung (vstest names them on the next line).
aborted="$(grep -A1 'The test running when the crash occurred' "$TEST_LOG" | grep -v -e 'The test running when' -e '^--$' || true)"
if [ -n "$aborted" ]; then
    while IFS= read -r name; do echo "ABORTED $name (its test host crashed or hung for $HANG_TIMEOUT; see $TEST_LOG)"; done <<<"$aborted"
    [ "$status" -ne 0 ] || status=1
fi
if [ "$failed" -gt 0 ]; then
    list_failures "$RESULTS_DIR"
    log "$failed test(s) failed"
    [ "$status" -ne 0 ] || status=1
fi
if [ "$total" -eq 0 ]; then
    log "no test ran (0 tests in the TRX results)"
    [ "$status" -ne 0 ] || status=1
fi
trx_count="$(find "$RESULTS_DIR" -type f -name '*.trx' | wc -l)"
log "$trx_count TRX file(s), $total test(s) in total, in $RESULTS_DIR"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
