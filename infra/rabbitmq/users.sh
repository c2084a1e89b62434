#!/bin/sh
# The system's RabbitMQ virtual host and one user per app, each allowed only what it does (RabbitMQ's management API,
# idempotent: run it again after a change). A service may publish only to its own exchanges
# (intelligence.<service>.*, and intelligence.events, which every event also reaches) and use only its own queues
# (<service>-*); it may bind its queues to the exchanges of the services it consumes, never publish there. So one
# compromised or misconfigured service cannot forge another's facts. The gateway reads intelligence.events into a
# server-named queue of its own; the reader (the outside-consumer example, internal teams) may only read the
# intelligence.* exchanges into server-named queues or queues named consumer-*.
#
# Environment:
#   RABBIT_API             management API, e.g. http://127.0.0.1:15672
#   RABBIT_ADMIN_USER      an administrator of the broker, and RABBIT_ADMIN_PASSWORD
#   RABBIT_VHOST           the system's virtual host (default: intelligence)
#   RABBIT_<APP>_PASSWORD  the password of each app's user, for APP in RELEASES, PRICING, REGULATION, ADOPTION, GATEWAY, READER
#                          (a user whose variable is unset is left as it is)
#   RABBIT_USER_PREFIX     put before each user's name (default: none), so a test's users never replace real ones
# Used by docker-compose.yml (service rabbitmq-users), infra/local/servers.sh, the Kubernetes Job rabbitmq-users
# (kustomization.yaml beside this file) and tests/EndToEnd.Tests/BrokerPermissionsTests.cs.
set -eu

api="${RABBIT_API:?RABBIT_API: the management API, e.g. http://127.0.0.1:15672}"
admin="${RABBIT_ADMIN_USER:?RABBIT_ADMIN_USER: an administrator of the broker}"
admin_password="${RABBIT_ADMIN_PASSWORD:?RABBIT_ADMIN_PASSWORD}"
vhost="${RABBIT_VHOST:-intelligence}"
prefix="${RABBIT_USER_PREFIX:-}"
# The API takes the vhost in the path: '/' is %2F.
vhost_path="$(printf '%s' "$vhost" | sed 's|/|%2F|g')"

put() {
  # The management plugin may start a moment after the node answers.
  curl -fsS --retry 15 --retry-connrefused --retry-delay 2 -u "$admin:$admin_password" -H 'content-type: application/json' -X PUT "$api/api/$1" -d "$2" >/dev/null \
    || { echo "rabbitmq-users: PUT $1 failed" >&2; exit 1; }
}

# A password as JSON text: its backslashes and quotes escaped.
json_text() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }

# user <name> <password> <configure> <write> <read>: regular expressions over exchange and queue names, anchored, in
# JSON (a backslash written twice).
user() {
  if [ -z "$2" ]; then
    echo "rabbitmq-users: $1 left as it is (no password given)"
    return 0
  fi
  put "users/$prefix$1" "{\"password\":\"$(json_text "$2")\",\"tags\":\"\"}"
  put "permissions/$vhost_path/$prefix$1" "{\"configure\":\"$3\",\"write\":\"$4\",\"read\":\"$5\"}"
  echo "rabbitmq-users: $prefix$1 on $vhost"
}

# A service's own queues and their exchanges (MassTransit names both after the endpoint, with _error and _skipped).
own() { printf '%s-.*' "$1"; }
events='intelligence\\.events'
mine() { printf 'intelligence\\\\.%s\\\\..*' "$1"; }

put "vhosts/$vhost_path" '{}'

# service <name> [the services whose events it consumes, as one regex alternative]
service() {
  name="$1"
  consumed="${2:-}"
  password="$(eval "printf '%s' \"\${RABBIT_$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]')_PASSWORD-}\"")"
  sources=''
  if [ -n "$consumed" ]; then
    sources="|intelligence\\\\.($consumed)\\\\..*"
  fi
  user "$name" "$password" \
    "^($(own "$name")|$(mine "$name")|$events$sources)$" \
    "^($(own "$name")|$(mine "$name")|$events)$" \
    "^($(own "$name")|$(mine "$name")$sources)$"
}

service releases
service regulation
service pricing releases
service adoption releases

# The gateway: a server-named, exclusive queue bound to intelligence.events (which it declares, as MassTransit does).
user gateway "${RABBIT_GATEWAY_PASSWORD-}" \
  "^(amq\\\\.gen-.*|$events)$" \
  '^amq\\.gen-.*$' \
  "^(amq\\\\.gen-.*|$events)$"

# Outside consumers: their own queues (server-named, or consumer-*), bound to any intelligence.* exchange; no publishing.
user reader "${RABBIT_READER_PASSWORD-}" \
  '^(amq\\.gen-.*|consumer-.*)$' \
  '^(amq\\.gen-.*|consumer-.*)$' \
  '^(amq\\.gen-.*|consumer-.*|intelligence\\..*)$'
