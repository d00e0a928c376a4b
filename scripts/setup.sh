#!/usr/bin/env bash
# Installs what this project needs on a Debian 12 machine, idempotently:
#   ffmpeg + ffprobe, chromium (/usr/bin/chromium), PostgreSQL server binaries, node + npm,
#   redis-server and nginx (the tests and `run.sh --instances N` start private ones; no system service is used),
#   then `dotnet tool restore` and `npm ci` when the repo has a tool manifest / package.json.
# Runs as root (CI) or as a normal user with sudo. A second run installs nothing and runs no apt.
# The .NET SDK 10 cannot come from apt: when it is missing this script says so and exits 1.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
LOG_PREFIX=setup
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 -qq)

# ---------------------------------------------------------------- system packages
missing_pkgs=()
need() { missing_pkgs+=("$1"); log "missing: $2 (apt package $1)"; }

{ have ffmpeg && have ffprobe; } || need ffmpeg "ffmpeg/ffprobe"
[ -x /usr/bin/chromium ] || need chromium "/usr/bin/chromium"
[ -n "$(pg_highest_bindir || true)" ] || need postgresql "PostgreSQL server (/usr/lib/postgresql/*/bin/initdb)"
have node || need nodejs "node"
have npm || need npm "npm"
have redis-server || need redis-server "redis-server"
[ -x /usr/sbin/nginx ] || need nginx "/usr/sbin/nginx"
have curl || need curl "curl"

apt_update() {
    # apt-get update takes the lists lock without waiting: retry while someone else holds it.
    local i
    for i in $(seq 1 40); do
        if as_root apt-get "${APT_OPTS[@]}" update; then return 0; fi
        [ "$i" -lt 40 ] || return 1
        log "apt-get update failed (another apt may be running); retrying in 15 s ($i/40)"
        sleep 15
    done
}

if [ "${#missing_pkgs[@]}" -gt 0 ]; then
    if ! can_be_root; then
        {
            echo "[setup] ERROR: these packages are missing and I am neither root nor able to use sudo."
            echo "[setup] Ask an administrator to run:"
            echo "    apt-get update && apt-get install -y --no-install-recommends ${missing_pkgs[*]}"
        } >&2
        exit 1
    fi
    log "installing with apt: ${missing_pkgs[*]}"
    apt_update || die "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y --no-install-recommends \
        "${missing_pkgs[@]}" >/dev/null \
        || die "apt-get install ${missing_pkgs[*]} failed"
    # Verify.
    { have ffmpeg && have ffprobe; } || die "ffmpeg/ffprobe still missing after install"
    [ -x /usr/bin/chromium ] || die "/usr/bin/chromium still missing after install"
    [ -n "$(pg_highest_bindir || true)" ] || die "PostgreSQL server binaries still missing after install"
    have node || die "node still missing after install"
    have npm || die "npm still missing after install"
    have redis-server || die "redis-server still missing after install"
    [ -x /usr/sbin/nginx ] || die "/usr/sbin/nginx still missing after install"
    log "installed: ${missing_pkgs[*]}"
else
    log "system packages present (ffmpeg, chromium, postgresql $(basename "$(dirname "$(pg_highest_bindir)")"), node $(node --version), redis-server, nginx)"
fi

# ---------------------------------------------------------------- .NET SDK
DOTNET_DOCS="https://learn.microsoft.com/dotnet/core/install/linux-debian"
if ! have dotnet; then
    {
        echo "[setup] ERROR: 'dotnet' is not installed. This project needs the .NET SDK 10."
        echo "[setup] It is not in Debian's apt repositories: install it as described at"
        echo "[setup]   $DOTNET_DOCS"
        echo "[setup] (or with the dotnet-install script: https://learn.microsoft.com/dotnet/core/tools/dotnet-install-script, --channel 10.0)"
    } >&2
    exit 1
fi
if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
    {
        echo "[setup] ERROR: the .NET SDK 10 is not installed (found: $(dotnet --list-sdks 2>/dev/null | awk '{print $1}' | tr '\n' ' '))."
        echo "[setup] Install it as described at $DOTNET_DOCS"
    } >&2
    exit 1
fi
log "dotnet SDK $(dotnet --list-sdks | awk '/^10\./{v=$1} END{print v}') present"

# ---------------------------------------------------------------- dotnet local tools
STAMP_DIR="$REPO_ROOT/.data/setup"
if [ -f "$REPO_ROOT/.config/dotnet-tools.json" ]; then
    stamp="$STAMP_DIR/dotnet-tools.stamp"
    if [ -f "$stamp" ] && [ ! "$REPO_ROOT/.config/dotnet-tools.json" -nt "$stamp" ] && [ -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}" ]; then
        log "dotnet tools already restored"
    else
        log "dotnet tool restore"
        (cd "$REPO_ROOT" && dotnet tool restore >/dev/null) || die "dotnet tool restore failed"
        mkdir -p "$STAMP_DIR" && touch "$stamp"
    fi
fi

# ---------------------------------------------------------------- npm packages
if [ -f "$REPO_ROOT/package.json" ]; then
    nm="$REPO_ROOT/node_modules"
    stamp="$nm/.streaming-setup.stamp"
    lock="$REPO_ROOT/package-lock.json"
    if [ -f "$stamp" ] && [ ! "$REPO_ROOT/package.json" -nt "$stamp" ] && { [ ! -f "$lock" ] || [ ! "$lock" -nt "$stamp" ]; }; then
        log "node_modules up to date"
    else
        if [ -f "$lock" ]; then
            log "npm ci"
            (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error </dev/null >/dev/null) || die "npm ci failed"
        else
            log "npm install (no package-lock.json)"
            (cd "$REPO_ROOT" && npm install --no-audit --no-fund --loglevel=error </dev/null >/dev/null) || die "npm install failed"
        fi
        touch "$stamp"
    fi
fi

log "done"
