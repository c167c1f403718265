#!/usr/bin/env bash
# The packed-tarball install test: packs the library as published (needs lib/ and .jsii: run
# `npx projen compile` first), installs the tarball with its peers into an empty project, and uses
# it as a user would: a ten-line TypeScript app compiled with `moduleResolution: nodenext`, the
# documented deep imports from ESM and CommonJS, the app run (its summary line checked) and the
# `secure-constructs check` command on its output.
#
# The peers and TypeScript are installed at the versions of this repository's lock file (from the
# npm cache, else the npm registry).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
test -f lib/index.js -a -f .jsii || { echo "package-test: lib/ is not built; run npx projen compile first" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { printf '==> %s\n' "$*"; }

step "npm pack"
npm pack --ignore-scripts --loglevel=error --pack-destination "$work" > /dev/null
tarball=$(ls "$work"/secure-constructs-*.tgz)
if tar -tzf "$tarball" | grep -E '^package/(\.ci|bench|scripts|examples|schemas|test|src)/'; then
  echo "package-test: development-only files in the package (above)" >&2; exit 1
fi

step "install the tarball and its peers into an empty project"
# The peers at the versions this repository is tested with (its lock file), from the npm cache
# when it has them.
deps=()
for dep in constructs cdk8s cdk8s-plus-33 cdktf @cdktf/provider-aws typescript @types/node; do
  deps+=("$dep@$(node -p "require('./node_modules/$dep/package.json').version")")
done
app="$work/app"
mkdir -p "$app/src"
cat > "$app/package.json" <<'EOF'
{ "name": "consumer", "version": "0.0.0", "private": true }
EOF
(cd "$app" && npm install --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error "$tarball" "${deps[@]}" > /dev/null)

step "compile a ten-line app with moduleResolution nodenext"
cat > "$app/tsconfig.json" <<'EOF'
{ "compilerOptions": { "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022",
  "strict": true, "skipLibCheck": true, "outDir": "out", "types": ["node"] }, "include": ["src"] }
EOF
cat > "$app/src/main.ts" <<'EOF'
import { EksCluster, Platform, PlatformLogging, SecureApp, SecureMicroservice } from 'secure-constructs';
import { Errors } from 'secure-constructs/lib/core/errors';
const app = new SecureApp({ outdir: 'dist' });
const prod = new Platform(app, 'prod', { account: '111122223333', region: 'eu-west-1',
  cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }), awsEndpointCidrs: ['10.0.64.0/24'] });
const web = new SecureMicroservice(prod, 'web', { image: `ghcr.io/acme/web@sha256:${'1'.repeat(64)}` });
const orders = new SecureMicroservice(prod, 'orders', { image: `ghcr.io/acme/orders@sha256:${'2'.repeat(64)}` });
web.connectTo(orders);
if (typeof Errors.isConfigurationError !== 'function' || !PlatformLogging.cloudWatch()) throw new Error('missing exports');
app.synth();
EOF
(cd "$app" && node node_modules/typescript/bin/tsc -p tsconfig.json)

step "run it: one summary line"
summary=$(cd "$app" && node out/main.js)
echo "$summary"
echo "$summary" | grep -Eq '^secure-constructs: Kubernetes dist/kubernetes \(prod\.k8s\.yaml\), Terraform dist/terraform \(stacks prod\); policy passed: 0 error, 0 warning, 0 info, [0-9]+ suppressed, [0-9]+ rules; report dist/policy/report\.md$'
test -s "$app/dist/kubernetes/prod.k8s.yaml" -a -s "$app/dist/terraform/stacks/prod/cdk.tf.json"

step "deep imports from ESM and CommonJS"
cat > "$app/esm.mjs" <<'EOF'
import { SecureApp, Testing } from 'secure-constructs';
import { Errors } from 'secure-constructs/lib/core/errors';
import { snapshotSerializer } from 'secure-constructs/lib/testing/serializer';
import pkg from 'secure-constructs/package.json' with { type: 'json' };
if (typeof SecureApp !== 'function' || typeof Testing.synth !== 'function' || typeof Errors.isConfigurationError !== 'function'
  || typeof snapshotSerializer.test !== 'function' || pkg.name !== 'secure-constructs') throw new Error('ESM imports');
console.log('esm ok');
EOF
cat > "$app/cjs.cjs" <<'EOF'
global.expect = { extend: m => { global.registered = Object.keys(m); } };
require('secure-constructs/lib/testing/jest');
const { SecureApp } = require('secure-constructs');
const { Errors } = require('secure-constructs/lib/core/errors');
const { test } = require('secure-constructs/lib/testing/serializer');
require.resolve('secure-constructs/.jsii');
if (typeof SecureApp !== 'function' || typeof Errors.isConfigurationError !== 'function' || typeof test !== 'function'
  || !global.registered.includes('toAllowAwsAction')) throw new Error('CommonJS imports');
let blocked = false;
try { require('secure-constructs/lib/policy/engine'); } catch (e) { blocked = e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'; }
if (!blocked) throw new Error('an undocumented deep import resolved');
console.log('cjs ok');
EOF
(cd "$app" && node esm.mjs && node cjs.cjs)

step "importing the package loads none of the modules it defers; their owners' uses get them"
cat > "$app/deferred.cjs" <<'EOF'
require('secure-constructs');
const loaded = pattern => Object.keys(require.cache).some(file => pattern.test(file));
const real = {
  archiver: /[\\/]cdktf[\\/]node_modules[\\/]archiver[\\/]lib[\\/]core\.js$/,
  semver: /[\\/]cdktf[\\/]node_modules[\\/]semver[\\/]classes[\\/]semver\.js$/,
  yaml: /[\\/]cdk8s[\\/]node_modules[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/,
};
if (!loaded(/[\\/]cdktf[\\/]lib[\\/]index\.js$/) || !loaded(/[\\/]cdk8s[\\/]lib[\\/]index\.js$/)) throw new Error('cdktf or cdk8s not loaded');
const early = Object.keys(real).filter(name => loaded(real[name]));
if (early.length > 0) throw new Error(`loaded when the package was imported: ${early.join(', ')}`);
if (require('cdk8s').Yaml.stringify({ a: [1] }) !== 'a:\n  - 1\n' || !loaded(real.yaml)) throw new Error('cdk8s Yaml');
console.log('deferred ok');
EOF
(cd "$app" && node deferred.cjs)

step "the checker on the app's output"
(cd "$app" && npx --no-install secure-constructs check dist --out checked | tail -2)
echo "package-test passed"
