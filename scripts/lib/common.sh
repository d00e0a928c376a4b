# shellcheck shell=bash
# Helpers shared by the scripts in scripts/. Source it after setting REPO_ROOT, e.g.:
#   SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
#   REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
#   . "$SCRIPT_DIR/lib/common.sh"

: "${REPO_ROOT:?REPO_ROOT must be set before sourcing common.sh}"

# Prefix for progress messages; each script sets its own (setup, pg, run, test).
LOG_PREFIX="${LOG_PREFIX:-streaming}"

log()  { printf '[%s] %s\n' "$LOG_PREFIX" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$LOG_PREFIX" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$LOG_PREFIX" "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when we are root, through sudo otherwise.
# Returns 127 when neither is possible.
as_root() {
    if is_root; then
        "$@"
    elif have sudo; then
        if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
    else
        return 127
    fi
}

can_be_root() { is_root || have sudo; }

# Highest installed PostgreSQL server bin folder (/usr/lib/postgresql/<major>/bin), or nothing.
pg_highest_bindir() {
    local d best="" best_v=-1 v
    for d in /usr/lib/postgresql/*/bin; do
        if [ ! -x "$d/initdb" ] || [ ! -x "$d/pg_ctl" ]; then continue; fi
        v="${d#/usr/lib/postgresql/}"; v="${v%/bin}"
        case "$v" in ''|*[!0-9]*) continue ;; esac
        if [ "$v" -gt "$best_v" ]; then best_v="$v"; best="$d"; fi
    done
    [ -n "$best" ] && printf '%s\n' "$best"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Non-interactive, quiet dotnet CLI.
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
