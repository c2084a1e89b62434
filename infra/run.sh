#!/usr/bin/env bash
# Runs the whole system on this machine: PostgreSQL and RabbitMQ (infra/local/servers.sh), every service and
# the gateway, then prints where everything is. Ctrl-C stops the apps it started (by PID); servers keep running
# (stop them with `infra/local/servers.sh stop`).
#
# Usage: infra/run.sh            start everything and stay in the foreground
#        infra/run.sh --detach   start everything and return once ready
#        infra/run.sh stop       stop the apps a detached run started
set -euo pipefail

ROOT="$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")"
RUN_DIR="$ROOT/.local/run"
LOG_DIR="$ROOT/.local/logs"
CONFIGURATION=Release

# A local run accepts the development API keys the README documents; imports go in with the editor key.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
API_KEY="${INTEL_API_KEY:-dev-editor-key}"
OPERATOR_KEY="${INTEL_OPERATOR_KEY:-dev-operator-key}"

# name | project folder | assembly | port   (services first: the gateway routes to them)
SERVICES=(
  "releases|services/Releases|Intelligence.Releases|${INTEL_RELEASES_PORT:-5101}"
  "pricing|services/Pricing|Intelligence.Pricing|${INTEL_PRICING_PORT:-5102}"
  "regulation|services/Regulation|Intelligence.Regulation|${INTEL_REGULATION_PORT:-5103}"
  "adoption|services/Adoption|Intelligence.Adoption|${INTEL_ADOPTION_PORT:-5104}"
)
APPS=("${SERVICES[@]}" "gateway|gateway|Intelligence.Gateway|${INTEL_GATEWAY_PORT:-5000}")

say() { printf '[run] %s\n' "$*"; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_apps() {
  for entry in "${APPS[@]}" "prometheus|||"; do
    IFS='|' read -r name _ _ _ <<<"$entry"
    local pid_file="$RUN_DIR/$name.pid"
    if pid_alive "$pid_file"; then
      local pid; pid="$(cat "$pid_file")"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
      say "stopped $name (pid $pid)"
    fi
    rm -f "$pid_file"
  done
}

start_app() {
  local name=$1 project=$2 assembly=$3 port=$4
  local pid_file="$RUN_DIR/$name.pid" log="$LOG_DIR/$name.log"
  if pid_alive "$pid_file"; then
    say "$name already running (pid $(cat "$pid_file"))"
    return
  fi
  local bin="$ROOT/$project/bin/$CONFIGURATION/net10.0"
  local -a settings=(--urls "http://127.0.0.1:$port" "--RabbitMq:Port=${INTEL_RABBIT_PORT:-5672}")
  if [ "$name" = gateway ]; then
    for service in "${SERVICES[@]}"; do
      IFS='|' read -r service_name _ _ service_port <<<"$service"
      settings+=("--ReverseProxy:Clusters:$service_name:Destinations:$service_name-1:Address=http://127.0.0.1:$service_port/")
    done
  else
    settings+=("--ConnectionStrings:Marten=Host=127.0.0.1;Port=${INTEL_PG_PORT:-5432};Database=$name;Username=postgres;Password=postgres")
  fi
  cd "$bin"
  nohup dotnet "$assembly.dll" "${settings[@]}" >"$log" 2>&1 &
  echo $! >"$pid_file"
  cd "$ROOT"
  say "started $name (pid $(cat "$pid_file")), log $log"
}

wait_ready() {
  local name=$1 port=$2 path=$3
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$port$path" >/dev/null 2>&1; then
      say "$name ready on http://127.0.0.1:$port"
      return
    fi
    pid_alive "$RUN_DIR/$name.pid" || { say "$name exited; last lines of its log:"; tail -n 30 "$LOG_DIR/$name.log"; exit 1; }
    sleep 0.5
  done
  say "$name not ready after 120 s; see $LOG_DIR/$name.log"
  exit 1
}

# Prometheus on 127.0.0.1 with the project's scrape file and alert rules (infra/prometheus), its targets rewritten
# from the compose hostnames to this run's ports. Debian's package is installed when missing (as root); its own
# service is never started (it would listen on every interface).
PROMETHEUS_PORT="${INTEL_PROMETHEUS_PORT:-9090}"
start_prometheus() {
  local pid_file="$RUN_DIR/prometheus.pid" dir="$ROOT/.local/prometheus"
  if pid_alive "$pid_file"; then
    say "prometheus already running (pid $(cat "$pid_file"))"
    return
  fi
  if [ ! -x /usr/bin/prometheus ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing prometheus (Debian)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    else
      say "prometheus is not installed (apt-get install -y --no-install-recommends prometheus); running without it"
      return
    fi
  fi
  mkdir -p "$dir/data"
  cp "$ROOT/infra/prometheus/alerts.yml" "$dir/alerts.yml"
  local -a rewrite=(-e "s/\brabbitmq:15692\b/127.0.0.1:${INTEL_RABBIT_PROMETHEUS_PORT:-15692}/")
  for entry in "${APPS[@]}"; do
    IFS='|' read -r name _ _ port <<<"$entry"
    rewrite+=(-e "s/\b$name:[0-9]\+/127.0.0.1:$port/")
  done
  sed "${rewrite[@]}" "$ROOT/infra/prometheus/prometheus.yml" >"$dir/prometheus.yml"
  nohup /usr/bin/prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >"$LOG_DIR/prometheus.log" 2>&1 &
  echo $! >"$pid_file"
  say "started prometheus (pid $(cat "$pid_file")), log $LOG_DIR/prometheus.log"
}

# The bundled reference data (data/*.csv) goes in through the gateway with the operator CLI (cli/Intel) on the first
# run only: a marker holds the files' hash, and the releases store must hold events (a wiped database imports again).
# Releases go first, so the others can link to its models. Rows the importers refuse are listed with line and reason.
intel() {
  INTEL_GATEWAY="http://127.0.0.1:${INTEL_GATEWAY_PORT:-5000}" dotnet "$ROOT/cli/Intel/bin/$CONFIGURATION/net10.0/intel.dll" "$@"
}

bundled_data_loaded() {
  local marker="$RUN_DIR/bundled-data.sha256" events
  [ -f "$marker" ] && [ "$(cat "$marker")" = "$(bundled_data_hash)" ] || return 1
  events=$(curl -fsS -H "Authorization: Bearer $OPERATOR_KEY" "http://127.0.0.1:${INTEL_GATEWAY_PORT:-5000}/api/releases/admin/progress" \
    | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["events"])') || return 1
  [ "${events:-0}" -gt 0 ]
}

bundled_data_hash() { cat "$ROOT"/data/*.csv | sha256sum | cut -d' ' -f1; }

import_bundled_data() {
  if bundled_data_loaded; then
    say "bundled data already imported (data/*.csv unchanged); 'intel import data' checks it again and adds nothing"
    return
  fi
  say "importing the bundled data (data/*.csv)"
  local started=$SECONDS
  INTEL_API_KEY="$API_KEY" intel import "$ROOT/data" --allow-rejected || { say "import failed"; exit 1; }
  bundled_data_hash >"$RUN_DIR/bundled-data.sha256"
  say "imported in $((SECONDS - started)) s"
}

# The gateway's build bundles the dashboard with Node.js and npm.
ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing nodejs and npm (Debian) for the dashboard's build"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    say "Node.js and npm are needed to build the dashboard: apt-get install -y nodejs npm"
    exit 1
  fi
}

start_all() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  ensure_node
  bash "$ROOT/infra/local/servers.sh" start
  say "building ($CONFIGURATION)"
  dotnet build "$ROOT/Intelligence.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly
  for entry in "${APPS[@]}"; do
    IFS='|' read -r name project assembly port <<<"$entry"
    start_app "$name" "$project" "$assembly" "$port"
  done
  for entry in "${APPS[@]}"; do
    IFS='|' read -r name _ _ port <<<"$entry"
    local path=/health/ready
    wait_ready "$name" "$port" "$path"
  done
  start_prometheus
  import_bundled_data
  INTEL_API_KEY="$OPERATOR_KEY" intel status --wait 60 || say "not every service is settled yet; 'intel status' shows it again"
  local gateway_port="${INTEL_GATEWAY_PORT:-5000}"
  cat <<MSG

Intelligence is running.
  Dashboard            http://127.0.0.1:$gateway_port/   (reads with the development reader key)
  API (gateway)        http://127.0.0.1:$gateway_port/api/<service>/...   e.g. /api/releases/models
  API reference        http://127.0.0.1:$gateway_port/docs
  API keys             Authorization: Bearer dev-reader-key | dev-editor-key | dev-operator-key  (development only)
$(for service in "${SERVICES[@]}"; do IFS='|' read -r n _ _ p <<<"$service"; printf '  %-20s http://127.0.0.1:%s  (OpenAPI /openapi/v1.json)\n' "$n" "$p"; done)
  Metrics              http://127.0.0.1:$gateway_port/metrics  and /metrics on each service (catalogue: docs/metrics.md)
  Prometheus           http://127.0.0.1:$PROMETHEUS_PORT  (alerts: /alerts; Grafana dashboards come with docker compose)
  RabbitMQ management  http://127.0.0.1:${INTEL_RABBIT_MGMT_PORT:-15672}  (guest / guest)
  Logs                 $LOG_DIR

MSG
}

case "${1:-}" in
  stop)
    stop_apps
    ;;
  --detach)
    start_all
    say "detached; stop with: infra/run.sh stop"
    ;;
  "")
    trap 'echo; stop_apps; exit 0' INT TERM
    start_all
    say "press Ctrl-C to stop"
    while true; do
      for entry in "${APPS[@]}"; do
        IFS='|' read -r name _ _ _ <<<"$entry"
        pid_alive "$RUN_DIR/$name.pid" || { say "$name stopped unexpectedly; see $LOG_DIR/$name.log"; stop_apps; exit 1; }
      done
      sleep 2
    done
    ;;
  *)
    echo "usage: infra/run.sh [--detach | stop]" >&2
    exit 2
    ;;
esac
