#!/usr/bin/env bash
# Installs the .deb built by installer/build.sh --type deb (as root), then checks the installed app:
# `doctor` must find the bundled runtime, JavaFX, ONNX Runtime and the head asset, and the studio,
# started under Xvfb with the start-up probe, must print STARTUP_MS=<n> (its first frame with the head).
#
#   sudo installer/test-deb.sh [path/to/adamesh-studio_*.deb] [--keep]
#
# --keep leaves the package installed. ADAMESH_REQUIRE_STARTUP=0 only warns when the studio does
# not print STARTUP_MS (while the studio window is unfinished); the default is to fail.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb=""
keep=no
for arg in "$@"; do
  case "$arg" in
    --keep) keep=yes ;;
    *) deb="$arg" ;;
  esac
done
deb="${deb:-$(ls "$root"/target/installer/cpu/out/adamesh-studio_*.deb 2>/dev/null | head -n 1)}"
[ -f "$deb" ] || { echo "test-deb: no .deb; run installer/build.sh --type deb first" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "test-deb: run as root (dpkg -i)" >&2; exit 2; }
package="$(dpkg-deb -f "$deb" Package)"
home="/opt/$package"
launcher="$home/bin/AdaMesh Studio"
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }

echo "test-deb: installing $deb"
# jpackage's maintainer scripts register the menu entry with xdg-desktop-menu, which fails (and fails
# the install) where no desktop menu system exists, as in CI containers; desktops have these folders.
mkdir -p /etc/xdg/menus /usr/share/desktop-directories /usr/share/applications
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$(realpath "$deb")" >/tmp/test-deb-install.log 2>&1; then
  dpkg -i "$deb" || fail "dpkg -i failed (see /tmp/test-deb-install.log)"
fi
cleanup() { [ "$keep" = yes ] || dpkg -P "$package" >/dev/null 2>&1 || true; }
trap cleanup EXIT
[ -x "$launcher" ] || fail "no launcher at $launcher"
echo "test-deb: installed size $(du -sh "$home" | cut -f1) ($(dpkg-query -W -f='${Installed-Size}' "$package") KiB per dpkg)"
[ -f "/usr/share/applications/$package-AdaMesh_Studio.desktop" ] || ls /usr/share/applications | grep -qi adamesh \
  || fail "no desktop entry installed"

work="$(mktemp -d)"
cd "$work"   # not the checkout: assets must come from the installation
echo "test-deb: $launcher doctor"
ORT_DISABLE_TELEMETRY=1 timeout 120 "$launcher" doctor >"$work/doctor.txt" 2>&1 || true
cat "$work/doctor.txt"
grep -q "Java .*$home/lib/runtime" "$work/doctor.txt" || fail "doctor does not run on the bundled runtime"
grep -q '^JavaFX' "$work/doctor.txt" || fail "doctor shows no JavaFX"
grep -q 'usable: CPUExecutionProvider' "$work/doctor.txt" || fail "ONNX Runtime (CPU) not usable"
grep -q "\[ok\] *assets/openhead.npz *$home/lib/app/assets/openhead.npz" "$work/doctor.txt" \
  || fail "the head asset is not found in the installation"

echo "test-deb: start-up probe under Xvfb"
start=$(date +%s%N)
ADAMESH_PROPERTIES="adamesh.startupProbe=true prism.forceGPU=true" ORT_DISABLE_TELEMETRY=1 \
  timeout 90 xvfb-run -a -s "-screen 0 1920x1080x24" "$launcher" >"$work/startup.txt" 2>&1 || true
wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if grep -q '^STARTUP_MS=' "$work/startup.txt"; then
  echo "test-deb: $(grep '^STARTUP_MS=' "$work/startup.txt") (process wall time ${wall_ms} ms, cold start)"
elif [ "${ADAMESH_REQUIRE_STARTUP:-1}" = 0 ]; then
  echo "test-deb: WARNING: the studio printed no STARTUP_MS (start-up probe not available yet); last lines:"
  tail -n 15 "$work/startup.txt"
else
  tail -n 30 "$work/startup.txt"
  fail "the studio printed no STARTUP_MS within 90 s"
fi
echo "test-deb: PASS"
