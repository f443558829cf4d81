#!/usr/bin/env bash
# Install (or remove) Kontext Studio's menu entry, icons and AppStream metadata for one user.
#
#   packaging/install-desktop.sh [--prefix DIR] [--exec PATH] [--uninstall]
#
#   --prefix DIR   where share/ is (default ~/.local; /usr/local for everyone, as root)
#   --exec PATH    the program the menu entry starts (default: `kontext-studio` when it is on
#                  PATH, else the built bundle dist/kontext-studio/kontext-studio)
#
# It also works from inside a bundle (dist/kontext-studio/_internal/install-desktop.sh), where
# it points the menu entry at that bundle.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="${HOME}/.local"
exec_path=""
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --exec) exec_path="$2"; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install-desktop.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -d "$here/resources" ] && [ -x "$here/../kontext-studio" ]; then
  resources="$here/resources"                      # inside a bundle
  bundle_exe="$(cd "$here/.." && pwd)/kontext-studio"
else
  resources="$(cd "$here/.." && pwd)/resources"    # a source checkout
  bundle_exe="$(cd "$here/.." && pwd)/dist/kontext-studio/kontext-studio"
fi
[ -f "$resources/kontext-studio.desktop" ] || {
  echo "install-desktop.sh: no kontext-studio.desktop in $resources" >&2; exit 1; }

share="$prefix/share"
apps="$share/applications"
icons="$share/icons/hicolor"
metainfo="$share/metainfo"
metainfo_src=("$resources"/*.metainfo.xml)

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$apps" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$icons/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$icons" || true
  fi
  # Plasma and others watch the folders themselves; touching the theme folder nudges GTK.
  touch "$icons" 2>/dev/null || true
}

if [ "$uninstall" -eq 1 ]; then
  rm -f "$apps/kontext-studio.desktop" "$icons/scalable/apps/kontext-studio.svg"
  rm -f "$icons"/*/apps/kontext-studio.png
  for f in "${metainfo_src[@]}"; do rm -f "$metainfo/$(basename "$f")"; done
  refresh
  echo "Removed Kontext Studio's menu entry and icons from $share"
  exit 0
fi

if [ -z "$exec_path" ]; then
  if [ "$resources" = "$here/resources" ]; then
    exec_path="$bundle_exe"
  elif command -v kontext-studio >/dev/null 2>&1; then
    exec_path="kontext-studio"
  elif [ -x "$bundle_exe" ]; then
    exec_path="$bundle_exe"
  else
    exec_path="kontext-studio"
    echo "install-desktop.sh: warning: kontext-studio is not on PATH and no bundle is built;" \
         "the menu entry will work once it is (or pass --exec)." >&2
  fi
fi
# GLib looks for the program of an Exec key before it expands "%%" to "%", so no way of
# writing a "%" in the path gives an entry that GNOME (or anything on GLib) can start.
case "$exec_path" in
  *$'\n'*|*%*)
    echo "install-desktop.sh: the program's path must not contain \"%\" or a line break:" \
         "move the bundle, or pass --exec with a path (a symlink) without one: $exec_path" >&2
    exit 2 ;;
esac

# The program as one argument of a desktop entry's Exec key (Desktop Entry Specification,
# "The Exec key"): a path with a space or another reserved character in double quotes, with
# the four characters special there escaped by a backslash; then every backslash escaped
# again, as in any string value. A bundle unpacked in "~/My Apps" works.
exec_argument() {
  local arg="$1"
  case "$arg" in
    *[[:space:]\\\"\'\>\<~\|\&\;\$\*\?#\(\)\`]*)
      arg="\"$(printf '%s' "$arg" | sed -e 's/[\\"$`]/\\&/g')\"" ;;
  esac
  printf '%s' "$arg" | sed -e 's/\\/\\\\/g'
}

mkdir -p "$apps" "$icons/scalable/apps" "$metainfo"
exec_field="$(exec_argument "$exec_path")"
while IFS= read -r line; do
  case "$line" in
    "Exec=kontext-studio "*) line="Exec=$exec_field ${line#Exec=kontext-studio }" ;;
    "TryExec=kontext-studio") line="TryExec=$(printf '%s' "$exec_path" | sed -e 's/\\/\\\\/g')" ;;
  esac
  printf '%s\n' "$line"
done < "$resources/kontext-studio.desktop" > "$apps/kontext-studio.desktop.tmp"
mv "$apps/kontext-studio.desktop.tmp" "$apps/kontext-studio.desktop"
chmod 0644 "$apps/kontext-studio.desktop"
install -m 0644 "$resources/icons/kontext-studio.svg" "$icons/scalable/apps/kontext-studio.svg"
for png in "$resources"/icons/hicolor/*/apps/kontext-studio.png; do
  size="$(basename "$(dirname "$(dirname "$png")")")"
  install -D -m 0644 "$png" "$icons/$size/apps/kontext-studio.png"
done
for f in "${metainfo_src[@]}"; do install -m 0644 "$f" "$metainfo/$(basename "$f")"; done
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$apps/kontext-studio.desktop"
fi
refresh
echo "Installed Kontext Studio's menu entry (Exec=$exec_path %F) and icons under $share"
