#!/usr/bin/env bash
# Builds the trainer and serving images from a covertype binary: stages a root filesystem holding
# only the binary, the shared libraries it loads, the C.UTF-8 locale and CA certificates, then builds
# trainer/Containerfile and serving/Containerfile (both FROM scratch) over it with podman.
# Usage: packaging/containers/build-images.sh [--binary PATH] [--tag-prefix PREFIX] [--tag TAG]
#                                             [--work-dir DIR] [--stage-only]
#   --binary      the covertype CLI (default build/app/covertype)
#   --tag-prefix  prepended to the image names (default localhost/), e.g.
#                 europe-west1-docker.pkg.dev/PROJECT/REPOSITORY/
#   --tag         image tag (default latest)
#   --work-dir    where the build context is staged (default build-containers)
#   --stage-only  stage the build context and stop (Cloud Build builds the images with docker)
# Podman runs with $COVERTYPE_PODMAN_FLAGS (packaging/containers/podman.sh). docs/cloud.md, "Containers".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary=$repo/build/app/covertype
prefix=localhost/
tag=latest
work=$repo/build-containers
stage_only=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) binary=$2; shift 2 ;;
    --tag-prefix) prefix=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --work-dir) work=$2; shift 2 ;;
    --stage-only) stage_only=true; shift ;;
    -h | --help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown argument '$1' (--help lists them)" >&2; exit 2 ;;
  esac
done
if [[ ! -x $binary ]]; then
  echo "build-images: no executable at $binary (build it: cmake --build build --target covertype)" >&2
  exit 1
fi
for tool in ldd strip; do
  if ! command -v "$tool" >/dev/null; then
    echo "build-images: $tool is missing (Debian: libc-bin, binutils)" >&2
    exit 1
  fi
done

context=$work/context
rootfs=$context/rootfs
rm -rf "$context"
mkdir -p "$rootfs"/{usr/local/bin,usr/lib/x86_64-linux-gnu,usr/lib64,etc/ssl/certs,tmp} \
  "$context/home/covertype"
# Debian's merged /usr: /lib and /lib64 are links, so the loader's paths and ldd's agree.
ln -s usr/lib "$rootfs/lib"
ln -s usr/lib64 "$rootfs/lib64"
chmod 1777 "$rootfs/tmp"

# The binary without its debug information (118 MB -> 4 MB in RelWithDebInfo); symbols stay.
strip --strip-debug -o "$rootfs/usr/local/bin/covertype" "$binary"
chmod 0755 "$rootfs/usr/local/bin/covertype"

# Every library ldd resolves, under the name the binary asks for, plus the dynamic loader. The
# covertype CLI is a QCoreApplication: Qt loads no platform, TLS or SQL plugin for train or serve
# (checked with strace), and libcurl does its own TLS with OpenSSL.
copied=0
while read -r line; do
  path=
  if [[ $line =~ =\>\ (/[^ ]+)\ \( ]]; then
    path=${BASH_REMATCH[1]}
  elif [[ $line =~ ^(/[^ ]+)\ \( ]]; then
    path=${BASH_REMATCH[1]}
  elif [[ $line == *"not found"* ]]; then
    echo "build-images: ldd cannot resolve a library of $binary: $line" >&2
    exit 1
  fi
  [[ -n $path ]] || continue
  dir=$(realpath "$(dirname "$path")")
  mkdir -p "$rootfs$dir"
  cp -L "$path" "$rootfs$dir/$(basename "$path")"
  copied=$((copied + 1))
done < <(ldd "$binary")

# Qt 6 wants a UTF-8 locale (it warns and falls back otherwise): glibc's C.UTF-8 is 400 kB.
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$rootfs/usr/lib/locale"
  cp -r /usr/lib/locale/C.utf8 "$rootfs/usr/lib/locale/"
fi
# https to Cloud Storage and Vertex AI: libcurl's default bundle path on Debian.
cp -L /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/sbin/nologin\ncovertype:x:1000:1000:covertype:/home/covertype:/sbin/nologin\n' \
  >"$rootfs/etc/passwd"
printf 'root:x:0:\ncovertype:x:1000:\n' >"$rootfs/etc/group"
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
echo "build-images: staged $context ($copied libraries, $(du -sh "$rootfs" | cut -f1))"
if $stage_only; then
  exit 0
fi

# shellcheck source-path=SCRIPTDIR
# shellcheck source=podman.sh
source "$here/podman.sh"
covertype_podman_setup "$work"
for image in trainer serving; do
  name=${prefix}covertype-$image:$tag
  start=$SECONDS
  covertype_podman build --network host --quiet -f "$here/$image/Containerfile" -t "$name" \
    "$context" >/dev/null
  echo "build-images: built $name in $((SECONDS - start)) s"
done
