#!/bin/sh
# Fetches dlib's example faces with 68-point annotations (examples/faces/*.jpg and
# testing_with_face_landmarks.xml) from Debian's dlib source package into a cache directory,
# for the landmark-accuracy test (NME) and `adamesh bench`. Nothing is committed.
#
# usage: scripts/fetch-dlib-faces.sh [CACHE_DIR]   (default: ${ADAMESH_CACHE:-$HOME/.cache/adamesh}/dlib-faces)
# Prints the directory holding testing_with_face_landmarks.xml on success.
# Needs apt-get and dpkg-source (dpkg-dev); uses a private sources list, never the system one.
set -eu
cache="${1:-${ADAMESH_CACHE:-$HOME/.cache/adamesh}/dlib-faces}"
suite="${DLIB_DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
if [ -f "$cache/faces/testing_with_face_landmarks.xml" ]; then
    echo "$cache/faces"
    exit 0
fi
command -v apt-get >/dev/null || { echo "fetch-dlib-faces: apt-get not found" >&2; exit 1; }
command -v dpkg-source >/dev/null || { echo "fetch-dlib-faces: dpkg-source not found (apt-get install dpkg-dev)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc" "$work/lists/partial" "$work/archives/partial" "$work/src"
echo "deb-src $mirror $suite main" > "$work/etc/sources.list"
apt_opts="-o Dir::Etc::SourceList=$work/etc/sources.list -o Dir::Etc::SourceParts=/dev/null \
 -o Dir::State::Lists=$work/lists -o Dir::Cache::Archives=$work/archives -o APT::Sandbox::User=root \
 -o Debug::NoLocking=1"
# shellcheck disable=SC2086
apt-get -q $apt_opts update >&2
# shellcheck disable=SC2086
(cd "$work/src" && apt-get -q $apt_opts source --download-only dlib >&2)
dsc="$(ls "$work"/src/dlib_*.dsc | head -n 1)"
(cd "$work/src" && dpkg-source --no-check -x "$dsc" dlib >&2)
mkdir -p "$cache.tmp"
rm -rf "$cache.tmp/faces"
cp -r "$work/src/dlib/examples/faces" "$cache.tmp/faces"
mkdir -p "$(dirname "$cache")"
rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "$cache/faces"
