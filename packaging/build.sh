#!/usr/bin/env bash
# Build the one-folder bundle dist/kontext-studio/ with PyInstaller, then smoke-test it.
#
#   packaging/build.sh [--no-self-test] [--archive]
#
# Uses the Python of the current environment ($PYTHON, else the active virtualenv's, else
# python3), which must already have the app installed (pip install -e .). PyInstaller is
# installed into that same environment. --archive also writes
# dist/kontext-studio-<version>-linux-<arch>.tar.gz.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

self_test=1
archive=0
for arg in "$@"; do
  case "$arg" in
    --no-self-test) self_test=0 ;;
    --archive) archive=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ -n "${PYTHON:-}" ]; then
  python="$PYTHON"
elif [ -n "${VIRTUAL_ENV:-}" ]; then
  python="$VIRTUAL_ENV/bin/python"
else
  python="$(command -v python3 || command -v python)"
fi

if ! "$python" -c "import kontext_studio, PySide6, qasync" 2>/dev/null; then
  echo "build.sh: $python cannot import kontext_studio and its dependencies;" \
       "install the app first: $python -m pip install -e ." >&2
  exit 1
fi

# Compiled catalogs (*.qm) are not committed: build them from the .ts sources, if any.
shopt -s nullglob
sources=("$root"/resources/translations/*.ts)
shopt -u nullglob
if [ "${#sources[@]}" -gt 0 ]; then
  lrelease="$(dirname "$python")/pyside6-lrelease"
  [ -x "$lrelease" ] || lrelease="$(command -v pyside6-lrelease || command -v lrelease || true)"
  if [ -z "$lrelease" ]; then
    echo "build.sh: resources/translations has .ts files but no pyside6-lrelease" >&2
    exit 1
  fi
  echo "==> compiling ${#sources[@]} translation(s)"
  for ts in "${sources[@]}"; do
    "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
  done
fi

echo "==> installing PyInstaller into $("$python" -c 'import sys; print(sys.prefix)')"
"$python" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.10"

echo "==> building dist/kontext-studio/"
start=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build" "$root/packaging/kontext-studio.spec"
seconds=$(( $(date +%s) - start ))
bundle="$root/dist/kontext-studio"
size=$(du -sh "$bundle" | cut -f1)
echo "==> built $bundle/kontext-studio in ${seconds} s, ${size}"

if [ "$self_test" -eq 1 ]; then
  echo "==> self-test of the bundle"
  if ! "$bundle/kontext-studio" --self-test; then
    echo "build.sh: the bundle's self-test failed. On a bare Debian/Ubuntu," \
         "packaging/system-deps.sh test installs the libraries Qt needs." >&2
    exit 1
  fi
fi

if [ "$archive" -eq 1 ]; then
  version=$("$python" -c "import kontext_studio; print(kontext_studio.__version__)")
  name="kontext-studio-${version}-linux-$(uname -m).tar.gz"
  tar -C "$root/dist" -czf "$root/dist/$name" kontext-studio
  echo "==> wrote dist/$name ($(du -h "$root/dist/$name" | cut -f1))"
fi
