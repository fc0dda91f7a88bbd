#!/usr/bin/env bash
# Builds the trainer and serving images from BUILD_DIR/app/covertype and runs them as Vertex AI would:
# a tuning trial (hypertune metric file), a final training run (model.json in $AIP_MODEL_DIR), the
# server under the AIP_* contract answering a two-instance prediction and stopping cleanly on
# SIGTERM, and the same trainer and server reading and writing gs:// on the fake Google Cloud
# through its metadata server. Every wait is bounded; exits non-zero on the first failure.
# Usage: scripts/test-containers.sh BUILD_DIR   (make test-containers; docs/cloud.md, "Containers")
# Data: $COVERTYPE_DATA_DIR/covertype_75k.csv (default ../shared/data/covertype).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ $# -ne 1 ]]; then
  echo "usage: scripts/test-containers.sh BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
binary=$build/app/covertype
fake_gcloud=$build/tests/fakecloud/fake-gcloud
data=${COVERTYPE_DATA_DIR:-$repo/../shared/data/covertype}/covertype_75k.csv
tag="test"
trainer=localhost/covertype-trainer:$tag
serving=localhost/covertype-serving:$tag

fail() {
  echo "test-containers: FAIL: $*" >&2
  exit 1
}
step() { echo "test-containers: $*"; }

[[ -x $binary ]] || fail "no $binary: build it first (cmake --build $1 --target covertype)"
[[ -f $data ]] || fail "no data at $data (set COVERTYPE_DATA_DIR)"
command -v curl >/dev/null || fail "curl is missing: scripts/install-deps.sh --containers"

work=$(mktemp -d "${TMPDIR:-/tmp}/covertype-containers.XXXXXX")
containers=()
fake_pid=
cleanup() {
  local rc=$?
  for c in "${containers[@]}"; do
    covertype_podman rm -f -t 2 "$c" >/dev/null 2>&1 || true
  done
  if [[ -n $fake_pid ]]; then
    kill "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source-path=SCRIPTDIR/..
# shellcheck source=packaging/containers/podman.sh
source "$repo/packaging/containers/podman.sh"
covertype_podman_setup "$work/podman" || fail "podman is not usable"
# The same flags as words, for `timeout`, which runs programs, not shell functions.
read -r -a podman_flags <<<"$COVERTYPE_PODMAN_FLAGS"
started=$SECONDS

start=$SECONDS
"$repo/packaging/containers/build-images.sh" --binary "$binary" --tag "$tag" --work-dir "$work/images" ||
  fail "build-images.sh failed"
step "images built in $((SECONDS - start)) s"
covertype_podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep ":$tag " || true

"$binary" split --data "$data" --out "$work/split" >/dev/null || fail "covertype split failed"
datasets=$work/split/datasets
out=$work/out
mkdir -p "$out"
# The images run as uid 1000: the output directory must be writable for it.
chmod 0777 "$out"

# A container that outlives its bound is removed by the trap; `timeout` bounds the client.
run() {
  local name=covertype-test-$$-$1
  shift
  containers+=("$name")
  timeout 300 podman "${podman_flags[@]}" run --network host --name "$name" "$@"
}

step "trainer: a tuning trial"
run trial --rm -v "$datasets:/data:ro" -v "$out:/out" \
  -e CLOUD_ML_HP_METRIC_FILE=/out/hypertune/output.metrics -e CLOUD_ML_TRIAL_ID=7 "$trainer" \
  --training_dataset_path /data/training/data.csv --validation_dataset_path /data/validation/data.csv \
  --alpha=0.0001 --max_iter=200 --hptune True || fail "the tuning trial exited with $?"
metrics=$out/hypertune/output.metrics
[[ -s $metrics ]] || fail "the trial wrote no metric file ($metrics)"
accuracy=$(sed -n 's/.*"accuracy": "\([0-9.]*\)".*"trial": "7".*/\1/p' "$metrics" | tail -1)
[[ -n $accuracy ]] || fail "no accuracy for trial 7 in the metric file: $(cat "$metrics")"
awk -v a="$accuracy" 'BEGIN { exit !(a > 0.6 && a <= 1) }' ||
  fail "the trial's validation accuracy $accuracy is not in (0.6, 1]"
step "  reported accuracy $accuracy for trial 7"

step "trainer: the final model into \$AIP_MODEL_DIR"
run final --rm -v "$datasets:/data:ro" -v "$out:/out" -e AIP_MODEL_DIR=/out/model "$trainer" \
  --training_dataset_path /data/training/data.csv --validation_dataset_path /data/validation/data.csv \
  --alpha=0.0001 --max_iter=200 --hptune False || fail "the final training run exited with $?"
[[ -s $out/model/model.json ]] || fail "no model.json in \$AIP_MODEL_DIR ($out/model)"
# The host's covertype reads the model the container wrote: it parses and predicts held-out rows.
evaluation=$("$binary" evaluate --model "$out/model/model.json" --data "$datasets/testing/data.csv") ||
  fail "covertype evaluate cannot use the container's model.json"
step "  $evaluation"

free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  fail "no free port found"
}

instances='{"instances": [[2998, 9, 6, 30, 0, 1819, 214, 228, 152, 1550, "Rawah", "C7745"],
  {"Elevation": 3225, "Aspect": 270, "Slope": 3, "Horizontal_Distance_To_Hydrology": 360,
   "Vertical_Distance_To_Hydrology": 1, "Horizontal_Distance_To_Roadways": 6068,
   "Hillshade_9am": 212, "Hillshade_Noon": 240, "Hillshade_3pm": 166,
   "Horizontal_Distance_To_Fire_Points": 1114, "Wilderness_Area": "Rawah", "Soil_Type": "C7201"}]}'

# Starts the serving image detached with the AIP_* contract, waits (20 s at most) for the health
# route, sends the two instances, checks two predictions, stops it with SIGTERM and checks exit 0.
serve_and_check() {
  local label=$1
  shift
  local port name
  port=$(free_port)
  name=covertype-test-$$-serve-$label
  containers+=("$name")
  step "serving ($label) on port $port"
  timeout 60 podman "${podman_flags[@]}" run --network host -d --name "$name" -e AIP_HTTP_PORT="$port" -e AIP_HEALTH_ROUTE=/health \
    -e AIP_PREDICT_ROUTE=/predict "$@" "$serving" >/dev/null || fail "podman run of $serving failed"
  local deadline=$((SECONDS + 20))
  until curl -sf --max-time 2 "http://127.0.0.1:$port/health" >/dev/null; do
    if [[ $(covertype_podman inspect --format '{{.State.Running}}' "$name") != true ]]; then
      covertype_podman logs "$name" >&2 || true
      fail "the server ($label) exited before it was healthy"
    fi
    if ((SECONDS >= deadline)); then
      covertype_podman logs "$name" >&2 || true
      fail "the server ($label) was not healthy on :$port/health within 20 s"
    fi
    sleep 0.2
  done
  local answer
  answer=$(curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' --data "$instances" \
    "http://127.0.0.1:$port/predict") || fail "POST /predict ($label) failed"
  [[ $answer =~ ^\{\"predictions\":\[[1-7],[1-7]\]\}$ ]] ||
    fail "POST /predict ($label) answered '$answer', expected two Cover_Type predictions"
  step "  POST /predict: $answer"
  timeout 30 podman "${podman_flags[@]}" stop -t 10 "$name" >/dev/null ||
    fail "podman stop ($label) failed"
  local code
  code=$(covertype_podman inspect --format '{{.State.ExitCode}}' "$name")
  if [[ $code != 0 ]]; then
    covertype_podman logs "$name" >&2 || true
    fail "the server ($label) exited with $code after SIGTERM, expected 0"
  fi
  step "  stopped by SIGTERM, exit code 0"
}

serve_and_check local -v "$out/model:/model:ro" -e AIP_STORAGE_URI=/model

# gs:// through the metadata server, as in a Vertex AI job: the fake Google Cloud on 127.0.0.1,
# which the containers reach over the host network.
if [[ ! -x $fake_gcloud ]]; then
  fail "no $fake_gcloud: build it first (cmake --build $1 --target fake-gcloud)"
fi
step "trainer and server on gs:// (fake Google Cloud, metadata-server credentials)"
"$fake_gcloud" --dir "$work/fakecloud" --bucket covertype-test >"$work/fakecloud.env" 2>&1 &
fake_pid=$!
deadline=$((SECONDS + 20))
until grep -q '^export STORAGE_EMULATOR_HOST=' "$work/fakecloud.env" 2>/dev/null; do
  kill -0 "$fake_pid" 2>/dev/null || fail "fake-gcloud exited: $(cat "$work/fakecloud.env")"
  ((SECONDS < deadline)) || fail "fake-gcloud printed no environment within 20 s"
  sleep 0.1
done
eval "$(grep -E '^export (GCE_METADATA_HOST|STORAGE_EMULATOR_HOST|GOOGLE_APPLICATION_CREDENTIALS)=' \
  "$work/fakecloud.env")"
for set in training validation; do
  timeout 60 "$binary" cloud cp "$datasets/$set/data.csv" "gs://covertype-test/data/$set.csv" \
    >/dev/null || fail "uploading the $set set to the fake Cloud Storage failed"
done
# The containers get no key file: their credentials come from the metadata server alone.
run gcs --rm -e GCE_METADATA_HOST -e STORAGE_EMULATOR_HOST "$trainer" \
  --training_dataset_path gs://covertype-test/data/training.csv \
  --validation_dataset_path gs://covertype-test/data/validation.csv \
  --job_dir gs://covertype-test/model --max_iter=200 --hptune False ||
  fail "the trainer on gs:// exited with $?"
listing=$(timeout 60 "$binary" cloud ls gs://covertype-test/model/) || fail "cloud ls failed"
[[ $listing == *gs://covertype-test/model/model.json* ]] ||
  fail "the trainer wrote no gs://covertype-test/model/model.json (listing: $listing)"
serve_and_check gcs -e GCE_METADATA_HOST -e STORAGE_EMULATOR_HOST \
  -e AIP_STORAGE_URI=gs://covertype-test/model

step "PASS in $((SECONDS - started)) s"
