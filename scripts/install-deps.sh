#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Covertype Workbench needs to build and test; idempotent.
# Usage: scripts/install-deps.sh [--bench | --fuzz | --containers]   (--bench adds what bench/
#        compares against; --fuzz adds clang 19 and its sanitizer runtimes for tests/fuzz,
#        docs/fuzzing.md; --containers adds podman and buildah for packaging/containers, docs/cloud.md)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  libqcustomplot-dev nlohmann-json3-dev libyaml-cpp-dev libeigen3-dev libfarmhash-dev
  libcurl4-openssl-dev libssl-dev libarchive-dev zlib1g-dev
  xvfb xauth
  # Glyphs for the Korean interface: the window tests measure its layout in Korean too.
  fonts-nanum
  # Qt's own strings in Korean (the Yes/No of a question, the file dialog's buttons).
  qt6-translations-l10n
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3 python3-sklearn python3-pandas python3-flask hyperfine wrk)
fi
if [[ "${1:-}" == "--fuzz" ]]; then
  # clang 14 cannot compile our std::expected code; libclang-rt-19-dev holds libFuzzer, ASan, UBSan.
  packages+=(clang-19 libclang-rt-19-dev)
fi
if [[ "${1:-}" == "--containers" ]]; then
  # runc rather than crun: scripts/test-containers.sh runs podman with --runtime runc.
  packages+=(podman buildah runc curl)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
