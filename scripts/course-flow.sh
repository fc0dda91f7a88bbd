#!/usr/bin/env bash
# The course workflow end to end from the CLI: info, split, tuning trials, final training,
# evaluation, prediction. Usage: scripts/course-flow.sh COVERTYPE_BINARY DATA_FILE [OUT_DIR]
set -euo pipefail
bin=${1:?covertype binary}
data=${2:?data file}
out=${3:-$(dirname "$bin")/../course-flow}
if [[ ! -f "$data" ]]; then
  echo "course-flow: data file '$data' not found; run: make run DATA=/path/to/covertype.csv" >&2
  exit 1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
step() { printf '\n== %s\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

step "1. Inspect the table" "$bin" info --data "$data"
step "2. Split as BigQuery would (lots 1-4 training, 8 validation, 9 testing)" \
  "$bin" split --data "$data" --out "$out/split"
step "   The same split as BigQuery SQL" \
  "$bin" split --sql --table covertype_dataset.covertype

best_acc=0; best_alpha=; best_iter=
export CLOUD_ML_HP_METRIC_FILE="$out/hypertune/output.metrics"
for trial in "0.0001 500" "0.0003 1000" "0.001 500"; do
  set -- $trial
  step "3. Tuning trial alpha=$1 max_iter=$2 (--hptune True)" \
    "$bin" train --job_dir "$out/trial" \
      --training_dataset_path "$out/split/datasets/training/data.csv" \
      --validation_dataset_path "$out/split/datasets/validation/data.csv" \
      --alpha="$1" --max_iter="$2" --hptune True
  acc=$(sed -n 's/.*"accuracy": "\([0-9.e-]*\)".*/\1/p' "$CLOUD_ML_HP_METRIC_FILE" | tail -n 1)
  if awk -v a="$acc" -v b="$best_acc" 'BEGIN { exit !(a > b) }'; then
    best_acc=$acc; best_alpha=$1; best_iter=$2
  fi
done
printf '\nBest trial: alpha=%s max_iter=%s validation accuracy=%s\n' "$best_alpha" "$best_iter" "$best_acc"

step "4. Final training on training + validation with the best values (--hptune False)" \
  "$bin" train --job_dir "$out/model" \
    --training_dataset_path "$out/split/datasets/training/data.csv" \
    --validation_dataset_path "$out/split/datasets/validation/data.csv" \
    --alpha "$best_alpha" --max_iter "$best_iter" --hptune False
step "5. Evaluate on testing" \
  "$bin" evaluate --model "$out/model/model.json" --data "$out/split/datasets/testing/data.csv" --metric accuracy
cat > "$out/instances.json" <<'JSON'
[2841, 45, 0, 644, 282, 1376, 218, 237, 156, 1003, "Commanche", "C4758"]
{"Elevation": 3092, "Aspect": 163, "Slope": 13, "Horizontal_Distance_To_Hydrology": 30, "Vertical_Distance_To_Hydrology": 5, "Horizontal_Distance_To_Roadways": 4886, "Hillshade_9am": 232, "Hillshade_Noon": 243, "Hillshade_3pm": 139, "Horizontal_Distance_To_Fire_Points": 1456, "Wilderness_Area": "Rawah", "Soil_Type": "C7745"}
JSON
step "6. Predict" "$bin" predict --model "$out/model/model.json" --json-instances "$out/instances.json"
here=$(cd "$(dirname "$0")" && pwd)
step "7. The whole pipeline: tune with the course's config.yaml, retrain, evaluate, gate at 0.69" \
  "$bin" pipeline run --data "$data" --config "$here/../bench/configs/course-config.yaml" \
    --metric accuracy --threshold 0.69 --store "$out/runs.sqlite" --out "$out/pipeline"
printf '\nEverything is in %s\n' "$out"
