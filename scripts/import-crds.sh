#!/usr/bin/env bash
# Regenerates the typed CRD bindings in src/imports/ from the upstream CRDs vendored in
# schemas/crds (offline; see schemas/SOURCES.md for versions and licenses).
# `cdk8s import` writes one file per API group and overwrites it per run, so each group's CRDs are
# concatenated into one multi-document file first. Only the kinds the library writes are imported.
set -euo pipefail
cd "$(dirname "$0")/.."
crds="${CRDS_DIR:-schemas/crds}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

group() { # <name> <file>...
  local name=$1; shift
  local out="$tmp/$name.yaml"
  : > "$out"
  for f in "$@"; do printf -- '---\n' >> "$out"; cat "$crds/$f" >> "$out"; printf '\n' >> "$out"; done
  npx --no-install cdk8s import "$out" --output src/imports --language typescript --no-check-upgrade > /dev/null
}

rm -rf src/imports
group cert-manager cert-manager/cert-manager.io_certificates.yaml cert-manager/cert-manager.io_clusterissuers.yaml
group istio istio/security.istio.io_peerauthentications.yaml istio/security.istio.io_authorizationpolicies.yaml istio/security.istio.io_requestauthentications.yaml
group secrets-store-csi secrets-store-csi/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml
group gateway-api gateway-api/gateway.networking.k8s.io_gateways.yaml gateway-api/gateway.networking.k8s.io_httproutes.yaml
group external-secrets external-secrets/external-secrets.io_secretstores.yaml external-secrets/external-secrets.io_externalsecrets.yaml
ls src/imports
