#!/usr/bin/env bash
# Start N Streamlit replicas on one PostgreSQL database behind nginx (sticky sessions,
# websocket proxying), in the foreground; Ctrl-C (or SIGTERM) stops everything it started.
#
#   DATABASE_URL=postgresql://user:pass@host:5432/engagement scripts/serve_cluster.sh 2
#
# Environment (all optional except DATABASE_URL):
#   LISTEN_PORT     nginx port on LISTEN_ADDR (default 8500)
#   LISTEN_ADDR     nginx address (default 127.0.0.1; 0.0.0.0 to serve the network)
#   BASE_PORT       first replica port; replicas use BASE_PORT..BASE_PORT+N-1 (default 8601)
#   REPLICA_PORTS   explicit replica ports, space separated (overrides BASE_PORT)
#   RUN_DIR         pid files, logs, nginx config (default data/cluster)
#   COOKIE_SECRET   server.cookieSecret shared by all replicas (default: made once, kept in
#                   RUN_DIR/cookie_secret, mode 600)
#   POST_SCRIPT_GC  runner.postScriptGC for the replicas (default: .streamlit/config.toml)
#   ENGAGEMENT_CONCURRENT_RUNS  participants' script runs computing at once in each replica
#                   (default 1, votes first; 0 = no gate; see docs/benchmarks.md)
#   SKIP_MIGRATE=1  do not run `python -m engagement init-db` first
#   REFRESH_SECONDS renew statement routing's snapshots of open dialogues every so many
#                   seconds when due (`python -m engagement refresh-snapshots --watch`;
#                   default 30; 0 = not at all); its lines go to RUN_DIR/refresh-snapshots.log
#   ENGAGEMENT_AUDIT_KEY, ENGAGEMENT_SECRETS_DIR  the audit key and the folder of the audit
#                   checkpoint and withdrawal register (default data/secrets), passed on to
#                   every replica: on several machines, the same key everywhere and one folder
#                   all reach (README "Running at scale")
set -euo pipefail

N="${1:-2}"
if ! [[ "$N" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: DATABASE_URL=postgresql://... $0 N   (N replicas, N >= 1)" >&2
    exit 64
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
STREAMLIT="$ROOT/.venv/bin/streamlit"
LISTEN_PORT="${LISTEN_PORT:-8500}"
LISTEN_ADDR="${LISTEN_ADDR:-127.0.0.1}"
BASE_PORT="${BASE_PORT:-8601}"
RUN_DIR="${RUN_DIR:-$ROOT/data/cluster}"
TEMPLATE="$ROOT/deploy/nginx-streamlit.conf.template"

if [[ -z "${DATABASE_URL:-}" ]]; then
    echo "error: set DATABASE_URL to the shared PostgreSQL database (postgresql://...)." >&2
    exit 64
fi
case "$DATABASE_URL" in
    postgresql*) ;;
    *) echo "error: replicas need one shared PostgreSQL database; DATABASE_URL is not" \
            "postgresql://... (SQLite is for a single process)." >&2
       exit 64 ;;
esac
if [[ ! -x "$STREAMLIT" ]]; then
    echo "error: $STREAMLIT is missing; run 'make install' first." >&2
    exit 69
fi

# --- nginx (Debian package) ---------------------------------------------------------------
NGINX="$(command -v nginx || true)"
[[ -z "$NGINX" && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
if [[ -z "$NGINX" ]]; then
    echo "nginx is not installed; installing the Debian package..." >&2
    SUDO=""
    [[ "$(id -u)" != 0 ]] && SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
        || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
    [[ -x "$NGINX" ]] || { echo "error: could not install nginx" >&2; exit 69; }
fi

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # one socket per participant per replica
mkdir -p "$RUN_DIR/nginx-tmp"
chmod 700 "$RUN_DIR"
if [[ -n "${REPLICA_PORTS:-}" ]]; then
    read -r -a PORTS <<<"$REPLICA_PORTS"
    if [[ "${#PORTS[@]}" != "$N" ]]; then
        echo "error: REPLICA_PORTS has ${#PORTS[@]} ports for $N replicas" >&2
        exit 64
    fi
else
    PORTS=()
    for ((i = 0; i < N; i++)); do PORTS+=("$((BASE_PORT + i))"); done
fi

# One cookie secret for every replica: cookies (XSRF, sign-in) signed by one replica must
# verify on the others after a reconnect lands elsewhere.
if [[ -z "${COOKIE_SECRET:-}" ]]; then
    if [[ ! -s "$RUN_DIR/cookie_secret" ]]; then
        (umask 077 && "$PY" -c 'import secrets; print(secrets.token_hex(32))' \
            >"$RUN_DIR/cookie_secret")
    fi
    COOKIE_SECRET="$(cat "$RUN_DIR/cookie_secret")"
fi

PIDS=()
NGINX_CONF="$RUN_DIR/nginx.conf"
cleanup() {
    trap - EXIT INT TERM
    if [[ -s "$RUN_DIR/nginx.pid" ]]; then
        "$NGINX" -c "$NGINX_CONF" -p "$RUN_DIR" -s stop 2>/dev/null \
            || kill "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null || true
    fi
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -f "$RUN_DIR"/replica-*.pid "$RUN_DIR"/refresh-snapshots.pid
    echo "cluster stopped" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "${SKIP_MIGRATE:-0}" != 1 ]]; then
    "$PY" -m engagement init-db  # once, before any replica: no migration races
fi

GC_ARGS=()
[[ -n "${POST_SCRIPT_GC:-}" ]] && GC_ARGS=(--runner.postScriptGC "$POST_SCRIPT_GC")
for ((i = 0; i < N; i++)); do
    port="${PORTS[$i]}"
    STREAMLIT_SERVER_COOKIE_SECRET="$COOKIE_SECRET" DATABASE_URL="$DATABASE_URL" \
        "$STREAMLIT" run "$ROOT/serve.py" \
        --server.address 127.0.0.1 --server.port "$port" --server.headless true \
        --browser.gatherUsageStats false --server.fileWatcherType none \
        --server.runOnSave false "${GC_ARGS[@]}" \
        >"$RUN_DIR/replica-$port.log" 2>&1 </dev/null &
    PIDS+=("$!")
    echo "$!" >"$RUN_DIR/replica-$port.pid"
done

# Routing's snapshots are renewed by the staff screens while they are open; this covers the
# dialogues nobody is watching (online sessions). One watcher for the whole cluster.
REFRESH_SECONDS="${REFRESH_SECONDS:-30}"
if ! [[ "$REFRESH_SECONDS" =~ ^[0-9]+$ ]]; then
    echo "error: REFRESH_SECONDS must be a whole number of seconds (0 = no watcher)" >&2
    exit 64
fi
if [[ "$REFRESH_SECONDS" != 0 ]]; then
    DATABASE_URL="$DATABASE_URL" "$PY" -m engagement refresh-snapshots \
        --watch "$REFRESH_SECONDS" >"$RUN_DIR/refresh-snapshots.log" 2>&1 </dev/null &
    REFRESHER=$!
    PIDS+=("$REFRESHER")
    echo "$REFRESHER" >"$RUN_DIR/refresh-snapshots.pid"
fi

healthy() { "$PY" - "$1" <<'EOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=3) as r:
        sys.exit(0 if r.status == 200 else 1)
except OSError:
    sys.exit(1)
EOF
}
for ((i = 0; i < N; i++)); do
    port="${PORTS[$i]}"
    for attempt in $(seq 1 300); do
        healthy "http://127.0.0.1:$port/_stcore/health" && break
        if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
            echo "error: replica on port $port exited:" >&2
            tail -20 "$RUN_DIR/replica-$port.log" >&2
            exit 70
        fi
        if [[ "$attempt" == 300 ]]; then
            echo "error: replica on port $port not healthy after 150 s" >&2
            exit 70
        fi
        sleep 0.5
    done
    echo "replica $((i + 1))/$N ready on 127.0.0.1:$port (pid ${PIDS[$i]})" >&2
done

UPSTREAMS=""
for port in "${PORTS[@]}"; do
    UPSTREAMS+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
USER_LINE=""
if [[ "$(id -u)" == 0 ]]; then  # nginx's workers drop root; let them use the temp folders
    worker_user="www-data"
    id "$worker_user" >/dev/null 2>&1 || worker_user="nobody"
    USER_LINE="user $worker_user;"
    chown -R "$worker_user" "$RUN_DIR/nginx-tmp"
    chmod 711 "$RUN_DIR"
fi
"$PY" - "$TEMPLATE" "$NGINX_CONF" "$RUN_DIR" "$LISTEN_ADDR:$LISTEN_PORT" "$USER_LINE" \
    "$UPSTREAMS" <<'EOF'
import sys
template, out, run_dir, listen, user_line, upstreams = sys.argv[1:]
text = open(template).read()
for key, value in (("@RUN_DIR@", run_dir), ("@LISTEN@", listen), ("@USER_LINE@", user_line),
                   ("@UPSTREAMS@", upstreams.rstrip("\n"))):
    text = text.replace(key, value)
open(out, "w").write(text)
EOF
"$NGINX" -t -q -c "$NGINX_CONF" -p "$RUN_DIR" 2>&1 | grep -v "could not open error log" >&2 || true
"$NGINX" -c "$NGINX_CONF" -p "$RUN_DIR" -g "daemon on;"
for attempt in $(seq 1 100); do
    healthy "http://$LISTEN_ADDR:$LISTEN_PORT/nginx-health" && break
    [[ "$attempt" == 100 ]] && { echo "error: nginx did not answer" >&2; exit 70; }
    sleep 0.2
done
[[ "$LISTEN_ADDR" == 0.0.0.0 ]] && shown=127.0.0.1 || shown="$LISTEN_ADDR"
echo "CLUSTER READY: http://$shown:$LISTEN_PORT/ -> ${PORTS[*]} (pid $$)"

# Stay in the foreground while every replica runs; stop all when one dies or on a signal.
while true; do
    for ((i = 0; i < N; i++)); do
        if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
            echo "error: replica on port ${PORTS[$i]} stopped; stopping the cluster" >&2
            exit 1
        fi
    done
    sleep 1 &
    wait $! || true
done
