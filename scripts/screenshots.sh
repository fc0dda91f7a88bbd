#!/usr/bin/env bash
# Saves a screenshot of every stage of the workbench to docs/screenshots/ (run from the repository
# root after a build): the real window under xvfb-run, with the shared 75k rows open and a
# throwaway run store and registry.
# Usage: scripts/screenshots.sh [BUILD_DIR] [DATA]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=${2:-../shared/data/covertype/covertype_75k.csv}
work=$(mktemp -d /tmp/covertype-shots.XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
mkdir -p docs/screenshots
xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$build/app/covertype-workbench" --data "$data" --screenshots docs/screenshots \
  --store "$work/runs.sqlite" --registry "$work/registry"
ls -1 docs/screenshots
