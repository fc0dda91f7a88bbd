# Covertype Workbench: `make run` and `make test` work from a clean clone (they install what is
# missing first). BUILD_DIR and DATA can be overridden: `make run DATA=covtype.data.gz`.
# `make flow` runs the same workflow with the command-line tool. `make fuzz` runs the libFuzzer
# harnesses for FUZZ_SECONDS each, `make fuzz-smoke` for 20 s each (docs/fuzzing.md).
# `make test-sanitize` builds everything with ASan + UBSan in SANITIZE_DIR and runs every test
# (docs/testing.md). `make test-containers` builds the trainer and serving images from
# BUILD_DIR/app/covertype with podman and runs them (docs/cloud.md, "Containers").
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DATA ?= $(abspath ../shared/data/covertype/covertype_75k.csv)
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 300
SANITIZE_DIR ?= build-sanitize

.PHONY: all deps configure build run flow test test-sanitize test-containers bench fuzz-build fuzz fuzz-smoke format clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Opens the workbench with DATA (the welcome page when DATA is empty: `make run DATA=`).
run: build
	@"$(BUILD_DIR)/app/covertype-workbench" $(if $(DATA),--data "$(DATA)")

# The course workflow on the command line, step by step (split, tune, pipeline, serve).
flow: build
	@scripts/course-flow.sh "$(BUILD_DIR)/app/covertype" "$(DATA)"

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The whole suite under AddressSanitizer, LeakSanitizer and UBSan: GCC, -O1 -g1, no benchmarks
# (tests/sanitize/sanitizeflags.cmake); fails on a failed test or on any sanitizer report, from
# a test or from a covertype process a test started (scripts/test-sanitize.sh).
test-sanitize: deps
	@CXX=g++ cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCOVERTYPE_SANITIZE=ON >/dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)
	@JOBS=$(JOBS) scripts/test-sanitize.sh $(SANITIZE_DIR)

# Not part of `make test`: it needs podman and root (scripts/test-containers.sh). It does not build:
# it uses BUILD_DIR/app/covertype and BUILD_DIR/tests/fakecloud/fake-gcloud as they are.
test-containers:
	@scripts/install-deps.sh --containers
	@scripts/test-containers.sh $(BUILD_DIR)

bench:
	@scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory build BUILD_DIR=build-bench BUILD_TYPE=Release
	@bench/run-all.sh build-bench

# The fuzzing build is separate (clang 19, core libraries and tests/fuzz only, ASan + UBSan).
fuzz-build:
	@scripts/install-deps.sh --fuzz
	@CC=clang-19 CXX=clang++-19 cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCOVERTYPE_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS)
	@scripts/fuzz-seeds.sh $(FUZZ_DIR) $(DATA)

fuzz: fuzz-build
	@scripts/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR)
