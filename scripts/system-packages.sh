#!/usr/bin/env bash
# Install the Debian packages Puente needs, when they are missing.
#   run:  WeasyPrint's text layout (Pango)
#   test: + poppler (pdftotext, pdffonts), zbar (QR decoding), gettext (msgfmt)
#   ci:   + Chromium and its driver for the browser journeys
set -euo pipefail
level=${1:-run}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
[[ $level == test || $level == ci ]] && packages+=(poppler-utils zbar-tools gettext)
[[ $level == ci ]] && packages+=(chromium chromium-driver)
# Browser journeys inject axe-core from npm; use Debian's npm only where none is installed.
[[ $level == ci ]] && ! command -v npm >/dev/null && packages+=(nodejs npm)

if ! command -v dpkg-query >/dev/null; then
  echo "system-packages: not a Debian system; install the equivalents of: ${packages[*]}" >&2
  exit 0
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "system-packages: installing ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  apt_get=(apt-get)
elif sudo -n true 2>/dev/null; then
  apt_get=(sudo -n apt-get)
else
  echo "system-packages: please run: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
