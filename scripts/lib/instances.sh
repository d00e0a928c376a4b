# shellcheck shell=bash
# `bash scripts/run.sh --instances N`: N app instances on one PostgreSQL behind a private nginx,
# joined by a private redis-server, as a load-balanced production set-up would be (docs/operations.md).
# Sourced by run.sh after PostgreSQL is up and the environment is exported; uses its variables:
#   REPO_ROOT, port (the public port), instances, app_args
# Everything lives under .data/instances/ (pids, logs, nginx configuration); Ctrl-C stops it all
# (PostgreSQL keeps running, as with one instance).

RUN_DIR="$REPO_ROOT/.data/instances"
NGINX_DIR="$RUN_DIR/nginx"
REDIS_DIR="$RUN_DIR/redis"
child_pids=()

# Stops what an earlier run left behind (a killed terminal), by the pid files it wrote.
stop_leftovers() {
    local f pid
    for f in "$NGINX_DIR/nginx.pid" "$REDIS_DIR/redis.pid" "$RUN_DIR"/app-*.pid; do
        [ -f "$f" ] || continue
        pid="$(cat "$f" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            log "stopping process $pid left by an earlier run ($(basename "$f"))"
            kill "$pid" 2>/dev/null || true
        fi
        rm -f "$f"
    done
}

stop_all() {
    trap - INT TERM EXIT
    log "stopping nginx, the app instances and redis-server"
    [ -f "$NGINX_DIR/nginx.pid" ] && /usr/sbin/nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" -s quit 2>/dev/null || true
    local pid
    for pid in ${child_pids[@]+"${child_pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
    for pid in ${child_pids[@]+"${child_pids[@]}"}; do wait "$pid" 2>/dev/null || true; done
    rm -f "$RUN_DIR"/app-*.pid
}

wait_ready() { # wait_ready <url> <what> <pid>
    local i
    for i in $(seq 1 180); do
        if curl -fsS -o /dev/null "$1/healthz/ready" 2>/dev/null; then return 0; fi
        kill -0 "$3" 2>/dev/null || die "$2 stopped while starting: see its log"
        sleep 1
    done
    die "$2 did not become ready within 3 minutes"
}

run_instances() {
    [ "$instances" -ge 2 ] && [ "$instances" -le 8 ] || die "--instances must be between 2 and 8 (got $instances)"
    have curl || die "curl is needed to wait for the instances"
    mkdir -p "$RUN_DIR" "$NGINX_DIR/temp" "$REDIS_DIR"
    stop_leftovers

    local first_app_port=$((port + 1)) redis_port=$((port + 100)) i p
    for p in "$redis_port" $(seq "$first_app_port" $((port + instances))); do
        port_in_use "$p" && die "port $p is in use; choose another public port: bash scripts/run.sh --instances $instances --port 6000"
    done

    log "building the app (Release)"
    (cd "$REPO_ROOT" && dotnet build src/Web -c Release -nologo -v q) >/dev/null || die "the build failed (run: dotnet build src/Web -c Release)"

    trap stop_all EXIT
    trap 'exit 130' INT TERM

    log "starting redis-server on 127.0.0.1:$redis_port"
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$REDIS_DIR" --save "" --appendonly no \
        --daemonize no --logfile "$REDIS_DIR/redis.log" >/dev/null 2>&1 &
    child_pids+=("$!")
    echo "$!" >"$REDIS_DIR/redis.pid"

    export Redis__Configuration="127.0.0.1:$redis_port"
    export Security__TrustedProxies__0="127.0.0.1"
    # Prometheus scrapes each instance with this token (never through nginx); a fresh one per run.
    export Observability__PrometheusScrapeToken="${Observability__PrometheusScrapeToken:-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}"
    local upstreams=""
    for i in $(seq 1 "$instances"); do
        p=$((port + i))
        upstreams+="        server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"$'\n'
        # One instance migrates and seeds first; the others start on a ready database.
        log "starting app-$i on 127.0.0.1:$p (log: .data/instances/app-$i.log)"
        ASPNETCORE_URLS="http://127.0.0.1:$p" Jobs__InstanceId="app-$i" Observability__InstanceId="app-$i" \
            dotnet "$REPO_ROOT/src/Web/bin/Release/net10.0/Streaming.Web.dll" --contentRoot "$REPO_ROOT/src/Web" \
            ${app_args[@]+"${app_args[@]}"} >"$RUN_DIR/app-$i.log" 2>&1 &
        child_pids+=("$!")
        echo "$!" >"$RUN_DIR/app-$i.pid"
        [ "$i" -gt 1 ] || wait_ready "http://127.0.0.1:$p" "app-1" "$!"
    done
    for i in $(seq 2 "$instances"); do wait_ready "http://127.0.0.1:$((port + i))" "app-$i" "$(cat "$RUN_DIR/app-$i.pid")"; done

    sed -e "s#__DIR__#$NGINX_DIR#g" -e "s#__LISTEN__#127.0.0.1:$port#g" "$REPO_ROOT/deploy/nginx.conf.template" \
        | awk -v upstreams="$upstreams" '{ if ($0 == "__UPSTREAMS__") printf "%s", upstreams; else print }' >"$NGINX_DIR/nginx.conf"
    /usr/sbin/nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" -t -q || die "nginx refused its configuration ($NGINX_DIR/nginx.conf)"
    /usr/sbin/nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" || die "nginx did not start (see $NGINX_DIR/error.log)"

    echo
    box "Streaming: $url   ($instances instances behind nginx, one PostgreSQL, Redis)" \
        "" \
        "Super admin (demo): $Seed__SuperAdmin__Email, password $Seed__SuperAdmin__Password" \
        "Instructors: maya@demo.streaming.local, leo@demo.streaming.local; members: ana@, ben@, cleo@demo.streaming.local (password Demo-pass-1)" \
        "Instances: $(for i in $(seq 1 "$instances"); do printf 'app-%s http://127.0.0.1:%s  ' "$i" $((port + i)); done)" \
        "Logs (JSON): .data/instances/app-N.log; nginx: .data/instances/nginx/access.log (upstream= shows which instance served)" \
        "Metrics: curl -H 'Authorization: Bearer $Observability__PrometheusScrapeToken' http://127.0.0.1:$first_app_port/metrics" \
        "$mail_line (every instance; the outbox job sends each email once)" \
        "Ctrl-C stops nginx, the instances and Redis. PostgreSQL keeps running: bash scripts/pg.sh stop"
    echo

    # Until Ctrl-C, or until an instance or Redis stops by itself.
    wait -n "${child_pids[@]}" || true
    warn "a process stopped (see .data/instances/); stopping the rest"
}
