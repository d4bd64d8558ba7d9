#!/usr/bin/env bash
# Build Asterisk 22 from Debian's source package into a cached prefix outside the checkout.
# Debian 12 ships no asterisk binary; sid has the source (with the bundled pjproject as the
# Xpjproject component). Debian's patches are needed for pjproject to build, so we use
# `apt-get source` rather than an upstream tarball. Nothing here names a registry host: the
# sid deb-src entry reuses the URI this machine's own apt sources already use.
set -euo pipefail

PREFIX=${ASTERISK_PREFIX:-/opt/switchboard/asterisk}
MAJOR=22
STAMP="$PREFIX/.switchboard-version"
MODULES_CONF="$(cd "$(dirname "$0")/.." && pwd)/asterisk/modules.conf"

# Every module asterisk/modules.conf loads (app_voicemail, res_pjsip_mwi, ...) that the
# cached install lacks: adding a `load =>` line there invalidates the cache by itself.
missing_modules() {
    awk '$1 == "load" && $2 == "=>" {print $3}' "$MODULES_CONF" | while read -r module; do
        [[ -f "$PREFIX/lib/asterisk/modules/$module" ]] || echo "$module"
    done
}

if [[ -x "$PREFIX/sbin/asterisk" && -f "$STAMP" && "$(cut -d. -f1 "$STAMP")" == "$MAJOR" && -z "${ASTERISK_REBUILD:-}" ]]; then
    missing=$(missing_modules | tr '\n' ' ')
    if [[ -z "$missing" ]]; then
        echo "asterisk $(cat "$STAMP") already in $PREFIX (ASTERISK_REBUILD=1 to rebuild)"
        exit 0
    fi
    echo "asterisk in $PREFIX lacks modules.conf's $missing; rebuilding"
fi

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    build-essential pkg-config libjansson-dev libssl-dev libedit-dev libxml2-dev \
    libsqlite3-dev uuid-dev libsrtp2-dev libcurl4-openssl-dev libxslt1-dev libncurses-dev \
    bzip2 libspeexdsp-dev libopus-dev libsndfile1-dev dpkg-dev >/dev/null

# A private apt state for sid's source lists, so the system's own lists stay untouched.
APT_STATE=${ASTERISK_APT_STATE:-/var/cache/switchboard/apt-sid}
mkdir -p "$APT_STATE/lists/partial" "$APT_STATE/etc"
uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [[ -z "$uri" ]]; then
    uri=$(awk '$1=="deb" && $0 !~ /security/ {for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null | head -1)
fi
[[ -n "$uri" ]] || { echo "cannot find the Debian mirror URI in this machine's apt sources" >&2; exit 1; }
cat > "$APT_STATE/etc/sid.sources" <<SRC
Types: deb-src
URIs: $uri
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
APT_OPTS=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$APT_STATE/etc"
          -o "Dir::State::Lists=$APT_STATE/lists" -o "Dir::Cache=$APT_STATE/cache")
mkdir -p "$APT_STATE/cache/archives/partial"
apt-get "${APT_OPTS[@]}" update -qq

WORK=${ASTERISK_BUILD_DIR:-/var/cache/switchboard/asterisk-build}
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
apt-get "${APT_OPTS[@]}" source -qq asterisk >/dev/null
SRC_DIR=$(find . -maxdepth 1 -type d -name 'asterisk-*' | head -1)
cd "$SRC_DIR"
VERSION=$(dpkg-parsechangelog -S Version | sed 's/^[0-9]*://; s/[-~+].*//')
echo "building asterisk $VERSION into $PREFIX"

# Bundled pjproject: pack Debian's Xpjproject component the way debian/rules does, so the
# build finds it in its cache instead of downloading it.
pj_part() { sed -n "s/^export PJ_VERSION_$1[[:space:]]*:=[[:space:]]*\([0-9]*\).*/\1/p" Xpjproject/version.mak; }
PJ_VER=$(pj_part MAJOR).$(pj_part MINOR)
[[ -n "$(pj_part REV)" ]] && PJ_VER="$PJ_VER.$(pj_part REV)"
CACHE="$WORK/externals"
mkdir -p "$CACHE"
tar -cjf "$CACHE/pjproject-$PJ_VER.tar.bz2" --transform "s,^Xpjproject,pjproject-$PJ_VER," Xpjproject
md5sum "$CACHE/pjproject-$PJ_VER.tar.bz2" | awk -v f="pjproject-$PJ_VER.tar.bz2" '{print $1"  "f}' \
    > "third-party/pjproject/pjproject-$PJ_VER.tar.bz2.md5"
export EXTERNALS_CACHE_DIR="$CACHE" TMPDIR="$CACHE"
# Nothing may be downloaded during the build: a wget that always fails comes first on PATH.
mkdir -p "$WORK/nowget"
printf '#!/bin/sh\necho "download refused: $*" >&2\nexit 1\n' > "$WORK/nowget/wget"
cp "$WORK/nowget/wget" "$WORK/nowget/curl"
chmod +x "$WORK/nowget/wget" "$WORK/nowget/curl"
export PATH="$WORK/nowget:$PATH"

./configure -q --prefix="$PREFIX" --with-pjproject-bundled --with-jansson \
    --without-sdl --disable-xmldoc >/dev/null
make -s menuselect.makeopts >/dev/null
menuselect/menuselect --disable BUILD_NATIVE \
    --disable-category MENUSELECT_CORE_SOUNDS --disable-category MENUSELECT_MOH \
    --disable-category MENUSELECT_EXTRA_SOUNDS menuselect.makeopts
make -s -j"$(nproc)" >/dev/null
rm -rf "$PREFIX"
make -s install >/dev/null
missing=$(missing_modules | tr '\n' ' ')
if [[ -n "$missing" ]]; then
    # Not stamped: the next run builds again rather than trusting an install that
    # cannot load our configuration.
    echo "the build has no $missing (enable it in menuselect above)" >&2
    exit 1
fi
echo "$VERSION" > "$STAMP"
echo "asterisk $VERSION installed in $PREFIX"
