#!/usr/bin/env bash
# The packed package in a real app (what Construct Hub and `npm install cdk-secure-alb` users get):
# `npm pack` of the compiled library, installed into a scratch CDK app together with the newest
# aws-cdk-lib, constructs, aws-cdk CLI and TypeScript on the registry (not this project's pinned dev
# versions); the app (scripts/packed-app/app.ts: both L3 constructs and the assertions submodule) is
# type-checked against the package's .d.ts, synthesized with `cdk synth`, and `cdk-secure-alb-flows`
# reads its cdk.out. Needs `npx projen compile` first. Leaves nothing behind.
set -euo pipefail
project="$(cd "$(dirname "$0")/.." && pwd)"
cd "$project"
if [ ! -f lib/index.js ] || [ ! -f .jsii ]; then
  echo "packed-app: compile first (npx projen compile)" >&2
  exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/cdk-secure-alb-packed-XXXXXX")
trap 'rm -rf "$work"' EXIT

tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
echo "packed-app: $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"

app="$work/app"
mkdir -p "$app"
cp "$project/scripts/packed-app/app.ts" "$app/app.ts"
cd "$app"
cat > package.json <<'JSON'
{ "name": "packed-app", "version": "0.0.0", "private": true }
JSON
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "node16", "moduleResolution": "node16", "strict": true,
    "noEmitOnError": true, "skipLibCheck": false, "types": ["node"], "outDir": "dist"
  },
  "files": ["app.ts"]
}
JSON
cat > cdk.json <<'JSON'
{ "app": "node dist/app.js" }
JSON
npm install --no-audit --no-fund --loglevel=error --cache "$work/npm-cache" \
  "$work/$tarball" aws-cdk-lib@latest constructs@latest aws-cdk@latest typescript@latest @types/node@latest >/dev/null
node -e '
  const v = (p) => require(p + "/package.json").version;
  console.log(`packed-app: cdk-secure-alb ${v("cdk-secure-alb")}, aws-cdk-lib ${v("aws-cdk-lib")}, constructs ${v("constructs")}, aws-cdk ${v("aws-cdk")}, typescript ${v("typescript")}`);'
npx tsc -p tsconfig.json
npx cdk synth --quiet
npx cdk-secure-alb-flows cdk.out > flows.txt
# the flows report names both stacks' load balancers and allows the internet to the public one on 80
grep -q 'PackedInternetFacing' flows.txt || { echo "packed-app: the flows report has no PackedInternetFacing" >&2; cat flows.txt; exit 1; }
grep -q 'PackedInternal' flows.txt || { echo "packed-app: the flows report has no PackedInternal" >&2; cat flows.txt; exit 1; }
cat flows.txt
# every flow the two constructs set up is allowed: a BLOCKED row is a broken package or model
if grep -q '| BLOCKED |' flows.txt; then echo "packed-app: the flows report has BLOCKED rows" >&2; exit 1; fi
echo "packed-app: cdk synth and cdk-secure-alb-flows passed ($(wc -l < flows.txt) lines of flows)"
