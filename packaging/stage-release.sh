#!/bin/sh
# Lay out the release tarball's folder: the frozen app plus what install.sh
# places on the system.
#
#   stage-release.sh BUNDLE DEST
#
# BUNDLE is the one-folder app (dist/ixcoach-desktop); DEST must not exist yet.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BUNDLE DEST" >&2; exit 2; }
bundle=$1
dest=$2
APP_ID=io.github.ixcoach.Desktop
NAME=ixcoach-desktop
resources=$(cd "$(dirname "$0")/../resources" && pwd)
packaging=$(cd "$(dirname "$0")" && pwd)

[ -x "$bundle/$NAME" ] || { echo "stage-release.sh: no app at $bundle/$NAME" >&2; exit 1; }
[ ! -e "$dest" ] || { echo "stage-release.sh: $dest already exists" >&2; exit 1; }

mkdir -p "$dest/share/applications" "$dest/share/metainfo" "$dest/share/icons/hicolor/scalable/apps"
cp -RP "$bundle" "$dest/$NAME"
cp "$packaging/install.sh" "$packaging/uninstall.sh" "$dest/"
cp "$resources/$APP_ID.desktop" "$dest/share/applications/"
cp "$resources/$APP_ID.metainfo.xml" "$dest/share/metainfo/"
cp -R "$resources/icons/hicolor/." "$dest/share/icons/hicolor/"
cp "$resources/$APP_ID.svg" "$dest/share/icons/hicolor/scalable/apps/"
