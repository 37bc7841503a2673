#!/bin/sh
# Install IX Coach Desktop from the unpacked release tarball.
#
#   ./install.sh                  # for you alone, under ~/.local
#   ./install.sh --prefix /opt/x  # anywhere else (run as root for system folders)
#
# Places, under PREFIX:
#   lib/ixcoach-desktop/                   the app (and uninstall.sh)
#   bin/ixcoach-desktop                    a link to start it from a terminal
#   share/applications/io.github.ixcoach.Desktop.desktop
#   share/icons/hicolor/*/apps/io.github.ixcoach.Desktop.{png,svg}
#   share/metainfo/io.github.ixcoach.Desktop.metainfo.xml
# Your journal is not part of the installation: it stays where it is.
set -eu

APP_ID=io.github.ixcoach.Desktop
NAME=ixcoach-desktop

usage() {
    echo "usage: $0 [--prefix PREFIX]   (default PREFIX: ~/.local)"
}

prefix=$HOME/.local
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
            echo "install.sh: unknown argument '$1'" >&2
            usage >&2
            exit 2 ;;
    esac
done
[ -n "$prefix" ] || { echo "install.sh: the prefix must not be empty" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$here/$NAME/$NAME" ]; then
    echo "install.sh: $here/$NAME/$NAME is missing; run install.sh from the unpacked tarball" >&2
    exit 1
fi

case $prefix in
    /*) ;;
    *) prefix=$(pwd)/$prefix ;;
esac
# The desktop entry names the launcher by its absolute, quoted path (so the app
# starts even when PREFIX/bin is not on PATH); these characters would need
# escaping rules that desktop environments do not apply alike.
newline='
'
case $prefix in
    *[\"\`\$\\%]* | *"$newline"*)
        echo "install.sh: the prefix must not contain a line break or any of \" \` \$ \\ %: $prefix" >&2
        exit 2 ;;
esac
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

app_dir=$prefix/lib/$NAME
launcher=$prefix/bin/$NAME
share=$prefix/share

# Copy next to the old version first, then swap, so a failed copy (disk full)
# leaves the previous installation working.
mkdir -p "$prefix/lib" "$prefix/bin"
rm -rf "$app_dir.new"
cp -RP "$here/$NAME" "$app_dir.new"
cp "$here/uninstall.sh" "$app_dir.new/uninstall.sh"
chmod 755 "$app_dir.new/uninstall.sh"
rm -rf "$app_dir"
mv "$app_dir.new" "$app_dir"
if [ -e "$launcher" ] && [ ! -L "$launcher" ]; then
    echo "Note: replacing $launcher (another installation of ixcoach-desktop, e.g. by pip)."
fi
ln -sfn "$app_dir/$NAME" "$launcher"

mkdir -p "$share/applications" "$share/metainfo"
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec="%s"\n' "$launcher" ;;
        TryExec=*) printf 'TryExec=%s\n' "$launcher" ;;
        *) printf '%s\n' "$line" ;;
    esac
done < "$here/share/applications/$APP_ID.desktop" > "$share/applications/$APP_ID.desktop"
chmod 644 "$share/applications/$APP_ID.desktop"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"

for icon in "$here"/share/icons/hicolor/*/apps/"$APP_ID".*; do
    size_dir=$(basename "$(dirname "$(dirname "$icon")")")
    mkdir -p "$share/icons/hicolor/$size_dir/apps"
    cp "$icon" "$share/icons/hicolor/$size_dir/apps/"
done
# A stale icon cache would hide the new icon; never create one where none was.
if [ -f "$share/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache --quiet --force "$share/icons/hicolor" || true
fi

echo "Installed IX Coach Desktop in $app_dir"
echo "Start it from your applications menu, or run: $launcher"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "($prefix/bin is not on your PATH, so type the full path above in a terminal.)" ;;
esac
echo "To remove it: $app_dir/uninstall.sh"
