#!/usr/bin/env bash
# Build the one-folder app with PyInstaller, then smoke-run the frozen programs.
#
#   packaging/build.sh            (Linux or macOS; non-interactive, needs no display)
#
# 1. a build virtual environment (build/venv, or $LAWGOV_BUILD_VENV) with the project and its
#    `packaging` extra (PyInstaller) — created, or updated when pyproject.toml changed;
# 2. pyinstaller packaging/lawgov-desktop.spec -> dist/LawGovDesktop/ (lawgov-desktop, lawgov);
#    on Linux the .desktop file, MIME type and install.sh are added and the folder is packed as
#    dist/LawGovDesktop-VERSION-linux-ARCH.tar.gz; on macOS dist/LawGov Desktop.app is made too;
# 3. packaging/smoke_frozen.py runs the frozen programs from fresh home folders (reports, annotate,
#    export in every format, import, align, screenshot, a real first start) — any failure fails
#    the build;
# 4. prints the build time and the bundle size.
#
# Settings (environment): PYTHON (interpreter for the build venv, default python3),
# LAWGOV_BUILD_VENV, LAWGOV_DIST_DIR (default dist/), LAWGOV_WORK_DIR (default build/pyinstaller),
# LAWGOV_SKIP_SMOKE=1 (build only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${LAWGOV_BUILD_VENV:-$ROOT/build/venv}"
DIST="${LAWGOV_DIST_DIR:-$ROOT/dist}"
WORK="${LAWGOV_WORK_DIR:-$ROOT/build/pyinstaller}"
APP_DIR="$DIST/LawGovDesktop"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"  # icons and hooks may start Qt: no display needed
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

say() { printf '==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
seconds() { "$PY" -c 'import time; print(f"{time.time():.3f}")'; }

mkdir -p "$WORK"

# --- 1. build environment -------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ] && [ ! -x "$VENV/Scripts/python.exe" ]; then
  say "creating the build environment $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [ -x "$VENV/bin/python" ]; then PY="$VENV/bin/python"; else PY="$VENV/Scripts/python.exe"; fi
stamp="$VENV/.lawgov-build-stamp"
wanted="$("$PY" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$ROOT/pyproject.toml")"
if ! "$PY" -c 'import PyInstaller, lawgov_desktop' >/dev/null 2>&1 || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  say "installing the project and PyInstaller into the build environment"
  if ! "$PY" -m pip install -e "$ROOT[packaging]" >"$WORK/pip.log" 2>&1; then
    tail -n 30 "$WORK/pip.log" >&2
    die "pip install failed (full log: $WORK/pip.log)"
  fi
  echo "$wanted" >"$stamp"
fi
for f in lawgov-desktop.svg lawgov-desktop.ico lawgov-desktop.icns lawgov-desktop-256.png; do
  [ -f "$ROOT/resources/icons/$f" ] || die "missing resources/icons/$f (run: $PY packaging/make_icons.py)"
done
VERSION="$("$PY" -c 'import lawgov_desktop; print(lawgov_desktop.__version__)')"
say "$("$PY" -m PyInstaller --version | sed 's/^/PyInstaller /') · LawGov Desktop $VERSION · $("$PY" -c 'import platform; print(platform.system(), platform.machine())')"

# --- 2. build -------------------------------------------------------------------------------
say "building $APP_DIR"
rm -f "$DIST"/LawGovDesktop-*.tar.gz
t0="$(seconds)"
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" \
    "$ROOT/packaging/lawgov-desktop.spec" >"$WORK/pyinstaller.log" 2>&1; then
  tail -n 40 "$WORK/pyinstaller.log" >&2
  die "PyInstaller failed (full log: $WORK/pyinstaller.log)"
fi
t1="$(seconds)"

TARBALL=""
case "$(uname -s)" in
  Linux)
    cp "$ROOT/packaging/linux/install.sh" "$APP_DIR/install.sh"
    chmod +x "$APP_DIR/install.sh"
    mkdir -p "$APP_DIR/share"
    cp "$ROOT/packaging/linux/lawgov-desktop.desktop" "$ROOT/packaging/linux/lawgov-desktop-mime.xml" "$APP_DIR/share/"
    ;;
esac

# --- 3. smoke run -------------------------------------------------------------------------
if [ "${LAWGOV_SKIP_SMOKE:-}" != 1 ]; then
  say "smoke-running the frozen programs from fresh home folders"
  "$PY" "$ROOT/packaging/smoke_frozen.py" "$APP_DIR" || die "the smoke run of $APP_DIR failed"
fi

if [ "$(uname -s)" = Linux ]; then
  TARBALL="$DIST/LawGovDesktop-$VERSION-linux-$(uname -m).tar.gz"
  say "packing $TARBALL"
  tar -C "$DIST" -czf "$TARBALL" LawGovDesktop
fi

# --- 4. report ----------------------------------------------------------------------------
size_mb() { du -sk "$1" | awk '{printf "%.0f MB", $1/1024}'; }
echo
t2="$(seconds)"
printf 'build time:  %s s (PyInstaller), %s s in all with the smoke run\n' \
  "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", b-a}')" "$(awk -v a="$t0" -v b="$t2" 'BEGIN{printf "%.0f", b-a}')"
printf 'bundle:      %s  %s, %s files\n' "$APP_DIR" "$(size_mb "$APP_DIR")" "$(find "$APP_DIR" -type f | wc -l | tr -d ' ')"
[ -n "$TARBALL" ] && printf 'archive:     %s  %s\n' "$TARBALL" "$(size_mb "$TARBALL")"
[ -d "$DIST/LawGov Desktop.app" ] && printf 'macOS app:   %s  %s\n' "$DIST/LawGov Desktop.app" "$(size_mb "$DIST/LawGov Desktop.app")"
exit 0
