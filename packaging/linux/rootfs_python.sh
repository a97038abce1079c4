#!/bin/sh
# Build CPython from Debian's own source package inside an old-glibc root file system.
#
# Run inside the chroot by packaging/linux/build_in_rootfs.py (not by hand on a desktop).
# Debian 11 (bullseye, glibc 2.31) ships Python 3.9, and the project needs 3.11 (StrEnum,
# datetime.UTC, dataclass slots, zip(strict=)), so the interpreter is built here from the
# Debian 12 source package python3.11 (upstream 3.11.2 plus Debian's patches, among them
# every security fix Debian backported) against bullseye's libraries. The configure flags and
# the built-in module set follow debian/rules (its "shared" build); left out on purpose: PGO
# and LTO (an hour or more under emulation), dtrace, the static and debug builds.
#
#   rootfs_python.sh PREFIX JOBS
#   rootfs_python.sh PREFIX JOBS CROSS_HOST SYSROOT BUILD_PYTHON
#
# Needs deb-src lines for Debian 12 (bookworm) in apt's sources and the build dependencies
# installed (build_in_rootfs.py does both). Prints the source package version it built.
#
# The second form cross-compiles (for arm64 on an x86_64 host): it runs in the host's own
# bullseye root file system with Debian's cross gcc (gcc-aarch64-linux-gnu), links against the
# target root file system mounted at SYSROOT (its glibc 2.31 and libraries, whose absolute
# symlinks build_in_rootfs.py made relative), uses BUILD_PYTHON (the same 3.11.2, built there
# first) for the build steps that run Python, and installs into SYSROOT/PREFIX. Under qemu the
# same build took hours (configure alone ran 10 min and was half done); natively it takes
# minutes, and the interpreter is still checked inside the target root file system afterwards.
set -eu
prefix=$1
jobs=$2
cross_host=${3:-}
sysroot=${4:-}
build_python=${5:-}

work=/var/tmp/yunce-python-src
rm -rf "$work"
mkdir -p "$work"
cd "$work"
# apt verifies the .dsc against the suite's signed Release file; dpkg-source applies the patches
apt-get source -qq python3.11 >apt-source.log 2>&1 || {
    cat apt-source.log >&2
    exit 1
}
src=$(find . -maxdepth 1 -type d -name 'python3.11-*' | head -1)
test -n "$src" || { echo "no python3.11 source tree after apt-get source" >&2; exit 1; }
dsc=$(ls python3.11_*.dsc)
echo "source package: ${dsc%.dsc}"
cd "$src"

# debian/rules, target stamp-patch: configure is regenerated after the patches
rm -rf autom4te.cache configure
autoconf

mkdir -p build-shared
cd build-shared
set --
destdir=
if [ -n "$cross_host" ]; then
    # autoconf cannot run target programs here: the answers Debian's own cross builds give
    set -- --host="$cross_host" --build="$(gcc -dumpmachine)" --with-build-python="$build_python" \
        CC="$cross_host-gcc --sysroot=$sysroot" \
        ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no ac_cv_buggy_getaddrinfo=no
    export PKG_CONFIG_SYSROOT_DIR="$sysroot"
    export PKG_CONFIG_LIBDIR="$sysroot/usr/lib/$cross_host/pkgconfig:$sysroot/usr/share/pkgconfig"
    destdir=$sysroot
fi
# debian/rules common_configure_args + the shared build, with our prefix and an rpath so the
# interpreter finds its libpython without LD_LIBRARY_PATH (PyInstaller then finds it too)
../configure "$@" \
    --prefix="$prefix" \
    --enable-shared \
    --enable-ipv6 \
    --enable-loadable-sqlite-extensions \
    --with-computed-gotos \
    --without-ensurepip \
    --with-system-expat \
    --with-system-ffi \
    --with-ssl-default-suites=openssl \
    LDFLAGS="-Wl,-rpath,$prefix/lib" >../configure.log 2>&1 || {
    tail -40 ../configure.log >&2
    exit 1
}

# debian/rules __post_configure: the modules Debian builds into the interpreter (among them
# pyexpat, whose backported CVE-2026-4224 fix includes a core header and so only compiles as a
# built-in module)
pattern=$(awk -v ORS='|' '$2 ~ /^extension$/ {print $1}' ../debian/PVER-minimal.README.Debian.in)
grep -E "^#(${pattern}XX)" ../Modules/Setup |
    sed -e 's/^#//' -e 's/-Wl,-Bdynamic//;s/-Wl,-Bstatic//' >>Modules/Setup.local
# (makesetup says "handled by previous rule" for each of them, as in Debian's build log)
../Modules/makesetup -c ../Modules/config.c.in -s Modules \
    Modules/Setup.local Modules/Setup.bootstrap Modules/Setup.stdlib ../Modules/Setup 2>/dev/null
mv config.c Modules/
make Makefile Modules/config.c >/dev/null
sed '/^Modules\/_math.o: .*PY_STDMODULE_CFLAGS/d' Makefile >Makefile.fixed
touch -r Makefile Makefile.fixed
mv -f Makefile.fixed Makefile

make -j"$jobs" >../make.log 2>&1 || {
    tail -60 ../make.log >&2
    exit 1
}
if grep -q 'Failed to build these modules' ../make.log; then
    sed -n '/Failed to build these modules/,/^$/p' ../make.log >&2
    exit 1
fi
make install DESTDIR="$destdir" >../install.log 2>&1 || {
    tail -40 ../install.log >&2
    exit 1
}
if [ -n "$cross_host" ]; then # the check runs in the target root file system (emulated)
    # what the interpreter records for building C extensions later is the target's own gcc
    find "$sysroot$prefix/lib/python3.11" "$sysroot$prefix/lib/python3.11/config-3.11-$cross_host" \
        -maxdepth 1 \( -name '_sysconfigdata_*.py' -o -name Makefile \) \
        -exec sed -i "s|$cross_host-gcc --sysroot=$sysroot|gcc|g" {} +
    cd /
    rm -rf "$work"
    exit 0
fi
"$prefix/bin/python3.11" - <<'EOF'
# the modules pip, the app and PyInstaller need; a missing one fails the build here, not later
import bz2, ctypes, decimal, hashlib, lzma, pyexpat, sqlite3, ssl, sys, uuid, xml.etree.ElementTree, zlib
print("built", sys.version.split()[0], "with", ssl.OPENSSL_VERSION)
EOF
cd /
rm -rf "$work"
