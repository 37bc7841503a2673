#!/bin/sh
# Remove IX Coach Desktop as install.sh placed it. Your journal, its backups
# and your settings are kept: they are yours, not part of the installation.
#
#   uninstall.sh                  # the copy this script belongs to, or ~/.local
#   uninstall.sh --prefix /opt/x  # the installation under another prefix
set -eu

APP_ID=io.github.ixcoach.Desktop
NAME=ixcoach-desktop

usage() {
    echo "usage: $0 [--prefix PREFIX]"
}

here=$(cd "$(dirname "$0")" && pwd)
# Installed as PREFIX/lib/ixcoach-desktop/uninstall.sh: that PREFIX is the default.
case $here in
    */lib/$NAME) prefix=${here%/lib/"$NAME"} ;;
    *) prefix=$HOME/.local ;;
esac
while [ $# -gt 0 ]; do
    case $1 in
        --prefix)
            [ $# -ge 2 ] || { usage >&2; exit 2; }
            prefix=$2
            shift 2 ;;
        --prefix=*)
            prefix=${1#--prefix=}
            shift ;;
        -h | --help)
            usage
            exit 0 ;;
        *)
            echo "uninstall.sh: unknown argument '$1'" >&2
            usage >&2
            exit 2 ;;
    esac
done
if [ -z "$prefix" ] || [ ! -d "$prefix" ]; then
    echo "uninstall.sh: no such folder: '$prefix'" >&2
    exit 1
fi
prefix=$(cd "$prefix" && pwd)

app_dir=$prefix/lib/$NAME
launcher=$prefix/bin/$NAME
share=$prefix/share
if [ ! -x "$app_dir/$NAME" ]; then
    echo "uninstall.sh: IX Coach Desktop is not installed under $prefix" >&2
    exit 1
fi

# Only our own link: a launcher that is a real file belongs to something else.
if [ -L "$launcher" ] && [ "$(readlink "$launcher")" = "$app_dir/$NAME" ]; then
    rm -f "$launcher"
fi
rm -f "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml"
rm -f "$share"/icons/hicolor/*/apps/"$APP_ID".png "$share"/icons/hicolor/*/apps/"$APP_ID".svg
if [ -f "$share/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache --quiet --force "$share/icons/hicolor" || true
fi
rm -rf "$app_dir"

echo "Removed IX Coach Desktop from $prefix."
echo "Your journal and its backups are kept in ${XDG_DATA_HOME:-$HOME/.local/share}/$NAME"
echo "(or wherever you pointed --data-dir); delete that folder yourself to erase them."
