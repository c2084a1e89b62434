#!/usr/bin/env bash
# Runs the whole system on this machine: PostgreSQL and RabbitMQ (infra/local/servers.sh), every service and
# the gateway, then prints where everything is. Ctrl-C stops the apps it started (by PID); servers keep running
# (stop them with `infra/local/servers.sh stop`).
#
# Usage: infra/run.sh            start everything and stay in the foreground
#        infra/run.sh --detach   start everything and return once ready
#        infra/run.sh stop       stop the apps a detached run started
#
# Several instances of a service (scale-out), by environment:
#   INTEL_INSTANCES=N             N instances of every service (default 1)
#   INTEL_INSTANCES_<SERVICE>=N   N instances of one service, overriding INTEL_INSTANCES for it
#                                 (INTEL_INSTANCES_RELEASES, _PRICING, _REGULATION, _ADOPTION)
# e.g. INTEL_INSTANCES_RELEASES=2 infra/run.sh
# On a RabbitMQ cluster: INTEL_RABBIT_NODES=3 infra/run.sh starts (or uses) a three-node cluster (infra/local/servers.sh)
# and gives every service all the nodes (RabbitMq:Hosts), which makes their queues quorum queues.
# Instance i of a service listens on its base port + i - 1. The base port is INTEL_<SERVICE>_PORT when set, else the
# documented one (releases 5101, pricing 5102, regulation 5103, adoption 5104) moved up past the previous service's
# last instance when they would overlap: with INTEL_INSTANCES_RELEASES=2, releases 5101-5102, pricing 5103,
# regulation 5104, adoption 5105. Ports that still collide (explicit ones, the gateway's, Prometheus's) are refused
# before anything starts. Instances are named <service>-<i>: their YARP destination ids in the gateway's cluster
# (which balances over them with health checks), and their .local/logs/<service>-<i>.log and PID files. Every
# instance runs Marten's async daemon in HotCold mode: one instance per service holds the leader lock and runs the
# relay and async projections, another takes over when it goes. The bundled data is imported once, through the
# gateway.
set -euo pipefail

ROOT="$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")"
RUN_DIR="$ROOT/.local/run"
LOG_DIR="$ROOT/.local/logs"
CONFIGURATION=Release

# A local run accepts the development API keys the README documents; imports go in with the editor key.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
API_KEY="${INTEL_API_KEY:-dev-editor-key}"
OPERATOR_KEY="${INTEL_OPERATOR_KEY:-dev-operator-key}"

say() { printf '[run] %s\n' "$*"; }

# service | project folder | assembly | documented port
SERVICE_DEFINITIONS=(
  "releases|services/Releases|Intelligence.Releases|5101"
  "pricing|services/Pricing|Intelligence.Pricing|5102"
  "regulation|services/Regulation|Intelligence.Regulation|5103"
  "adoption|services/Adoption|Intelligence.Adoption|5104"
)

# How many instances of a service (INTEL_INSTANCES_<SERVICE>, else INTEL_INSTANCES, else 1).
instances_of() {
  local upper; upper="$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')"
  local per_service="INTEL_INSTANCES_$upper"
  local count="${!per_service:-${INTEL_INSTANCES:-1}}"
  if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
    echo "[run] $per_service / INTEL_INSTANCES must be a whole number of at least 1, not '$count'" >&2
    exit 2
  fi
  printf '%s' "$count"
}

# instance name | project folder | assembly | port | service   (services first: the gateway routes to them)
SERVICES=()
next_free_port=0
for definition in "${SERVICE_DEFINITIONS[@]}"; do
  IFS='|' read -r service project assembly documented_port <<<"$definition"
  count="$(instances_of "$service")"
  port_setting="INTEL_$(printf '%s' "$service" | tr '[:lower:]' '[:upper:]')_PORT"
  base_port="${!port_setting:-$((documented_port > next_free_port ? documented_port : next_free_port))}"
  for instance in $(seq 1 "$count"); do
    SERVICES+=("$service-$instance|$project|$assembly|$((base_port + instance - 1))|$service")
  done
  next_free_port=$((base_port + count))
done
APPS=("${SERVICES[@]}" "gateway|gateway|Intelligence.Gateway|${INTEL_GATEWAY_PORT:-5000}|gateway")
PROMETHEUS_PORT="${INTEL_PROMETHEUS_PORT:-9090}"

# Two apps on one port would leave one of them failing to start, after the others: refuse before starting any.
check_ports() {
  local -A owner=()
  local entry name port
  for entry in "${APPS[@]}" "prometheus|||$PROMETHEUS_PORT|"; do
    IFS='|' read -r name _ _ port _ <<<"$entry"
    if [ -n "${owner[$port]:-}" ]; then
      say "port $port is both ${owner[$port]}'s and $name's: set INTEL_<SERVICE>_PORT (or INTEL_GATEWAY_PORT, INTEL_PROMETHEUS_PORT) apart"
      exit 2
    fi
    owner[$port]=$name
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Every PID file of this run directory, not only this invocation's apps: `stop` after a detached run with more
# instances, or with different settings, still stops all it started.
stop_apps() {
  local pid_file name
  for pid_file in "$RUN_DIR"/*.pid; do
    [ -e "$pid_file" ] || continue
    name="$(basename "$pid_file" .pid)"
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
  local name=$1 project=$2 assembly=$3 port=$4 service=$5
  local pid_file="$RUN_DIR/$name.pid" log="$LOG_DIR/$name.log"
  if pid_alive "$pid_file"; then
    say "$name already running (pid $(cat "$pid_file"))"
    return
  fi
  local bin="$ROOT/$project/bin/$CONFIGURATION/net10.0"
  # Each app as its own user on the system's virtual host (infra/rabbitmq/users.sh, set up by infra/local/servers.sh).
  local -a settings=(--urls "http://127.0.0.1:$port" "--RabbitMq:Port=${INTEL_RABBIT_PORT:-5672}"
    "--RabbitMq:VirtualHost=intelligence" "--RabbitMq:Username=$( [ "$name" = gateway ] && echo gateway || echo "$service" )" "--RabbitMq:Password=guest")
  if [ "$name" = gateway ]; then
    # Every instance a destination of its service's cluster, named as its log is.
    local instance instance_name instance_port instance_service
    for instance in "${SERVICES[@]}"; do
      IFS='|' read -r instance_name _ _ instance_port instance_service <<<"$instance"
      settings+=("--ReverseProxy:Clusters:$instance_service:Destinations:$instance_name:Address=http://127.0.0.1:$instance_port/")
    done
  else
    # The instances of a service share its database (its event store); HotCold elects the one running the daemon.
    settings+=("--ConnectionStrings:Marten=Host=127.0.0.1;Port=${INTEL_PG_PORT:-5432};Database=$service;Username=postgres;Password=postgres"
      "--Marten:DaemonMode=HotCold")
    # A RabbitMQ cluster (INTEL_RABBIT_NODES, as infra/local/servers.sh starts it): every node listed, node i on the
    # AMQP port + i - 1; listing several nodes turns the services' quorum queues on.
    local node
    for node in $(seq 1 "${INTEL_RABBIT_NODES:-1}"); do
      [ "${INTEL_RABBIT_NODES:-1}" -gt 1 ] || break
      settings+=("--RabbitMq:Hosts:$((node - 1))=127.0.0.1:$(( ${INTEL_RABBIT_PORT:-5672} + node - 1 ))")
    done
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
  # Each job's one compose target becomes every instance of the app: "releases:5101" -> "127.0.0.1:5101", "127.0.0.1:5102".
  local app targets
  for app in gateway "${SERVICE_DEFINITIONS[@]%%|*}"; do
    targets=""
    for entry in "${APPS[@]}"; do
      IFS='|' read -r _ _ _ port service <<<"$entry"
      [ "$service" = "$app" ] && targets+="${targets:+\", \"}127.0.0.1:$port"
    done
    rewrite+=(-e "s/\b$app:[0-9]\+/$targets/")
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

# The pinned public catalogs (data/catalogs: genai-prices' prices, models.dev's models; see snapshots.json) are synced
# after the CSV import, on every run: a sync of the same snapshot stores nothing, so a second run costs a few seconds.
sync_catalogs() {
  local started=$SECONDS catalog
  for catalog in models.dev genai-prices; do
    say "syncing $catalog (data/catalogs/${catalog/./-}.json)"
    INTEL_API_KEY="$API_KEY" intel sync "$catalog" --from "$ROOT/data/catalogs/${catalog/./-}.json" || { say "sync of $catalog failed"; exit 1; }
  done
  say "catalogs synced in $((SECONDS - started)) s"
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
  check_ports
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  ensure_node
  bash "$ROOT/infra/local/servers.sh" start
  say "building ($CONFIGURATION)"
  dotnet build "$ROOT/Intelligence.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly
  for entry in "${APPS[@]}"; do
    IFS='|' read -r name project assembly port service <<<"$entry"
    start_app "$name" "$project" "$assembly" "$port" "$service"
  done
  for entry in "${APPS[@]}"; do
    IFS='|' read -r name _ _ port _ <<<"$entry"
    local path=/health/ready
    wait_ready "$name" "$port" "$path"
  done
  start_prometheus
  import_bundled_data
  sync_catalogs
  INTEL_API_KEY="$OPERATOR_KEY" intel status --wait 60 || say "not every service is settled yet; 'intel status' shows it again"
  local gateway_port="${INTEL_GATEWAY_PORT:-5000}"
  cat <<MSG

Intelligence is running.
  Dashboard            http://127.0.0.1:$gateway_port/   (reads with the development reader key)
  API (gateway)        http://127.0.0.1:$gateway_port/api/<service>/...   e.g. /api/releases/models
  API reference        http://127.0.0.1:$gateway_port/docs
  API keys             Authorization: Bearer dev-reader-key | dev-editor-key | dev-operator-key  (development only)
$(for service in "${SERVICES[@]}"; do IFS='|' read -r n _ _ p _ <<<"$service"; printf '  %-20s http://127.0.0.1:%s  (OpenAPI /openapi/v1.json)\n' "$n" "$p"; done)
  Metrics              http://127.0.0.1:$gateway_port/metrics  and /metrics on each service (catalogue: docs/metrics.md)
  Prometheus           http://127.0.0.1:$PROMETHEUS_PORT  (alerts: /alerts; Grafana dashboards come with docker compose)
  Traces               $(traces_line)
  RabbitMQ management  http://127.0.0.1:${INTEL_RABBIT_MGMT_PORT:-15672}  (guest / guest)
  Logs                 $LOG_DIR

MSG
}

# Where the apps send their spans: the standard OTEL_* variables, passed on to every app this script starts.
traces_line() {
  if [[ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]]; then
    printf 'exported over OTLP to %s  (Jaeger of docker compose: http://127.0.0.1:16686)' "$OTEL_EXPORTER_OTLP_ENDPOINT"
  else
    printf 'not exported: run with OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 and a collector there (docker compose up -d jaeger, then http://127.0.0.1:16686)'
  fi
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
        IFS='|' read -r name _ _ _ _ <<<"$entry"
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
