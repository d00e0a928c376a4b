#!/usr/bin/env bash
# A private PostgreSQL cluster for this project.
#
#   bash scripts/pg.sh start    initdb if needed, start (idempotent), wait until ready, ensure the database
#   bash scripts/pg.sh stop     stop the cluster (fast shutdown)
#   bash scripts/pg.sh status   say whether it runs (exit 0 when running, 3 when not)
#   bash scripts/pg.sh env      print `export` lines for the app and the tests (eval "$(bash scripts/pg.sh env)")
#
# Environment:
#   STREAMING_PG_PORT       TCP port on 127.0.0.1 (default 55432)
#   STREAMING_PG_DB         database that `start` creates if missing (default streaming)
#   STREAMING_PG_PORT_AUTO  1 = when the port is taken by something else, use the next free port instead of
#                           failing (run.sh/test.sh set it when STREAMING_PG_PORT was not given)
#
# Data: <repo>/.data/pg, log: <repo>/.data/pg.log. Superuser `streaming`, password `streaming`, TCP only
# (the unix socket is disabled). As root the server runs as the system user `streaming-pg`
# (PostgreSQL refuses root); when that user cannot reach <repo> (e.g. a clone under /root, mode 0700)
# the data lives in /var/tmp/streaming-pg-<hash of the repo path> instead, and .data/pg.log links to its log.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
LOG_PREFIX=pg
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"

PG_USER=streaming
PG_PASSWORD=streaming
PG_HOST=127.0.0.1
PG_OS_USER=streaming-pg
WANT_PORT="${STREAMING_PG_PORT:-55432}"
PG_DB="${STREAMING_PG_DB:-streaming}"
PORT_AUTO="${STREAMING_PG_PORT_AUTO:-0}"

case "$WANT_PORT" in ''|*[!0-9]*) die "STREAMING_PG_PORT must be a number (got '$WANT_PORT')" ;; esac
case "$PG_DB" in ''|*[!A-Za-z0-9_-]*) die "STREAMING_PG_DB may only contain letters, digits, _ and - (got '$PG_DB')" ;; esac

DATA_PARENT="$REPO_ROOT/.data"
FALLBACK_PARENT="/var/tmp/streaming-pg-$(printf '%s' "$REPO_ROOT" | sha1sum | cut -c1-10)"

# ---------------------------------------------------------------- running the server binaries
# As root everything server-side runs as $PG_OS_USER; from / so that an unreadable cwd does not matter.
as_pg() {
    if is_root; then
        (cd / && runuser -u "$PG_OS_USER" -- "$@")
    else
        "$@"
    fi
}

ensure_os_user() {
    is_root || return 0
    if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
        log "creating system user $PG_OS_USER (PostgreSQL refuses to run as root)"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$PG_OS_USER" \
            || die "useradd $PG_OS_USER failed"
    fi
}

# Decides DATA_DIR / LOG_FILE. As root, falls back to /var/tmp when $PG_OS_USER cannot traverse the repo.
USE_FALLBACK=0
choose_data_dir() {
    if is_root; then
        if id -u "$PG_OS_USER" >/dev/null 2>&1; then
            (cd / && runuser -u "$PG_OS_USER" -- test -x "$REPO_ROOT") 2>/dev/null || USE_FALLBACK=1
        elif [ -d "$FALLBACK_PARENT/pg" ]; then
            USE_FALLBACK=1
        fi
    fi
    if [ "$USE_FALLBACK" = 1 ]; then
        DATA_DIR="$FALLBACK_PARENT/pg"
        LOG_FILE="$FALLBACK_PARENT/pg.log"
    else
        DATA_DIR="$DATA_PARENT/pg"
        LOG_FILE="$DATA_PARENT/pg.log"
    fi
}

# Server bin folder: the one matching an existing cluster's version, else the highest installed.
choose_bindir() {
    local v
    if [ -f "$DATA_DIR/PG_VERSION" ]; then
        v="$(cat "$DATA_DIR/PG_VERSION")"
        if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then
            PG_BIN="/usr/lib/postgresql/$v/bin"; return
        fi
        die "the cluster in $DATA_DIR is PostgreSQL $v but /usr/lib/postgresql/$v/bin is not installed" \
            "(install postgresql-$v, or delete $DATA_DIR to start over)"
    fi
    PG_BIN="$(pg_highest_bindir || true)"
    [ -n "$PG_BIN" ] || die "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: run 'bash scripts/setup.sh' first"
}

# Port of the running postmaster (line 4 of postmaster.pid), or nothing.
running_port() {
    [ -f "$DATA_DIR/postmaster.pid" ] && sed -n '4p' "$DATA_DIR/postmaster.pid" 2>/dev/null | tr -d '[:space:]'
}

# True when /proc/<pid> is a live (not zombie) postgres process.
pid_is_live_postgres() {
    local pid="$1" comm state
    [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] || return 1
    comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
    state="$(awk '/^State:/{print $2}' "/proc/$pid/status" 2>/dev/null || true)"
    case "$comm" in postgres|postmaster) ;; *) return 1 ;; esac
    [ "$state" != Z ] && [ "$state" != X ]
}

is_running() {
    [ -f "$DATA_DIR/PG_VERSION" ] && [ -f "$DATA_DIR/postmaster.pid" ] || return 1
    pid_is_live_postgres "$(head -n1 "$DATA_DIR/postmaster.pid" 2>/dev/null | tr -d '[:space:]')" || return 1
    as_pg "$PG_BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

# Port that clients should use: the running cluster's, else the configured one.
effective_port() {
    local p=""
    if [ -f "$DATA_DIR/PG_VERSION" ] && is_running; then p="$(running_port || true)"; fi
    printf '%s\n' "${p:-$WANT_PORT}"
}

psql_q() { # psql_q <db> <sql>
    PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$PG_HOST" -p "$PORT" -U "$PG_USER" -d "$1" -tA -c "$2"
}

# ---------------------------------------------------------------- init
prepare_dirs() {
    local parent="$DATA_PARENT"
    [ "$USE_FALLBACK" = 1 ] && parent="$FALLBACK_PARENT"
    mkdir -p "$DATA_PARENT" "$parent"
    if is_root; then
        if [ "$USE_FALLBACK" = 1 ]; then
            chown "$PG_OS_USER:$PG_OS_USER" "$parent"
            chmod 0700 "$parent"
            ln -sfn "$LOG_FILE" "$DATA_PARENT/pg.log"
        else
            # $PG_OS_USER must be able to enter .data (it does not need to read or write it).
            chmod o+x "$DATA_PARENT"
        fi
        [ -L "$LOG_FILE" ] && rm -f "$LOG_FILE"   # a link left by an earlier fallback run
        touch "$LOG_FILE"
        chown "$PG_OS_USER:$PG_OS_USER" "$LOG_FILE"
    else
        [ -L "$LOG_FILE" ] && rm -f "$LOG_FILE"
        touch "$LOG_FILE"
    fi
}

init_cluster() {
    [ -f "$DATA_DIR/PG_VERSION" ] && return 0
    local tmp="$DATA_DIR.init.$$" pwfile rc=0
    log "initdb $DATA_DIR ($("$PG_BIN/postgres" --version 2>/dev/null || echo "$PG_BIN"))"
    rm -rf "$DATA_DIR" "$DATA_DIR".init.*
    mkdir -p "$tmp"
    chmod 0700 "$tmp"
    pwfile="$tmp.pw"
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    if is_root; then chown -R "$PG_OS_USER:$PG_OS_USER" "$tmp" "$pwfile"; fi
    # C.UTF-8 (glibc built-in) keeps upper()/lower()/ILIKE right for non-ASCII text; fall back to C.
    as_pg "$PG_BIN/initdb" -D "$tmp" --no-sync -A scram-sha-256 -U "$PG_USER" --pwfile="$pwfile" \
        -E UTF8 --locale=C.UTF-8 >>"$LOG_FILE" 2>&1 \
    || { rm -rf "$tmp"; mkdir -p "$tmp"; chmod 0700 "$tmp"; if is_root; then chown "$PG_OS_USER:$PG_OS_USER" "$tmp"; fi
         as_pg "$PG_BIN/initdb" -D "$tmp" --no-sync -A scram-sha-256 -U "$PG_USER" --pwfile="$pwfile" \
            -E UTF8 --no-locale >>"$LOG_FILE" 2>&1; } || rc=$?
    rm -f "$pwfile"
    if [ "$rc" -ne 0 ]; then
        rm -rf "$tmp"
        die "initdb failed (exit $rc); see $LOG_FILE"
    fi
    cat >>"$tmp/postgresql.conf" <<'CONF'

# ---- streaming dev/test cluster (scripts/pg.sh) ----
include_if_exists = 'streaming.conf'
CONF
    mv "$tmp" "$DATA_DIR"
}

write_conf() { # settings rewritten on every start, so that STREAMING_PG_PORT changes take effect
    local f="$DATA_DIR/streaming.conf"
    cat >"$f" <<CONF
# Written by scripts/pg.sh on every start: edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
log_min_messages = warning
log_min_error_statement = error
CONF
    if is_root; then chown "$PG_OS_USER:$PG_OS_USER" "$f"; fi
}

# A postmaster.pid whose process is gone or is not a postgres server: remove it before starting
# (pg_ctl copes with most stale files, but a PID reused by another process after a reboot would block it).
clear_stale_pid() {
    local pidfile="$DATA_DIR/postmaster.pid" pid
    [ -f "$pidfile" ] || return 0
    pid="$(head -n1 "$pidfile" | tr -d '[:space:]')"
    pid_is_live_postgres "$pid" && return 0
    log "removing stale $pidfile (pid ${pid:-?} is not a running postgres)"
    rm -f "$pidfile"
}

next_free_port() {
    local p
    for p in $(seq $((WANT_PORT + 1)) $((WANT_PORT + 100))); do
        port_in_use "$p" || { printf '%s\n' "$p"; return 0; }
    done
    return 1
}

wait_ready() {
    local _
    for _ in $(seq 1 120); do
        if "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PORT" -t 2 >/dev/null 2>&1; then return 0; fi
        sleep 0.25
    done
    return 1
}

ensure_database() {
    local exists
    exists="$(psql_q postgres "select 1 from pg_database where datname = '$PG_DB'")" \
        || die "cannot connect to PostgreSQL on $PG_HOST:$PORT as $PG_USER (see $LOG_FILE)"
    if [ "$exists" != 1 ]; then
        log "creating database $PG_DB"
        psql_q postgres "create database \"$PG_DB\"" >/dev/null || die "create database $PG_DB failed"
    fi
}

# ---------------------------------------------------------------- commands
cmd_start() {
    ensure_os_user
    choose_data_dir
    choose_bindir
    if [ "$USE_FALLBACK" = 1 ]; then
        log "$PG_OS_USER cannot traverse $REPO_ROOT: using $DATA_DIR instead of $DATA_PARENT/pg"
    fi
    prepare_dirs

    if is_running; then
        PORT="$(running_port || true)"; PORT="${PORT:-$WANT_PORT}"
        if [ "$PORT" != "$WANT_PORT" ]; then
            if [ "$PORT_AUTO" = 1 ]; then
                log "already running on port $PORT (port $WANT_PORT was taken when it started)"
            else
                die "the cluster in $DATA_DIR is already running on port $PORT, not $WANT_PORT: run 'bash scripts/pg.sh stop' first"
            fi
        else
            log "already running on $PG_HOST:$PORT ($DATA_DIR)"
        fi
        wait_ready || die "PostgreSQL is running but not ready on $PG_HOST:$PORT (see $LOG_FILE)"
        ensure_database
        return 0
    fi

    init_cluster
    if is_root; then
        # e.g. a data folder created by another user, or copied around
        [ "$(stat -c %U "$DATA_DIR")" = "$PG_OS_USER" ] || chown -R "$PG_OS_USER:$PG_OS_USER" "$DATA_DIR"
    fi
    chmod 0700 "$DATA_DIR"
    clear_stale_pid

    PORT="$WANT_PORT"
    if port_in_use "$PORT"; then
        if [ "$PORT_AUTO" = 1 ]; then
            PORT="$(next_free_port)" || die "ports $WANT_PORT-$((WANT_PORT + 100)) on $PG_HOST are all taken"
            log "port $WANT_PORT on $PG_HOST is taken by another process: using port $PORT"
        else
            die "port $PORT on $PG_HOST is already in use by another process (not this project's cluster in $DATA_DIR). Stop it, or choose another port: STREAMING_PG_PORT=NNNN bash scripts/pg.sh start"
        fi
    fi
    write_conf

    log "starting PostgreSQL on $PG_HOST:$PORT (data $DATA_DIR, log $LOG_FILE)"
    if ! as_pg "$PG_BIN/pg_ctl" start -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 -s >/dev/null; then
        tail -n 20 "$LOG_FILE" >&2 || true
        die "PostgreSQL did not start (see $LOG_FILE)"
    fi
    wait_ready || { tail -n 20 "$LOG_FILE" >&2 || true; die "PostgreSQL started but is not ready on $PG_HOST:$PORT"; }
    ensure_database
    log "ready: postgresql://$PG_USER@$PG_HOST:$PORT/$PG_DB (stop with: bash scripts/pg.sh stop)"
}

cmd_stop() {
    choose_data_dir
    if [ ! -f "$DATA_DIR/PG_VERSION" ]; then log "no cluster in $DATA_DIR: nothing to stop"; return 0; fi
    choose_bindir
    if ! is_running; then log "not running"; return 0; fi
    log "stopping PostgreSQL ($DATA_DIR)"
    as_pg "$PG_BIN/pg_ctl" stop -D "$DATA_DIR" -m fast -w -t 60 -s >/dev/null \
        || die "pg_ctl stop failed (see $LOG_FILE)"
    log "stopped"
}

cmd_status() {
    choose_data_dir
    if [ ! -f "$DATA_DIR/PG_VERSION" ]; then echo "not initialized ($DATA_DIR)"; return 3; fi
    choose_bindir
    if is_running; then
        PORT="$(running_port || true)"
        echo "running on $PG_HOST:${PORT:-?} (data $DATA_DIR, log $LOG_FILE, $("$PG_BIN/postgres" --version 2>/dev/null))"
        return 0
    fi
    echo "not running (data $DATA_DIR)"
    return 3
}

cmd_env() {
    choose_data_dir
    PORT="$WANT_PORT"
    if [ -f "$DATA_DIR/PG_VERSION" ] && [ -n "$(pg_highest_bindir || true)" ]; then
        choose_bindir
        PORT="$(effective_port)"
    fi
    cat <<ENV
export STREAMING_PG_HOST=$PG_HOST
export STREAMING_PG_PORT=$PORT
export STREAMING_PG_USER=$PG_USER
export STREAMING_PG_PASSWORD=$PG_PASSWORD
export STREAMING_PG_DB=$PG_DB
export ConnectionStrings__Default="Host=$PG_HOST;Port=$PORT;Database=$PG_DB;Username=$PG_USER;Password=$PG_PASSWORD"
ENV
}

case "${1:-}" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    env)    cmd_env ;;
    *) echo "usage: bash scripts/pg.sh start|stop|status|env" >&2; exit 2 ;;
esac
