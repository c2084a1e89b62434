#!/usr/bin/env bash
# Local PostgreSQL 15 + RabbitMQ 3.10 for development and tests, without Docker.
# Usage: infra/local/servers.sh start|stop|status [postgres|rabbitmq]   (both when no server is named)
#        infra/local/servers.sh stop-node|start-node N                  (one node of a RabbitMQ cluster, 1..N)
# All data lives under $ROOT/.local/ (git-ignored; INTEL_LOCAL_DIR moves it). Everything listens on 127.0.0.1 only.
# The reliability tests start private copies with other ports and folders, then stop and start them as faults.
#
# Environment (defaults in brackets):
#   INTEL_LOCAL_DIR                  where data lives [$ROOT/.local]
#   INTEL_PG_PORT [5432]             INTEL_PG_FAST [0] (1: fsync/synchronous_commit/full_page_writes off, tests only)
#   INTEL_RABBIT_PORT [5672]         AMQP port (of node 1 in a cluster)
#   INTEL_RABBIT_MGMT_PORT [15672]   management HTTP port (of node 1)
#   INTEL_RABBIT_PROMETHEUS_PORT [15692]  rabbitmq_prometheus port (of node 1)
#   INTEL_RABBIT_DIST_PORT [25672]   Erlang distribution port (of node 1)
#   INTEL_RABBIT_NODE [intelligence@localhost]  node name; in a cluster node i is <name>-i@<host>
#   ERL_EPMD_PORT [4371]             the project's own epmd (one for every node), never the shared 4369
#   INTEL_RABBIT_NODES [1]           1: one node, as always. N > 1: a cluster of N nodes on loopback. Node i (1..N)
#                                    takes every port above plus i-1, its own folder $LOCAL/rabbitmq/<name>-i, and
#                                    the one Erlang cookie in $LOCAL/rabbitmq/home; nodes 2..N join node 1. The CLI
#                                    talking to node i listens on its dist port + 10000..10010: the script refuses
#                                    ports that fall in any node's such range.
#   INTEL_USE_DOCKER [0]             1 and a reachable Docker engine: docker compose for postgres and rabbitmq
set -euo pipefail

SCRIPT_DIR="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
ROOT="$(readlink -f "$SCRIPT_DIR/../..")"
LOCAL="${INTEL_LOCAL_DIR:-$ROOT/.local}"

# ---- settings (environment overrides) --------------------------------------
PG_PORT="${INTEL_PG_PORT:-5432}"
PG_FAST="${INTEL_PG_FAST:-0}"
RABBIT_PORT="${INTEL_RABBIT_PORT:-5672}"
RABBIT_MGMT_PORT="${INTEL_RABBIT_MGMT_PORT:-15672}"
RABBIT_PROM_PORT="${INTEL_RABBIT_PROMETHEUS_PORT:-15692}"
RABBIT_DIST_PORT="${INTEL_RABBIT_DIST_PORT:-25672}"
RABBIT_NODE="${INTEL_RABBIT_NODE:-intelligence@localhost}"
EPMD_PORT="${ERL_EPMD_PORT:-4371}"
PG_DATABASES=(releases pricing regulation adoption)
RABBIT_VHOST=tests

PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR="$LOCAL/postgres"
PG_DATA="$PG_DIR/data"
PG_RUN="$PG_DIR/run"
PG_LOG="$PG_DIR/postgres.log"

RABBIT_BIN=/usr/lib/rabbitmq/bin
RABBIT_DIR="$LOCAL/rabbitmq"

log() { printf '[servers] %s\n' "$*"; }
die() { printf '[servers] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- PostgreSQL -------------------------------------------------------------
as_pg() {
  # postgres refuses to run as root: switch to the postgres user when root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_running() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

pg_psql() {
  PGPASSWORD=postgres PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres \
    -d postgres -v ON_ERROR_STOP=1 -X -q "$@"
}

pg_prepare_dirs() {
  [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL 15 not found in $PG_BIN (apt-get install -y postgresql-15)"
  mkdir -p "$PG_DATA" "$PG_RUN"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (install postgresql-15)"
    chown -R postgres:postgres "$PG_DIR"
    chmod 700 "$PG_DATA"
    # The postgres user must be able to traverse every path component.
    local d="$PG_DIR"
    while [ "$d" != "/" ]; do
      if ! runuser -u postgres -- test -x "$d"; then
        case "$d" in
          "$ROOT"|"$ROOT"/*) log "chmod o+x $d (so the postgres user can reach its data)"; chmod o+x "$d" ;;
          *) die "user postgres cannot traverse $d (outside the repo; fix its permissions)" ;;
        esac
      fi
      d="$(dirname "$d")"
    done
  fi
}

pg_start() {
  pg_prepare_dirs
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "postgres: initdb $PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed (log: $PG_DIR/initdb.log)"; }
  fi
  if pg_running; then
    log "postgres: already running (data $PG_DATA)"
  else
    local opts="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_RUN -c max_connections=300"
    if [ "$PG_FAST" = "1" ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
      log "postgres: INTEL_PG_FAST=1 -> fsync/synchronous_commit/full_page_writes off (not durable)"
    fi
    log "postgres: starting on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -o "$opts" start >/dev/null \
      || { tail -n 30 "$PG_LOG" >&2 || true; die "postgres failed to start (log: $PG_LOG)"; }
  fi
  local db
  for db in "${PG_DATABASES[@]}"; do
    if [ "$(pg_psql -tA -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
      log "postgres: CREATE DATABASE $db"
      pg_psql -c "CREATE DATABASE \"$db\""
    fi
  done
  pg_psql -c "ALTER USER postgres PASSWORD 'postgres'"
}

pg_stop() {
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then log "postgres: not initialised ($PG_DATA), nothing to stop"; return 0; fi
  if pg_running; then
    log "postgres: stopping"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    log "postgres: stopped"
  else
    log "postgres: not running"
  fi
}

# ---- RabbitMQ ---------------------------------------------------------------
# One node (INTEL_RABBIT_NODES=1) keeps today's names and folders; in a cluster every node has a folder of its own,
# while HOME (the Erlang cookie) and epmd are shared: nodes must present the same cookie to cluster, and register
# with the same epmd to find each other.
RABBIT_NODES="${INTEL_RABBIT_NODES:-1}"
case "$RABBIT_NODES" in ''|*[!0-9]*|0) die "INTEL_RABBIT_NODES must be a positive number, not '$RABBIT_NODES'" ;; esac
RABBIT_HOME="$RABBIT_DIR/home"

# Selects node $1 (1..RABBIT_NODES): the NODE_* variables the functions below read.
rabbit_node() {
  local i="$1" offset=$(($1 - 1))
  NODE_INDEX="$i"
  NODE_PORT=$((RABBIT_PORT + offset))
  NODE_MGMT_PORT=$((RABBIT_MGMT_PORT + offset))
  NODE_PROM_PORT=$((RABBIT_PROM_PORT + offset))
  NODE_DIST_PORT=$((RABBIT_DIST_PORT + offset))
  if [ "$RABBIT_NODES" -eq 1 ]; then
    NODE_NAME="$RABBIT_NODE"
    NODE_DIR="$RABBIT_DIR"
  else
    NODE_NAME="${RABBIT_NODE%@*}-$i@${RABBIT_NODE#*@}"
    NODE_DIR="$RABBIT_DIR/${NODE_NAME%@*}"
  fi
  NODE_PID="$NODE_DIR/rabbitmq.pid"
}

rabbit_check_node_index() {
  case "$1" in ''|*[!0-9]*) die "node number expected (1..$RABBIT_NODES), not '$1'" ;; esac
  [ "$1" -ge 1 ] && [ "$1" -le "$RABBIT_NODES" ] || die "node $1 does not exist (INTEL_RABBIT_NODES=$RABBIT_NODES)"
}

# Every port of every node must stay clear of every node's CLI distribution range (dist + 10000..10010), or a
# rabbitmqctl call could take a port a node needs; and no two ports may be the same.
rabbit_check_ports() {
  [ "$RABBIT_NODES" -gt 1 ] || return 0
  local i j p ports=()
  for i in $(seq 1 "$RABBIT_NODES"); do
    rabbit_node "$i"; ports+=("$NODE_PORT" "$NODE_MGMT_PORT" "$NODE_PROM_PORT" "$NODE_DIST_PORT")
  done
  ports+=("$EPMD_PORT")
  [ "$(printf '%s\n' "${ports[@]}" | sort -u | wc -l)" -eq "${#ports[@]}" ] \
    || die "RabbitMQ cluster ports overlap: ${ports[*]}"
  for j in $(seq 1 "$RABBIT_NODES"); do
    rabbit_node "$j"
    for p in "${ports[@]}"; do
      if [ "$p" -ge $((NODE_DIST_PORT + 10000)) ] && [ "$p" -le $((NODE_DIST_PORT + 10010)) ]; then
        die "port $p falls in node $j's CLI distribution range $((NODE_DIST_PORT + 10000))-$((NODE_DIST_PORT + 10010))"
      fi
    done
  done
}

rabbit_env() {
  export RABBITMQ_NODENAME="$NODE_NAME"
  export RABBITMQ_CONF_ENV_FILE="$NODE_DIR/rabbitmq-env.conf"   # ignore /etc/rabbitmq/rabbitmq-env.conf
  export RABBITMQ_CONFIG_FILE="$NODE_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$NODE_DIR/advanced.config"
  export RABBITMQ_MNESIA_BASE="$NODE_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$NODE_DIR/log"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$NODE_DIR/enabled_plugins"
  export RABBITMQ_PID_FILE="$NODE_PID"
  export RABBITMQ_DIST_PORT="$NODE_DIST_PORT"
  if [ "$RABBIT_NODES" -gt 1 ]; then
    # Debian's rabbitmq-env gives every CLI call ports 35672-35682 whatever the node; a cluster's CLI takes its
    # node's dist port + 10000 instead, the range rabbit_check_ports keeps clear.
    export RABBITMQ_CTL_DIST_PORT_MIN=$((NODE_DIST_PORT + 10000))
    export RABBITMQ_CTL_DIST_PORT_MAX=$((NODE_DIST_PORT + 10010))
  fi
  export HOME="$RABBIT_HOME"   # same HOME for server and CLI, and for every node: the Erlang cookie lives here
  export ERL_EPMD_PORT="$EPMD_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

rabbitmqctl() { ( rabbit_env; "$RABBIT_BIN/rabbitmqctl" "$@" ); }

rabbit_pid_alive() {
  [ -s "$NODE_PID" ] && kill -0 "$(cat "$NODE_PID")" 2>/dev/null
}

rabbit_registered() {
  # Is the node registered with the project's epmd? (epmd -names never starts an epmd.)
  ( rabbit_env; epmd -port "$EPMD_PORT" -names 2>/dev/null ) | grep -q "^name ${NODE_NAME%@*} at port "
}

rabbit_running() {
  [ -x "$RABBIT_BIN/rabbitmqctl" ] || return 1
  # Cheap checks first: calling the CLI when no node exists would spawn an epmd on our port.
  rabbit_pid_alive || rabbit_registered || return 1
  rabbitmqctl --timeout 15 -q status >/dev/null 2>&1
}

rabbit_ensure_installed() {
  [ -x "$RABBIT_BIN/rabbitmq-server" ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "rabbitmq: not installed, running apt-get install -y rabbitmq-server"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y rabbitmq-server
    [ -x "$RABBIT_BIN/rabbitmq-server" ] || die "rabbitmq-server installed but $RABBIT_BIN/rabbitmq-server is missing"
  else
    die "RabbitMQ is not installed ($RABBIT_BIN/rabbitmq-server missing). Install it, e.g.: sudo apt-get install -y rabbitmq-server"
  fi
}

rabbit_write_cookie() {
  [ "$RABBIT_NODES" -gt 1 ] || return 0   # one node: Erlang makes its own cookie on first start, as always
  # One cookie for the whole cluster, written before any node starts (Erlang would otherwise make one per first
  # node to start, racing when they start together).
  mkdir -p "$RABBIT_HOME"
  chmod 700 "$RABBIT_HOME"
  [ -s "$RABBIT_HOME/.erlang.cookie" ] && return 0
  ( umask 077; od -An -N20 -tx1 /dev/urandom | tr -d ' \n' | tr 'a-f' 'A-F' >"$RABBIT_HOME/.erlang.cookie" )
  chmod 400 "$RABBIT_HOME/.erlang.cookie"
}

rabbit_write_config() {
  mkdir -p "$NODE_DIR/mnesia" "$NODE_DIR/log" "$RABBIT_HOME"
  chmod 700 "$RABBIT_HOME"
  : >"$NODE_DIR/rabbitmq-env.conf"
  cat >"$NODE_DIR/rabbitmq.conf" <<CONF
# Generated by infra/local/servers.sh - edits are overwritten on start.
listeners.tcp.default = 127.0.0.1:$NODE_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $NODE_MGMT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $NODE_PROM_PORT
CONF
  echo '[rabbitmq_management,rabbitmq_prometheus].' >"$NODE_DIR/enabled_plugins"
  rabbit_tls
}

# A single node also takes AMQP over TLS on its AMQP port - 1 (5671 by default), for the apps' RabbitMq:UseTls: a
# certificate for 127.0.0.1 and localhost, signed by a local CA made on first start (<node dir>/tls/ca.pem, the file
# RabbitMq:TlsCaFile names). Not in a cluster, whose nodes' ports are one apart.
rabbit_tls() {
  [ "$RABBIT_NODES" -eq 1 ] || return 0
  local dir="$NODE_DIR/tls"
  if [ ! -s "$dir/server.pem" ]; then
    command -v openssl >/dev/null 2>&1 || die "openssl is needed for the broker's TLS certificate (apt-get install -y openssl)"
    mkdir -p "$dir"
    (
      umask 077
      cd "$dir"
      openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/CN=Intelligence local CA" \
        && openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" \
        && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext \
        && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 3650 -extfile server.ext
    ) >"$NODE_DIR/log/tls.out" 2>&1 || die "rabbitmq: could not make the TLS certificate (see $NODE_DIR/log/tls.out)"
    chmod 644 "$dir/ca.pem"
  fi
  cat >>"$NODE_DIR/rabbitmq.conf" <<CONF
listeners.ssl.default = 127.0.0.1:$((NODE_PORT - 1))
ssl_options.cacertfile = $dir/ca.pem
ssl_options.certfile = $dir/server.pem
ssl_options.keyfile = $dir/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
CONF
}

# Starts the selected node's process without waiting for it (a cluster's nodes start together: a node that was
# stopped last waits for its peers before it opens).
rabbit_launch() {
  rabbit_write_config
  if rabbit_running; then
    log "rabbitmq: already running (node $NODE_NAME)"
    return 0
  fi
  if rabbit_pid_alive; then
    log "rabbitmq: process $(cat "$NODE_PID") exists but does not answer yet; waiting"
  else
    rm -f "$NODE_PID"
    log "rabbitmq: starting node $NODE_NAME on 127.0.0.1:$NODE_PORT (management $NODE_MGMT_PORT, dist $NODE_DIST_PORT, epmd port $EPMD_PORT)"
    ( rabbit_env; "$RABBIT_BIN/rabbitmq-server" -detached ) >>"$NODE_DIR/log/start.out" 2>&1
  fi
}

rabbit_wait() {
  rabbitmqctl --timeout 120 wait "$NODE_PID" >/dev/null \
    || { tail -n 30 "$NODE_DIR/log/"*.log >&2 2>/dev/null || true; die "rabbitmq node $NODE_NAME failed to start (logs: $NODE_DIR/log)"; }
}

# Makes the selected node (2..N) a member of node 1's cluster, once: a member remembers its cluster across restarts.
rabbit_join() {
  local first
  first="$(rabbit_node 1; echo "$NODE_NAME")"
  rabbit_node "$1"
  if rabbitmqctl -q cluster_status --formatter json | grep -q "\"$first\""; then
    return 0
  fi
  log "rabbitmq: $NODE_NAME joins $first"
  rabbitmqctl -q stop_app >/dev/null
  rabbitmqctl -q join_cluster "$first" >/dev/null
  rabbitmqctl -q start_app >/dev/null
}

rabbit_start() {
  rabbit_ensure_installed
  rabbit_check_ports
  rabbit_write_cookie
  local i
  for i in $(seq 1 "$RABBIT_NODES"); do rabbit_node "$i"; rabbit_launch; done
  for i in $(seq 1 "$RABBIT_NODES"); do rabbit_node "$i"; rabbit_wait; done
  for i in $(seq 2 "$RABBIT_NODES"); do rabbit_join "$i"; done
  # Virtual hosts and permissions are cluster-wide: set them through node 1.
  rabbit_node 1
  if ! rabbitmqctl -q list_vhosts name | grep -qx "$RABBIT_VHOST"; then
    log "rabbitmq: add_vhost $RABBIT_VHOST"
    rabbitmqctl -q add_vhost "$RABBIT_VHOST" >/dev/null
  fi
  rabbitmqctl -q set_permissions -p "$RABBIT_VHOST" guest '.*' '.*' '.*' >/dev/null
  rabbit_users
  if [ "$RABBIT_NODES" -gt 1 ]; then
    log "rabbitmq: cluster of $RABBIT_NODES nodes, running: $(rabbit_running_nodes)"
  fi
}

# The system's virtual host `intelligence` and one user per app with only its own permissions (infra/rabbitmq/users.sh,
# the same as docker compose), with the development password guest: infra/run.sh runs each app as its own user.
rabbit_users() {
  command -v curl >/dev/null 2>&1 || { log "rabbitmq: installing curl (Debian) for the management API"; apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y curl; }
  RABBIT_API="http://127.0.0.1:$NODE_MGMT_PORT" RABBIT_ADMIN_USER=guest RABBIT_ADMIN_PASSWORD=guest RABBIT_VHOST=intelligence \
    RABBIT_RELEASES_PASSWORD=guest RABBIT_PRICING_PASSWORD=guest RABBIT_REGULATION_PASSWORD=guest RABBIT_ADOPTION_PASSWORD=guest \
    RABBIT_GATEWAY_PASSWORD=guest RABBIT_READER_PASSWORD=guest \
    sh "$ROOT/infra/rabbitmq/users.sh" >/dev/null || die "rabbitmq: could not set up the users of infra/rabbitmq/users.sh"
}

# The cluster's running members as node 1 (or the first node that answers) sees them.
rabbit_running_nodes() {
  local i
  for i in $(seq 1 "$RABBIT_NODES"); do
    rabbit_node "$i"
    if rabbit_running; then
      rabbitmqctl -q cluster_status --formatter json 2>/dev/null \
        | grep -o '"running_nodes":\[[^]]*\]' | sed 's/"running_nodes":\[//; s/\]//; s/"//g; s/,/ /g'
      return 0
    fi
  done
}

# Stops the selected node (the epmd stays: other nodes may still use it).
rabbit_stop_node() {
  if rabbit_running; then
    log "rabbitmq: stopping node $NODE_NAME"
    rabbitmqctl -q shutdown >/dev/null
    log "rabbitmq: node $NODE_NAME stopped"
  elif rabbit_pid_alive; then
    # Our own node (identified by our PID file) that does not answer the CLI.
    local pid; pid="$(cat "$NODE_PID")"
    log "rabbitmq: node $NODE_NAME does not answer; sending TERM to pid $pid from $NODE_PID"
    kill "$pid" 2>/dev/null || true
    local i; for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  else
    log "rabbitmq: node $NODE_NAME not running"
  fi
  rm -f "$NODE_PID"
}

rabbit_stop() {
  if [ ! -x "$RABBIT_BIN/rabbitmqctl" ]; then log "rabbitmq: not installed, nothing to stop"; return 0; fi
  local i pids=()
  # Nodes 2..N together (each shutdown takes seconds, mostly the CLI starting), node 1 last: the node stopped last
  # is the one that may start first on its own next time.
  for i in $(seq 2 "$RABBIT_NODES"); do
    ( rabbit_node "$i"; rabbit_stop_node ) &
    pids+=("$!")
  done
  for i in "${pids[@]}"; do wait "$i"; done
  rabbit_node 1
  rabbit_stop_node
  # epmd outlives the nodes; stop only the project's own epmd (own port, never the shared default 4369).
  if [ "$EPMD_PORT" != "4369" ] && ( rabbit_env; epmd -port "$EPMD_PORT" -names ) >/dev/null 2>&1; then
    ( rabbit_env; epmd -port "$EPMD_PORT" -kill ) >/dev/null 2>&1 || true
    log "rabbitmq: epmd on port $EPMD_PORT stopped"
  fi
}

# ---- Docker branch (optional) -----------------------------------------------
use_docker() {
  [ "${INTEL_USE_DOCKER:-0}" = "1" ] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

docker_cmd() {
  cd "$ROOT"
  ls compose.yaml compose.yml docker-compose.yaml docker-compose.yml >/dev/null 2>&1 \
    || die "INTEL_USE_DOCKER=1 but no compose file in $ROOT"
  case "$1" in
    start)  docker compose up -d postgres rabbitmq ;;
    stop)   docker compose stop postgres rabbitmq ;;
    status) docker compose ps postgres rabbitmq ;;
  esac
}

# ---- commands ---------------------------------------------------------------
print_summary() {
  printf '%-9s %-28s %s\n' postgres "127.0.0.1:$PG_PORT" "(data ${PG_DATA#"$ROOT"/}, user postgres/postgres, dbs: ${PG_DATABASES[*]})"
  local i
  for i in $(seq 1 "$RABBIT_NODES"); do
    rabbit_node "$i"
    printf '%-9s %-28s %s\n' rabbitmq "amqp://127.0.0.1:$NODE_PORT" "management http://127.0.0.1:$NODE_MGMT_PORT (guest/guest), metrics http://127.0.0.1:$NODE_PROM_PORT/metrics, $([ "$RABBIT_NODES" -eq 1 ] && echo "TLS 127.0.0.1:$((NODE_PORT - 1)) (CA $NODE_DIR/tls/ca.pem), ")vhosts /, intelligence (a user per app, password guest) and $RABBIT_VHOST$([ "$RABBIT_NODES" -gt 1 ] && echo ", node $NODE_NAME")"
  done
}

wants() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

cmd_start() {
  local t0=$SECONDS
  if wants postgres; then pg_start; fi
  if wants rabbitmq; then rabbit_start; fi
  log "ready in $((SECONDS - t0)) s"
  if [ -z "$ONLY" ]; then print_summary; fi
}

cmd_stop() {
  if wants rabbitmq; then rabbit_stop; fi
  if wants postgres; then pg_stop; fi
}

cmd_status() {
  local rc=0 i
  if wants postgres; then
    if [ -s "$PG_DATA/PG_VERSION" ] && pg_running; then
      printf '%-9s running      127.0.0.1:%s\n' postgres "$PG_PORT"
    else
      printf '%-9s not running  (port %s)\n' postgres "$PG_PORT"; rc=3
    fi
  fi
  if wants rabbitmq; then
    for i in $(seq 1 "$RABBIT_NODES"); do
      rabbit_node "$i"
      if rabbit_running; then
        printf '%-9s running      amqp 127.0.0.1:%s  management 127.0.0.1:%s%s\n' rabbitmq "$NODE_PORT" "$NODE_MGMT_PORT" \
          "$([ "$RABBIT_NODES" -gt 1 ] && echo "  node $NODE_NAME")"
      else
        printf '%-9s not running  (port %s)%s\n' rabbitmq "$NODE_PORT" "$([ "$RABBIT_NODES" -gt 1 ] && echo "  node $NODE_NAME")"; rc=3
      fi
    done
    if [ "$RABBIT_NODES" -gt 1 ]; then
      printf '%-9s cluster      running nodes: %s\n' rabbitmq "$(rabbit_running_nodes)"
    fi
  fi
  return $rc
}

# One node of the cluster, for fault tests: `rabbitmqctl shutdown` of that node only, and its start, after which
# it rejoins the cluster it belongs to.
cmd_stop_node() {
  rabbit_check_node_index "$1"
  rabbit_node "$1"
  rabbit_stop_node
}

cmd_start_node() {
  local t0=$SECONDS
  rabbit_check_node_index "$1"
  rabbit_ensure_installed
  rabbit_check_ports
  rabbit_write_cookie
  rabbit_node "$1"
  rabbit_launch
  rabbit_wait
  log "rabbitmq: node $NODE_NAME ready in $((SECONDS - t0)) s; running nodes: $(rabbit_running_nodes)"
}

usage() {
  echo "usage: $0 start|stop|status [postgres|rabbitmq]" >&2
  echo "       $0 stop-node|start-node N   (RabbitMQ cluster node N of INTEL_RABBIT_NODES)" >&2
  exit 2
}

case "${1:-}" in
  start|stop|status)
    ONLY="${2:-}"
    case "$ONLY" in ""|postgres|rabbitmq) ;; *) usage ;; esac
    if use_docker; then docker_cmd "$1"; else "cmd_$1"; fi ;;
  stop-node|start-node)
    [ $# -eq 2 ] || usage
    if use_docker; then die "$1 is for the local RabbitMQ cluster, not Docker"; fi
    "cmd_${1//-/_}" "$2" ;;
  *) usage ;;
esac
