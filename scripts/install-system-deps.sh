#!/usr/bin/env bash
# System packages a fresh Debian/Ubuntu machine lacks for mpsim: Qt's xcb platform libraries (a real
# window), QtWebEngine's (Chromium: NSS, GBM, ALSA, X extensions; from `ldd` of libQt6WebEngineCore and
# QtWebEngineProcess in PySide6-Addons), Xvfb (the real-window test and screenshots), and a CJK font
# (Chinese must not render as boxes).
# Idempotent: installs only what is missing. Runs as root or through sudo.
set -euo pipefail

PACKAGES=(
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0
  libnss3 libnspr4 libgbm1 libasound2 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1
  libxcb-dri3-0 libxrender1 libxext6 libxfixes3 libx11-6
  xvfb xauth fonts-wqy-microhei fonts-noto-color-emoji
  openssl  # the HTTP/2 tests make a throwaway TLS certificate with it
)

# Ubuntu 24.04 renamed some libraries with a t64 suffix (libasound2 -> libasound2t64); either counts.
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" \
    || dpkg-query -W -f='${Status}' "${1}t64" 2>/dev/null | grep -q "install ok installed"
}

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: no apt-get here; install the equivalents of: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-system-deps: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
for i in "${!missing[@]}"; do
  p="${missing[$i]}"
  if ! apt-cache show "$p" 2>/dev/null | grep -q '^Filename:' && apt-cache show "${p}t64" >/dev/null 2>&1; then
    missing[$i]="${p}t64"
  fi
done
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
