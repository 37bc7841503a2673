#!/bin/sh
# Make sure the system libraries a Qt platform plugin needs are present.
#   qt-system-deps.sh xcb        # a real window on X11 (make run)
#   qt-system-deps.sh offscreen  # headless tests (make test)
# Installs the missing Debian/Ubuntu packages when run as root with apt-get;
# otherwise names them and exits 1, so the user knows what to install.
set -u
platform=${1:-xcb}
plugin=$(.venv/bin/python -c 'import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms")' 2>/dev/null)/libq${platform}.so
[ -f "$plugin" ] || exit 0
missing=$(ldd "$plugin" 2>/dev/null | awk '/not found/ {print $1}' | sort -u)
[ -z "$missing" ] && exit 0

# Library file -> Debian package that ships it.
packages=""
for lib in $missing; do
    case "$lib" in
        libxcb-cursor*) pkg=libxcb-cursor0 ;;
        libxcb-icccm*) pkg=libxcb-icccm4 ;;
        libxcb-keysyms*) pkg=libxcb-keysyms1 ;;
        libxcb-image*) pkg=libxcb-image0 ;;
        libxcb-render-util*) pkg=libxcb-render-util0 ;;
        libxcb-xkb*) pkg=libxcb-xkb1 ;;
        libxcb-shape*) pkg=libxcb-shape0 ;;
        libxcb-randr*) pkg=libxcb-randr0 ;;
        libxcb-xinerama*) pkg=libxcb-xinerama0 ;;
        libxkbcommon-x11*) pkg=libxkbcommon-x11-0 ;;
        libxkbcommon*) pkg=libxkbcommon0 ;;
        libEGL*) pkg=libegl1 ;;
        libGL*|libOpenGL*) pkg=libgl1 ;;
        libfontconfig*) pkg=libfontconfig1 ;;
        libdbus*) pkg=libdbus-1-3 ;;
        *) pkg=$lib ;;
    esac
    packages="$packages $pkg"
done
packages=$(echo $packages | tr ' ' '\n' | sort -u | tr '\n' ' ')

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system libraries Qt's $platform platform needs: $packages"
    apt-get update -qq >/dev/null && \
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null && exit 0
fi
echo "Qt's $platform platform needs these system packages: $packages" >&2
echo "Install them (Debian/Ubuntu: sudo apt-get install $packages) and try again." >&2
exit 1
