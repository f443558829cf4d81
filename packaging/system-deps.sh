#!/usr/bin/env bash
# Installs the system libraries Qt needs on Debian/Ubuntu. `app`: a real window; `test`: the
# offscreen platform used by the test suite. Elsewhere (macOS, Windows, other Linux) it does
# nothing: the PySide6 wheels carry what they need there.
set -euo pipefail
what="${1:-app}"
command -v apt-get >/dev/null 2>&1 || exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
offscreen=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libbrotli1 fonts-noto-cjk)
window=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1)
packages=("${offscreen[@]}")
[ "$what" = "app" ] && packages+=("${window[@]}")
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
