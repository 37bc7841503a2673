#!/usr/bin/env bash
# `make package`: build IX Coach Desktop's wheel, frozen app and release
# tarball, and prove each one starts. Steps:
#   1. system tools (validators, Xvfb, X11 libraries; apt-get when root)
#   2. validate the desktop entry and the AppStream metainfo
#   3. the wheel; installed into a fresh venv it must pass --self-test
#   4. the one-folder frozen app (PyInstaller), built from that wheel
#   5. the frozen app's self-tests: empty folder, demo journal, start-up timing
#   6. the tarball; unpacked and installed into a scratch prefix, the installed
#      app must pass its self-tests off-screen and under Xvfb (real xcb), and
#      uninstall.sh must remove every installed file
# Outputs: dist/ixcoach_desktop-V-py3-none-any.whl, dist/ixcoach-desktop/,
# dist/ixcoach-desktop-V-linux-ARCH.tar.gz. Scratch work goes to build/.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
APP_ID=io.github.ixcoach.Desktop
NAME=ixcoach-desktop
BUILD_VENV=build/package-venv
CHECK_VENV=build/wheel-check-venv
export PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\n== %s\n' "$*"; }
fail() { echo "package: $*" >&2; exit 1; }
# pip's output only when it fails.
pip_in() {
    local venv=$1
    shift
    "$venv/bin/python" -m pip "$@" >build/pip.log 2>&1 || { cat build/pip.log >&2; fail "pip $* failed"; }
}

version=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(uname -m)
started=$SECONDS
mkdir -p build dist

step "System tools"
missing=()
command -v desktop-file-validate >/dev/null || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null || missing+=(appstream)
command -v xvfb-run >/dev/null || missing+=(xvfb)
command -v xauth >/dev/null || missing+=(xauth)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing ${missing[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        fail "needs ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]})"
    fi
fi
# The X11 (xcb) platform plugin's libraries, for the Xvfb check.
sh packaging/qt-system-deps.sh xcb

step "Validate the desktop entry and the AppStream metainfo"
# Hints (such as "Office and Utility are both main categories") are advice;
# warnings and errors fail the build.
report=$(desktop-file-validate "resources/$APP_ID.desktop" 2>&1) || fail "desktop entry: $report"
if grep -E ': (warning|error):' <<<"$report"; then
    fail "desktop entry has warnings"
fi
[ -z "$report" ] || echo "$report"
appstreamcli validate --no-net "resources/$APP_ID.metainfo.xml"

step "Build tools ($BUILD_VENV)"
stamp=$BUILD_VENV/.requirements-stamp
if [ ! -f "$stamp" ] || ! cmp -s packaging/requirements-build.txt "$stamp"; then
    "$PYTHON" -m venv --clear "$BUILD_VENV"
    pip_in "$BUILD_VENV" install --upgrade pip
    pip_in "$BUILD_VENV" install -r packaging/requirements-build.txt
    cp packaging/requirements-build.txt "$stamp"
fi

step "Wheel"
wheel=dist/ixcoach_desktop-$version-py3-none-any.whl
# setuptools reuses build/lib; a file deleted from the source tree would
# otherwise live on in the wheel.
rm -rf build/lib build/bdist.* "$wheel"
"$BUILD_VENV/bin/python" -m build --wheel --no-isolation --outdir dist . >build/wheel.log 2>&1 ||
    { cat build/wheel.log >&2; fail "the wheel did not build"; }
"$BUILD_VENV/bin/python" - "$wheel" <<'EOF'
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
required = [
    "ixcoach_desktop/resources/ixcoach-desktop.svg",
    "ixcoach_desktop/storage/migrations/env.py",
    "ixcoach_desktop/storage/migrations/script.py.mako",
]
missing = [name for name in required if name not in names]
revisions = [
    name
    for name in names
    if name.startswith("ixcoach_desktop/storage/migrations/versions/")
    and name.endswith(".py")
    and not name.endswith("/__init__.py")
]
if not revisions:
    missing.append("ixcoach_desktop/storage/migrations/versions/*.py")
if missing:
    sys.exit(f"package: the wheel lacks {', '.join(missing)}")
print(f"{sys.argv[1]}: migrations and resources present")
EOF

step "Wheel in a fresh virtual environment"
"$PYTHON" -m venv --clear "$CHECK_VENV"
pip_in "$CHECK_VENV" install "$wheel"
"$BUILD_VENV/bin/python" packaging/check_app.py "$CHECK_VENV/bin/$NAME"

step "Frozen app (PyInstaller, one folder)"
# Freeze what the wheel installs, with the app's own pinned dependencies.
pip_in "$BUILD_VENV" uninstall --yes ixcoach-desktop
pip_in "$BUILD_VENV" install "$wheel"
# Run from build/ so that the source tree is not importable during analysis.
(cd build && "../$BUILD_VENV/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath ../dist --workpath pyinstaller "../packaging/$NAME.spec")

# Some libraries arrive with debug information (libpython alone carries
# about 18 MB of it) that no user needs; the checks below prove the stripped
# copies still load.
while IFS= read -r -d '' library; do
    # Not grep -q: quitting early would kill readelf, and pipefail would count that.
    if readelf --section-headers "$library" 2>/dev/null | grep '\.debug_info' >/dev/null; then
        strip --strip-debug "$library"
    fi
done < <(find "dist/$NAME" -type f -name '*.so*' -print0)

step "Frozen app checks"
"$BUILD_VENV/bin/python" packaging/check_app.py "dist/$NAME/$NAME" --timing-runs 5
echo "  bundle size: $(du -sh "dist/$NAME" | cut -f1) ($(du -sb "dist/$NAME" | cut -f1) bytes)"

step "Release tarball"
release=$NAME-$version
staging=build/tarball/$release
rm -rf build/tarball
mkdir -p build/tarball
sh packaging/stage-release.sh "dist/$NAME" "$staging"
tarball=dist/$release-linux-$arch.tar.gz
tar -czf "$tarball" -C build/tarball --owner=0 --group=0 "$release"
echo "  $tarball: $(du -h "$tarball" | cut -f1)"

step "Install the tarball into a scratch prefix"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tar -xzf "$tarball" -C "$scratch"
prefix=$scratch/prefix
"$scratch/$release/install.sh" --prefix "$prefix"
desktop-file-validate "$prefix/share/applications/$APP_ID.desktop"
# The metainfo, desktop entry and icons as a software centre finds them together.
appstreamcli validate-tree --no-net "$prefix"
for size in 48x48 64x64 128x128 256x256; do
    [ -f "$prefix/share/icons/hicolor/$size/apps/$APP_ID.png" ] || fail "install.sh left out the $size icon"
done
[ -f "$prefix/share/icons/hicolor/scalable/apps/$APP_ID.svg" ] || fail "install.sh left out the SVG icon"
[ -f "$prefix/share/metainfo/$APP_ID.metainfo.xml" ] || fail "install.sh left out the metainfo"
"$BUILD_VENV/bin/python" packaging/check_app.py "$prefix/bin/$NAME" --xvfb
"$prefix/lib/$NAME/uninstall.sh"
leftovers=$(find "$prefix" -type f -o -type l)
[ -z "$leftovers" ] || fail "uninstall.sh left files behind: $leftovers"

step "Done in $((SECONDS - started)) s"
ls -l "$wheel" "$tarball"
