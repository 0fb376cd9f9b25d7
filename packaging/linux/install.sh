#!/bin/sh
# Install this LawGov Desktop folder for the current user — no root, nothing outside $HOME:
#
#   ./install.sh              install (or update) into ~/.local/opt/lawgov-desktop
#   ./install.sh --uninstall  remove the program, its menu entry, icons and file type
#
# The programs go to ~/.local/opt/lawgov-desktop (LAWGOV_PREFIX to change), the commands
# lawgov-desktop and lawgov to ~/.local/bin, the menu entry, icons and the .lawgov file type
# to ~/.local/share.  Projects are never here: they live in ~/.local/share/LawGov Desktop/,
# which uninstalling leaves alone.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
PREFIX=${LAWGOV_PREFIX:-$HOME/.local/opt/lawgov-desktop}
BIN=$HOME/.local/bin
APPS=$DATA_HOME/applications
ICONS=$DATA_HOME/icons/hicolor
MIME=$DATA_HOME/mime
SIZES="16 24 32 48 64 128 256 512"

refresh() {
  if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$MIME" || true; fi
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$APPS" || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t -f "$ICONS" || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$BIN/lawgov-desktop" "$BIN/lawgov" "$APPS/lawgov-desktop.desktop" \
        "$MIME/packages/lawgov-desktop.xml" "$ICONS/scalable/apps/lawgov-desktop.svg"
  for s in $SIZES; do rm -f "$ICONS/${s}x${s}/apps/lawgov-desktop.png"; done
  case "$PREFIX" in
    */lawgov-desktop) rm -rf "$PREFIX" ;;
    *) echo "not removing $PREFIX (its name is not lawgov-desktop); delete it by hand" >&2 ;;
  esac
  refresh
  echo "LawGov Desktop removed. Your projects are still in $DATA_HOME/LawGov Desktop/"
  exit 0
fi

[ -x "$HERE/lawgov-desktop" ] || { echo "install.sh: run it from the LawGov Desktop folder" >&2; exit 1; }
if [ "$HERE" != "$PREFIX" ]; then
  mkdir -p "$(dirname "$PREFIX")"
  rm -rf "$PREFIX.new"
  cp -R "$HERE" "$PREFIX.new"
  rm -rf "$PREFIX"
  mv "$PREFIX.new" "$PREFIX"
fi

mkdir -p "$BIN" "$APPS" "$MIME/packages" "$ICONS/scalable/apps"
ln -sf "$PREFIX/lawgov-desktop" "$BIN/lawgov-desktop"
ln -sf "$PREFIX/lawgov" "$BIN/lawgov"
sed -e "s|^Exec=lawgov-desktop|Exec=\"$PREFIX/lawgov-desktop\"|" \
    -e "s|^TryExec=lawgov-desktop|TryExec=$PREFIX/lawgov-desktop|" \
    "$PREFIX/share/lawgov-desktop.desktop" >"$APPS/lawgov-desktop.desktop"
cp "$PREFIX/share/lawgov-desktop-mime.xml" "$MIME/packages/lawgov-desktop.xml"
icons=$PREFIX/_internal/resources/icons
cp "$icons/lawgov-desktop.svg" "$ICONS/scalable/apps/lawgov-desktop.svg"
for s in $SIZES; do
  mkdir -p "$ICONS/${s}x${s}/apps"
  cp "$icons/lawgov-desktop-$s.png" "$ICONS/${s}x${s}/apps/lawgov-desktop.png"
done
refresh

echo "LawGov Desktop installed in $PREFIX"
echo "Start it from the applications menu, or run: lawgov-desktop   (command line: lawgov --help)"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "note: $BIN is not on your PATH" ;; esac
echo "Your projects will be kept in $DATA_HOME/LawGov Desktop/"
