# shellcheck shell=bash
# Sourced by build-images.sh and scripts/test-containers.sh: the podman invocation both use.
# COVERTYPE_PODMAN_FLAGS holds the global flags; the default suits a root shell in a container or VM
# without systemd or overlayfs (runc, vfs storage, cgroupfs). On an ordinary workstation
# `COVERTYPE_PODMAN_FLAGS= packaging/containers/build-images.sh` uses podman's own defaults.
# Images built with the default flags are listed with `podman --storage-driver vfs images`.

: "${COVERTYPE_PODMAN_FLAGS=--runtime runc --storage-driver vfs --cgroup-manager cgroupfs}"

# Writes DIR/containers.conf (no default ulimits: raising them fails where the caller cannot) and
# points podman at it; the host's /etc/containers stays untouched.
covertype_podman_setup() {
  local dir=$1
  mkdir -p "$dir"
  printf '[containers]\ndefault_ulimits = []\n' >"$dir/containers.conf"
  export CONTAINERS_CONF="$dir/containers.conf"
  if ! command -v podman >/dev/null; then
    echo "podman is not installed: scripts/install-deps.sh --containers" >&2
    return 1
  fi
}

covertype_podman() {
  # shellcheck disable=SC2086  # the flags are words on purpose
  podman $COVERTYPE_PODMAN_FLAGS "$@"
}
