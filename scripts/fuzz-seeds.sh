#!/usr/bin/env bash
# Builds the fuzzers' seed corpora in BUILD_DIR/corpus/<target>/ (docs/fuzzing.md): the committed
# seeds of tests/fuzz/seeds/, the course's config.yaml from ../shared/reference/course-workflow.md,
# and what covertype_fuzz_seeds makes from the real table (CSV and UCI slices, models the product
# trains, prediction requests, every tuning config in all three forms). Files already in a corpus
# (what earlier runs found) stay.
# Usage: scripts/fuzz-seeds.sh [BUILD_DIR [DATA.csv]]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-fuzz}"
data="${2:-${COVERTYPE_DATA_DIR:-../shared/data/covertype}/covertype_75k.csv}"
course=../shared/reference/course-workflow.md

if [[ ! -f "$build/fuzzers.tsv" ]]; then
  echo "fuzz-seeds: $build/fuzzers.tsv not found: configure $build with -DCOVERTYPE_FUZZ=ON" >&2
  exit 1
fi
# Committed seeds, and the course's config.yaml (section 4: the first fenced block after the
# heading), gathered first: the tool writes every tuning config among them in all three forms.
staged="$build/seeds-staged"
generated="$build/seeds-generated"
rm -rf "$staged" "$generated"
mkdir -p "$staged" "$generated"
cp -r tests/fuzz/seeds/. "$staged/"
if [[ -f "$course" ]]; then
  mkdir -p "$staged/tuning_gcloud"
  awk '/^## 4\./ {s = 1} s && /^```/ {if (b) exit; b = 1; next} b' "$course" \
    >"$staged/tuning_gcloud/course-workflow.yaml"
else
  echo "fuzz-seeds: $course not found, skipping the course example" >&2
fi
if [[ -f "$data" ]]; then
  "$build/tests/fuzz/covertype_fuzz_seeds" "$data" "$staged" "$generated"
else
  echo "fuzz-seeds: $data not found, skipping the seeds made from the real table" >&2
fi
# loadDataset reads the same tables as files, also compressed the ways readInputFile unpacks:
# gzip, a zip holding a CSV, and a zip holding covtype.data.gz as UCI publishes it.
files="$generated/loaddataset"
mkdir -p "$files"
for table in "$generated"/csv/rows-3.csv "$generated"/uci/rows-3.data "$staged"/csv/*; do
  if [[ -f $table ]]; then
    cp "$table" "$files/"
    gzip -9nc "$table" >"$files/$(basename "$table").gz"
  fi
done
if command -v python3 >/dev/null && [[ -f "$generated/uci/rows-3.data" ]]; then
  python3 - "$generated" "$files" <<'PY'
import gzip, sys, zipfile
generated, out = sys.argv[1], sys.argv[2]
uci = open(f"{generated}/uci/rows-3.data", "rb").read()
with zipfile.ZipFile(f"{out}/covtype.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("covtype.data.gz", gzip.compress(uci, mtime=0))
    z.writestr("covtype.info", "Forest CoverType data\n")
with zipfile.ZipFile(f"{out}/table.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(f"{generated}/csv/rows-3.csv", "split/training.csv")
PY
fi
while IFS=$'\t' read -r target _; do
  mkdir -p "$build/corpus/$target"
  for dir in "$staged/$target" "$generated/$target"; do
    if [[ -d "$dir" ]]; then
      find "$dir" -maxdepth 1 -type f -exec cp -t "$build/corpus/$target/" {} +
    fi
  done
done <"$build/fuzzers.tsv"
rm -rf "$staged" "$generated"
while IFS=$'\t' read -r target _; do
  printf 'fuzz-seeds: %-16s %5d files\n' "$target" "$(find "$build/corpus/$target" -type f | wc -l)"
done <"$build/fuzzers.tsv"
