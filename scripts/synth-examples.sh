#!/usr/bin/env bash
# `cdk synth --quiet` of the example apps (examples/<name>: cdk-nag and SecureAlbChecks on, a finding
# fails it), as many at a time as the machine has cores (SYNTH_JOBS to change); each app's output is
# printed whole, in the order given, and any failure fails the whole.
#
#   scripts/synth-examples.sh internet-facing public-subnet-s3 ...
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "synth-examples: name the examples (folders under examples/)" >&2; exit 1; }
jobs="${SYNTH_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}"
out=$(mktemp -d "${TMPDIR:-/tmp}/cdk-secure-alb-synth-XXXXXX")
trap 'rm -rf "$out"' EXIT
for name in "$@"; do
  [ -f "examples/$name/cdk.json" ] || { echo "synth-examples: no examples/$name/cdk.json" >&2; exit 1; }
done
# one line per example: its folder; each writes its output and exit status under $out
printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh -c \
  'cd "examples/$1" && { npx cdk synth --quiet > "$2/$1.log" 2>&1; echo $? > "$2/$1.rc"; }' sh {} "$out"
status=0
for name in "$@"; do
  rc=$(cat "$out/$name.rc" 2>/dev/null || echo 1)
  echo "=== examples/$name: cdk synth --quiet ($([ "$rc" = 0 ] && echo ok || echo "FAILED, exit $rc"))"
  cat "$out/$name.log" 2>/dev/null || true
  if [ "$rc" != 0 ]; then status=1; fi
done
exit $status
