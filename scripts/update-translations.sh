#!/usr/bin/env bash
# Refreshes translations/*.ts from the sources (run after changing user-visible strings; the
# build compiles the .ts files with lrelease).
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/lib/qt6/bin/lupdate -locations relative -no-obsolete ui app/workbench \
  -ts translations/covertype_en.ts translations/covertype_ko.ts
