#!/usr/bin/env bash
# The packed package in a real app (what Construct Hub and `npm install cdk-secure-alb` users get):
# `npm pack` of the compiled library, installed into a scratch CDK app together with the newest
# aws-cdk-lib, constructs, aws-cdk CLI and TypeScript on the registry (not this project's pinned dev
# versions); the app (scripts/packed-app/app.ts: both L3 constructs and the assertions submodule) is
# type-checked against the package's .d.ts, synthesized with `cdk synth`, and `cdk-secure-alb-flows`
# reads its cdk.out. The README's "Use it in your app" blocks (```ts fixture=user-app``` and
# ```ts fixture=user-test```, taken from README.md as written) run there too: the app is synthesized
# with cdk-nag and SecureAlbChecks, the test runs under jest, and the CLI reads that app's cdk.out.
# Needs `npx projen compile` first. Leaves nothing behind.
#
#   scripts/packed-app.sh                     all of it
#   scripts/packed-app.sh prepare DIR         only the scratch app in DIR (a new folder) with the newest
#                                             dependencies, before any compile: .ci/run does this in
#                                             the background while other steps run (it waits on the network)
#   scripts/packed-app.sh --prepared DIR      the rest, in the app `prepare` made (DIR removed at the end)
set -euo pipefail
project="$(cd "$(dirname "$0")/.." && pwd)"
# DIR as an absolute path (it may be given relative to the caller's folder)
dir=""
if [ -n "${2:-}" ]; then dir="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; fi
cd "$project"

# the scratch app and the newest aws-cdk-lib, constructs, aws-cdk CLI and TypeScript, in $1/app
prepare() {
  local app="$1/app"
  mkdir -p "$app"
  cp "$project/scripts/packed-app/app.ts" "$app/app.ts"
  # the README's user section, block for block: its app and its first jest test
  node -e '
    const fs = require("fs");
    const readme = fs.readFileSync(process.argv[1], "utf8");
    for (const [fixture, file] of [["user-app", "readme-app.ts"], ["user-test", "readme.test.ts"]]) {
      const blocks = [...readme.matchAll(new RegExp("^```ts fixture=" + fixture + "\\n([\\s\\S]*?)^```", "gm"))];
      if (blocks.length !== 1) { console.error(`packed-app: README.md has ${blocks.length} blocks \`\`\`ts fixture=${fixture} (expected 1)`); process.exit(1); }
      fs.writeFileSync(`${process.argv[2]}/${file}`, blocks[0][1]);
    }' "$project/README.md" "$app"
  (
  cd "$app"
  cat > package.json <<'JSON'
{ "name": "packed-app", "version": "0.0.0", "private": true }
JSON
  cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "node16", "moduleResolution": "node16", "strict": true,
    "noEmitOnError": true, "skipLibCheck": false, "types": ["node", "jest"], "outDir": "dist"
  },
  "files": ["app.ts", "readme-app.ts", "readme.test.ts"]
}
JSON
  cat > cdk.json <<'JSON'
{ "app": "node dist/app.js" }
JSON
  npm install --no-audit --no-fund --loglevel=error --cache "$1/npm-cache" \
    aws-cdk-lib@latest constructs@latest aws-cdk@latest typescript@latest @types/node@latest \
    cdk-nag@latest jest@latest @types/jest@latest >/dev/null
  )
}

case "${1:-}" in
  prepare)
    [ -n "$dir" ] && [ ! -e "$dir" ] || { echo "packed-app: prepare needs a folder that does not exist yet" >&2; exit 1; }
    mkdir -p "$dir"
    prepare "$dir"
    echo "packed-app: scratch app with the newest dependencies in $dir/app"
    exit 0 ;;
  --prepared)
    work="$dir"
    [ -n "$work" ] && [ -d "$work/app/node_modules/aws-cdk-lib" ] || { echo "packed-app: no prepared app in '$work' (scripts/packed-app.sh prepare DIR)" >&2; exit 1; }
    trap 'rm -rf "$work"' EXIT ;;
  "")
    work=$(mktemp -d "${TMPDIR:-/tmp}/cdk-secure-alb-packed-XXXXXX")
    trap 'rm -rf "$work"' EXIT ;;
  *) echo "packed-app: unknown argument '$1'" >&2; exit 1 ;;
esac
if [ ! -f lib/index.js ] || [ ! -f .jsii ]; then
  echo "packed-app: compile first (npx projen compile)" >&2
  exit 1
fi
if [ "${1:-}" != --prepared ]; then prepare "$work"; fi

tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
echo "packed-app: $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"

cd "$work/app"
npm install --no-audit --no-fund --loglevel=error --cache "$work/npm-cache" "$work/$tarball" >/dev/null
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

# the README's "Use it in your app": its app synthesized (cdk-nag and SecureAlbChecks on: a finding
# fails it), its jest test, and the CLI on that app's cdk.out
npx cdk synth --app 'node dist/readme-app.js' --output cdk.out.readme --quiet
npx jest --ci --rootDir dist readme.test.js
npx cdk-secure-alb-flows cdk.out.readme > readme-flows.txt
grep -q 'WebStack' readme-flows.txt || { echo "packed-app: the README app's flows report has no WebStack" >&2; cat readme-flows.txt; exit 1; }
if grep -q '| BLOCKED |' readme-flows.txt; then echo "packed-app: the README app's flows report has BLOCKED rows" >&2; cat readme-flows.txt; exit 1; fi
echo "packed-app: the README's app, jest test and flows report passed"
