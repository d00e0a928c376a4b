#!/usr/bin/env bash
# Builds and runs the web app against the project's private PostgreSQL, with demo data.
#
#   bash scripts/run.sh [--port N] [--instances N] [extra app args...]     (or PORT=N bash scripts/run.sh)
#
# --instances N (2–8): N app instances behind a private nginx on the one URL, joined by a private
# redis-server, on one PostgreSQL (scripts/lib/instances.sh).
# Ctrl-C stops the app; PostgreSQL keeps running (stop it with: bash scripts/pg.sh stop).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
LOG_PREFIX=run
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"

port="${PORT:-5000}"
instances=1
app_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --port)   [ $# -ge 2 ] || die "--port needs a value"; port="$2"; shift 2 ;;
        --port=*) port="${1#--port=}"; shift ;;
        --instances)   [ $# -ge 2 ] || die "--instances needs a value"; instances="$2"; shift 2 ;;
        --instances=*) instances="${1#--instances=}"; shift ;;
        *)        app_args+=("$1"); shift ;;
    esac
done
case "$port" in ''|*[!0-9]*) die "the port must be a number (got '$port')" ;; esac
case "$instances" in ''|*[!0-9]*) die "--instances must be a number (got '$instances')" ;; esac

bash "$SCRIPT_DIR/setup.sh"
# Without an explicit STREAMING_PG_PORT, a port taken by something else is not fatal: pg.sh picks the next.
[ -n "${STREAMING_PG_PORT:-}" ] || export STREAMING_PG_PORT_AUTO=1
bash "$SCRIPT_DIR/pg.sh" start
eval "$(bash "$SCRIPT_DIR/pg.sh" env)"

if port_in_use "$port"; then
    die "port $port on 127.0.0.1 is already in use (an earlier run still going?). Choose another: bash scripts/run.sh --port 5001"
fi

url="http://127.0.0.1:$port"
mkdir -p "$REPO_ROOT/.data/blobs"

export ConnectionStrings__Default
export ASPNETCORE_URLS="$url"
# "Demo": production settings throughout, plus the demo checkout for buying tokens (which the app
# refuses in "Production", where Payments:Provider must be Stripe or None).
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Demo}"
export Seed__DemoData=true
# Demo-only credentials (README): the first super admin and the instructor access code.
export Seed__SuperAdmin__Email="${Seed__SuperAdmin__Email:-admin@demo.streaming.local}"
export Seed__SuperAdmin__Password="${Seed__SuperAdmin__Password:-Admin-pass-1}"
export Instructor__AccessCode="${Instructor__AccessCode:-teach-demo}"
export Storage__Local__Root="$REPO_ROOT/.data/blobs"
# Absolute links (calendars, shares) are built from this, never from the request's Host header;
# outside Development the host filter admits only the hosts below.
export App__PublicBaseUrl="${App__PublicBaseUrl:-$url}"
export AllowedHosts="${AllowedHosts:-127.0.0.1;localhost}"
# Without Email__Provider=Smtp every email is written as an .eml file here (README: Email).
export Email__Pickup__Folder="${Email__Pickup__Folder:-$REPO_ROOT/.data/mail}"
if [ "${Email__Provider:-Pickup}" = "Smtp" ]; then
    mail_line="Email: sent through SMTP ${Email__Smtp__Host:-?}:${Email__Smtp__Port:-587}"
else
    mail_line="Email: written as .eml files to $Email__Pickup__Folder (no mail server needed)"
fi

box() {
    local lines=("$@") w=0 l
    for l in "${lines[@]}"; do [ "${#l}" -gt "$w" ] && w="${#l}"; done
    printf '+%s+\n' "$(printf '%*s' $((w + 2)) '' | tr ' ' '-')"
    for l in "${lines[@]}"; do printf '| %-*s |\n' "$w" "$l"; done
    printf '+%s+\n' "$(printf '%*s' $((w + 2)) '' | tr ' ' '-')"
}
if [ "$instances" -gt 1 ]; then
    # shellcheck source-path=SCRIPTDIR source=lib/instances.sh
    . "$SCRIPT_DIR/lib/instances.sh"
    run_instances
    exit 0
fi

# One instance in a terminal: readable log lines rather than JSON.
export Logging__Console__FormatterName="${Logging__Console__FormatterName:-simple}"
export Logging__Console__FormatterOptions__IncludeScopes="${Logging__Console__FormatterOptions__IncludeScopes:-false}"
echo
box "Streaming: $url" \
    "" \
    "Building and starting (Release, $ASPNETCORE_ENVIRONMENT); demo logins are printed when the data is seeded." \
    "Super admin (demo): $Seed__SuperAdmin__Email, password $Seed__SuperAdmin__Password (Seed__SuperAdmin__Password, read when the first super admin is created)" \
    "PostgreSQL: 127.0.0.1:$STREAMING_PG_PORT, database $STREAMING_PG_DB" \
    "$mail_line" \
    "Ctrl-C stops the app. PostgreSQL keeps running: bash scripts/pg.sh stop"
echo

cd "$REPO_ROOT"
# --no-launch-profile: a launchSettings.json must not override ASPNETCORE_URLS.
exec dotnet run --project src/Web -c Release --no-launch-profile -- ${app_args[@]+"${app_args[@]}"}
