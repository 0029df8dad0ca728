#!/usr/bin/env bash
# Builds AdaMesh Studio as a self-contained application with jpackage (Temurin 25): a jlinked
# runtime, the application and its libraries, assets/ and models/ as application content.
#
#   installer/build.sh [--type app-image|deb|rpm|msi|exe|dmg|pkg] [--cuda] [--platform P] [--no-maven]
#
# --type      app-image (default), deb or rpm on Linux; msi or exe on Windows (needs WiX 3 or 4 on
#             PATH; run from Git Bash); dmg or pkg on macOS.
# --cuda      ONNX Runtime with the CUDA 12 execution provider (the pom's `cuda` profile; Linux and
#             Windows x64). Output names get a -cuda suffix.
# --platform  JavaCPP platform of the JavaCV natives (the pom's javacpp.platform): linux-x86_64,
#             windows-x86_64, macosx-x86_64 or macosx-arm64; default: this machine's.
# --no-maven  reuse target/ as built (for repeated packaging runs).
# Extra Maven arguments: ADAMESH_MAVEN_ARGS (e.g. "-o" offline). Output: target/installer/<variant>/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
adamesh_use_jdk

type=app-image
cuda=no
maven=yes
platform=""
while [ $# -gt 0 ]; do
  case "$1" in
    --type) type="$2"; shift 2 ;;
    --type=*) type="${1#--type=}"; shift ;;
    --cuda) cuda=yes; shift ;;
    --platform) platform="$2"; shift 2 ;;
    --platform=*) platform="${1#--platform=}"; shift ;;
    --no-maven) maven=no; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "installer/build.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

case "$(uname -s)" in
  Linux) os=linux; default_platform=linux-x86_64 ;;
  Darwin) os=macos; default_platform="macosx-$( [ "$(uname -m)" = arm64 ] && echo arm64 || echo x86_64)" ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; default_platform=windows-x86_64 ;;
  *) echo "installer/build.sh: unsupported system $(uname -s)" >&2; exit 2 ;;
esac
platform="${platform:-$default_platform}"
case "$platform" in
  linux-x86_64) ort_native=linux-x64 ;;
  linux-arm64) ort_native=linux-aarch64 ;;
  windows-x86_64) ort_native=win-x64 ;;
  macosx-x86_64) ort_native=osx-x64 ;;
  macosx-arm64) ort_native=osx-aarch64 ;;
  *) echo "installer/build.sh: unknown platform $platform" >&2; exit 2 ;;
esac
case "$os:$type" in
  linux:app-image|linux:deb|linux:rpm|windows:app-image|windows:msi|windows:exe|macos:app-image|macos:dmg|macos:pkg) ;;
  *) echo "installer/build.sh: --type $type cannot be built on $os" >&2; exit 2 ;;
esac

variant=cpu
profile=()
if [ "$cuda" = yes ]; then variant=cuda; profile=(-Pcuda); fi
name="AdaMesh Studio"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)"
app_version="${version%-SNAPSHOT}"
work="target/installer/$variant"
start=$(date +%s)

if [ "$maven" = yes ]; then
  adamesh_say "building the application ($variant, $platform)..."
  rm -rf target/lib
  read -ra maven_args <<<"${ADAMESH_MAVEN_ARGS:-}"
  ./mvnw -B -q -DskipTests "-Djavacpp.platform=$platform" "${profile[@]}" "${maven_args[@]}" package
fi

adamesh_say "staging $work/input..."
rm -rf "$work"
mkdir -p "$work/input"
cp target/adamesh-studio-"$version".jar "$work/input/adamesh-studio.jar"
cp target/lib/*.jar "$work/input/"
# ONNX Runtime's jar carries natives for every OS: keep only this platform's.
for ort in "$work"/input/onnxruntime*.jar; do
  mapfile -t other < <(unzip -Z1 "$ort" | grep '^ai/onnxruntime/native/.' | grep -v "^ai/onnxruntime/native/$ort_native/" || true)
  [ "${#other[@]}" -gt 0 ] && zip -q -d "$ort" "${other[@]}"
done
# assets/ and models/ travel with the jars: the launcher sets -Dadamesh.home=$APPDIR (see StudioHome).
cp -r assets "$work/input/assets"
if [ -d models ]; then cp -r models "$work/input/models"; fi

adamesh_say "linking the runtime..."
modules="$(sed -e 's/#.*//' installer/modules.txt | tr -s ' \n' ',' | sed 's/^,//; s/,$//')"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress zip-6 --output "$work/runtime"

icon=installer/icon/adamesh-studio.png
[ "$os" = windows ] && icon=installer/icon/adamesh-studio.ico
[ "$os" = macos ] && icon=installer/icon/adamesh-studio.icns
package_args=()
if [ "$type" != app-image ]; then
  package_args=("@installer/$os/jpackage.args" --license-file LICENSE)
  [ "$variant" = cuda ] && package_args+=(--description "AdaMesh Studio with ONNX Runtime for CUDA 12")
fi
if [ "$os" = linux ] && [ "$type" = deb ] && [ "$variant" = cuda ]; then
  # jpackage installs into <install-dir>/<package name>: /opt/adamesh-studio-cuda beside the CPU package
  package_args+=(--linux-package-name adamesh-studio-cuda)
fi

adamesh_say "jpackage --type $type..."
mkdir -p "$work/out"
"$JAVA_HOME/bin/jpackage" --type "$type" --name "$name" --app-version "$app_version" \
  --input "$work/input" --main-jar adamesh-studio.jar --runtime-image "$work/runtime" \
  --icon "$icon" --dest "$work/out" @installer/common.args "${package_args[@]}"

end=$(date +%s)
adamesh_say "built in $((end - start)) s:"
for f in "$work"/out/*; do
  du -sh "$f" >&2
done
if [ "$type" = app-image ]; then
  adamesh_say "installed size (app image): $(du -sh "$work/out/$name" | cut -f1)"
fi
