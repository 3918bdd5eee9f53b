#!/bin/sh
# Renders the app icons from their SVG sources with this machine's Chromium (headless) and ImageMagick
# (apt-get install imagemagick). Run from this folder: sh render.sh
set -e
page=$(mktemp --suffix=.html)
shot() { # source size output
  printf '<style>html,body{margin:0}img{display:block;width:%spx;height:%spx}</style><img src="file://%s/%s">' "$2" "$2" "$PWD" "$1" > "$page"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
    --default-background-color=00000000 --force-device-scale-factor=1 --window-size="$2,$2" \
    --screenshot="$PWD/$3" "file://$page" 2>/dev/null
}
shot icon.svg 512 icon-512.png
shot icon.svg 192 icon-192.png
shot icon.svg 180 apple-touch-icon.png
shot icon-maskable.svg 512 icon-maskable-512.png
shot icon-maskable.svg 192 icon-maskable-192.png
shot icon.svg 48 icon-48.png
shot icon.svg 32 favicon-32.png
shot icon.svg 16 favicon-16.png
convert favicon-16.png favicon-32.png icon-48.png ../favicon.ico
rm favicon-16.png favicon-32.png "$page"
cp icon.svg ../favicon.svg
