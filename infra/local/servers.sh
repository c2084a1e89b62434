#!/usr/bin/env bash
# Local PostgreSQL 15 + RabbitMQ 3.10 for development and tests, without Docker.
# Usage: infra/local/servers.sh start|stop|status [postgres|rabbitmq]   (both when no server is named)
# All data lives under $ROOT/.local/ (git-ignored; INTEL_LOCAL_DIR moves it). Everything listens on 127.0.0.1 only.
# The reliability tests start private copies with other ports and folders, then stop and start them as faults.
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
RABBIT_PID="$RABBIT_DIR/rabbitmq.pid"

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
rabbit_env() {
  export RABBITMQ_NODENAME="$RABBIT_NODE"
  export RABBITMQ_CONF_ENV_FILE="$RABBIT_DIR/rabbitmq-env.conf"   # ignore /etc/rabbitmq/rabbitmq-env.conf
  export RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RABBIT_DIR/advanced.config"
  export RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RABBIT_DIR/log"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins"
  export RABBITMQ_PID_FILE="$RABBIT_PID"
  export RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT"
  export HOME="$RABBIT_DIR/home"   # same HOME for server and CLI: the Erlang cookie lives here
  export ERL_EPMD_PORT="$EPMD_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

rabbitmqctl() { ( rabbit_env; "$RABBIT_BIN/rabbitmqctl" "$@" ); }

rabbit_pid_alive() {
  [ -s "$RABBIT_PID" ] && kill -0 "$(cat "$RABBIT_PID")" 2>/dev/null
}

rabbit_registered() {
  # Is our node registered with the project's epmd? (epmd -names never starts an epmd.)
  ( rabbit_env; epmd -port "$EPMD_PORT" -names 2>/dev/null ) | grep -q "^name ${RABBIT_NODE%@*} at port "
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

rabbit_write_config() {
  mkdir -p "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log" "$RABBIT_DIR/home"
  chmod 700 "$RABBIT_DIR/home"
  : >"$RABBIT_DIR/rabbitmq-env.conf"
  cat >"$RABBIT_DIR/rabbitmq.conf" <<CONF
# Generated by infra/local/servers.sh - edits are overwritten on start.
listeners.tcp.default = 127.0.0.1:$RABBIT_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MGMT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $RABBIT_PROM_PORT
CONF
  echo '[rabbitmq_management,rabbitmq_prometheus].' >"$RABBIT_DIR/enabled_plugins"
}

rabbit_start() {
  rabbit_ensure_installed
  rabbit_write_config
  if rabbit_running; then
    log "rabbitmq: already running (node $RABBIT_NODE)"
  else
    if rabbit_pid_alive; then
      log "rabbitmq: process $(cat "$RABBIT_PID") exists but does not answer yet; waiting"
    else
      rm -f "$RABBIT_PID"
      log "rabbitmq: starting node $RABBIT_NODE on 127.0.0.1:$RABBIT_PORT (epmd port $EPMD_PORT)"
      ( rabbit_env; "$RABBIT_BIN/rabbitmq-server" -detached ) >>"$RABBIT_DIR/log/start.out" 2>&1
    fi
    rabbitmqctl --timeout 120 wait "$RABBIT_PID" >/dev/null \
      || { tail -n 30 "$RABBIT_DIR/log/"*.log >&2 2>/dev/null || true; die "rabbitmq failed to start (logs: $RABBIT_DIR/log)"; }
  fi
  if ! rabbitmqctl -q list_vhosts name | grep -qx "$RABBIT_VHOST"; then
    log "rabbitmq: add_vhost $RABBIT_VHOST"
    rabbitmqctl -q add_vhost "$RABBIT_VHOST" >/dev/null
  fi
  rabbitmqctl -q set_permissions -p "$RABBIT_VHOST" guest '.*' '.*' '.*' >/dev/null
}

rabbit_stop() {
  if [ ! -x "$RABBIT_BIN/rabbitmqctl" ]; then log "rabbitmq: not installed, nothing to stop"; return 0; fi
  if rabbit_running; then
    log "rabbitmq: stopping node $RABBIT_NODE"
    rabbitmqctl -q shutdown >/dev/null
    log "rabbitmq: stopped"
  elif rabbit_pid_alive; then
    # Our own node (identified by our PID file) that does not answer the CLI.
    local pid; pid="$(cat "$RABBIT_PID")"
    log "rabbitmq: node does not answer; sending TERM to pid $pid from $RABBIT_PID"
    kill "$pid" 2>/dev/null || true
    local i; for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  else
    log "rabbitmq: not running"
  fi
  rm -f "$RABBIT_PID"
  # epmd outlives the node; stop only the project's own epmd (own port, never the shared default 4369).
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
  printf '%-9s %-28s %s\n' rabbitmq "amqp://127.0.0.1:$RABBIT_PORT" "management http://127.0.0.1:$RABBIT_MGMT_PORT (guest/guest), metrics http://127.0.0.1:$RABBIT_PROM_PORT/metrics, vhosts / and $RABBIT_VHOST"
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
  local rc=0
  if wants postgres; then
    if [ -s "$PG_DATA/PG_VERSION" ] && pg_running; then
      printf '%-9s running      127.0.0.1:%s\n' postgres "$PG_PORT"
    else
      printf '%-9s not running  (port %s)\n' postgres "$PG_PORT"; rc=3
    fi
  fi
  if wants rabbitmq; then
    if rabbit_running; then
      printf '%-9s running      amqp 127.0.0.1:%s  management 127.0.0.1:%s\n' rabbitmq "$RABBIT_PORT" "$RABBIT_MGMT_PORT"
    else
      printf '%-9s not running  (port %s)\n' rabbitmq "$RABBIT_PORT"; rc=3
    fi
  fi
  return $rc
}

ONLY="${2:-}"
case "$ONLY" in
  ""|postgres|rabbitmq) ;;
  *) echo "usage: $0 start|stop|status [postgres|rabbitmq]" >&2; exit 2 ;;
esac
case "${1:-}" in
  start|stop|status)
    if use_docker; then docker_cmd "$1"; else "cmd_$1"; fi ;;
  *) echo "usage: $0 start|stop|status [postgres|rabbitmq]" >&2; exit 2 ;;
esac
