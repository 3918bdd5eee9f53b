#!/usr/bin/env bash
# Refreshes the front-end libraries vendored into wwwroot/lib from the npm registry.
# The files are committed, so neither running nor testing the site needs npm; run this only to upgrade.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lib="$here/src/CbtProgram.Web/wwwroot/lib"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund bootstrap@5.3.9 chart.js@4.6.1 >/dev/null
rm -rf "$lib/bootstrap" "$lib/chart.js"
mkdir -p "$lib/bootstrap/css" "$lib/bootstrap/js" "$lib/chart.js"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$lib/bootstrap/css/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$lib/bootstrap/js/"
cp node_modules/bootstrap/LICENSE "$lib/bootstrap/LICENSE"
cp node_modules/chart.js/dist/chart.umd.min.js "$lib/chart.js/"
cp node_modules/chart.js/LICENSE.md "$lib/chart.js/LICENSE.md"
echo "vendored bootstrap $(node -p "require('./node_modules/bootstrap/package.json').version") and chart.js $(node -p "require('./node_modules/chart.js/package.json').version") into $lib"
