#!/bin/sh
# Re-render the committed PNG icons (and the copy the window loads) from the
# one SVG source. Run after editing resources/io.github.ixcoach.Desktop.svg;
# needs rsvg-convert (Debian: librsvg2-bin).
set -eu
cd "$(dirname "$0")/.."
source=resources/io.github.ixcoach.Desktop.svg
command -v rsvg-convert >/dev/null || { echo "render-icons: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }
for size in 48 64 128 256; do
    folder=resources/icons/hicolor/${size}x${size}/apps
    mkdir -p "$folder"
    rsvg-convert --width "$size" --height "$size" "$source" --output "$folder/io.github.ixcoach.Desktop.png"
done
cp "$source" ixcoach_desktop/resources/ixcoach-desktop.svg
