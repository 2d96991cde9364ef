#!/usr/bin/env bash
# Integration-test snapshots, without an AWS account.
#
#   scripts/integ-snapshots.sh update   synthesize each test/integ/integ.*.ts into <file>.snapshot/
#   scripts/integ-snapshots.sh verify   synthesize again and fail if any template differs
#
# integ-runner does this natively, but the newest integ-runner on the registry this project can
# reach (2.197.10) cannot read the cloud assembly schema of aws-cdk-lib 2.258 (54): the snapshots
# are written with the cdk CLI in integ-runner's layout, so a newer integ-runner reads them as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-verify}"
normalize() { sed -E 's/"salt": "[0-9]+"/"salt": "<synth time>"/' "$1" 2>/dev/null; }
status=0
for test in test/integ/integ.*.ts; do
  snapshot="${test}.snapshot"
  app="npx ts-node --project test/integ/tsconfig.json --prefer-ts-exts ${test}"
  if [ "$mode" = update ]; then
    rm -rf "$snapshot"
    npx cdk synth --quiet --app "$app" --output "$snapshot" >/dev/null
    rm -f "$snapshot/cdk.out" "$snapshot"/*.assets.json "$snapshot/tree.json"
    echo "updated $snapshot"
  else
    fresh=$(mktemp -d)
    npx cdk synth --quiet --app "$app" --output "$fresh" >/dev/null
    for template in "$snapshot"/*.template.json; do
      name=$(basename "$template")
      # the assertion provider salts each call with the synth time so that it re-runs on every deploy
      if ! diff -u <(normalize "$template") <(normalize "$fresh/$name") >/dev/null 2>&1; then
        echo "CHANGED  $test: $name differs from the committed snapshot (run: npx projen integ:update, and read the diff)"
        diff -u <(normalize "$template") <(normalize "$fresh/$name") | head -40 || true
        status=1
      fi
    done
    fresh_count=$(ls "$fresh"/*.template.json | wc -l)
    committed_count=$(ls "$snapshot"/*.template.json | wc -l)
    if [ "$fresh_count" != "$committed_count" ]; then
      echo "CHANGED  $test: $fresh_count templates now, $committed_count in the snapshot"
      status=1
    fi
    if [ $status -eq 0 ]; then echo "UNCHANGED  $test"; fi
    rm -rf "$fresh"
  fi
done
exit $status
