#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fetches the user space a small Xen 4.17 dom0 needs to start a PV domU
# the way a Xen user would (xl create), for the "xen-domu" system of
# `parvus bench`: Debian's xen-utils-4.17 (xl, xenstored, xenconsoled,
# xen-init-dom0), xenstore-utils (xenstore-read/write/ls...) and every
# package that holds a shared library they load, with `apt-get download`,
# once, into cache/xen (ignored by git). Stages in cache/xen/dom0-tools
# the files to copy to the initramfs's / : the programs, their shared
# libraries (the closure the dynamic loader resolves, listed by the
# downloaded loader itself: `ld.so --list`, which is what ldd runs), the
# loader and libgcc_s.so.1 (glibc dlopens it for pthread_cancel). The
# libraries come from the downloaded packages, not from the host; a
# library that none of them holds stops the script. Idempotent: nothing
# happens when the staged set matches this script's lists (kept in
# cache/xen/dom0-tools.wanted, which make depends on). Prints the staged
# folder. Run as root on Debian 12 (apt-get download).
set -eu
# xen-utils-4.17's programs and their libraries' packages (Debian 12):
# libxenmisc4.17 holds libxenctrl, libxenguest, libxenlight, libxlutil.
PKGS="xen-utils-4.17 xenstore-utils libxencall1 libxendevicemodel1 libxenevtchn1"
PKGS="$PKGS libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxenmisc4.17 libxenstore4"
PKGS="$PKGS libxentoolcore1 libxentoollog1 libyajl2 libuuid1 zlib1g liblzma5 libzstd1"
PKGS="$PKGS libc6 libgcc-s1"
XENBIN=usr/lib/xen-4.17/bin
BINS="$XENBIN/xl $XENBIN/xenstored $XENBIN/xenconsoled $XENBIN/xen-init-dom0"
for t in ls read write exists list rm watch; do
	BINS="$BINS usr/bin/xenstore-$t"
done
LIBDIR=lib/x86_64-linux-gnu
cache=$(cd "$(dirname "$0")/.." && pwd)/cache/xen
out=$cache/dom0-tools
want="$PKGS | $BINS"
if [ -d "$out" ] && [ -f "$out.wanted" ] && [ "$(cat "$out.wanted")" = "$want" ]; then
	touch "$out.wanted"	# up to date for make, which depends on this script
	echo "$out"
	exit 0
fi
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/tools.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "fetch-xen-tools: downloading $PKGS" >&2
# shellcheck disable=SC2086 # one word per package
(cd "$tmp" && apt-get download $PKGS >/dev/null 2>&1) ||
	{ echo "fetch-xen-tools: apt-get download failed for one of: $PKGS" >&2; exit 1; }
for d in "$tmp"/*.deb; do
	dpkg-deb -x "$d" "$tmp/root"
done
root=$tmp/root
# The downloaded loader, wherever the package puts it (a real file in
# /lib/x86_64-linux-gnu; /lib64's name is a link to it).
ldso=$root/$LIBDIR/ld-linux-x86-64.so.2
[ -f "$ldso" ] && [ ! -L "$ldso" ] || ldso=$(readlink -f "$ldso")
[ -x "$ldso" ] || { echo "fetch-xen-tools: no dynamic loader in libc6 ($ldso)" >&2; exit 1; }
libpath=$root/$LIBDIR:$root/usr/$LIBDIR
stage=$tmp/stage
mkdir -p "$stage/$LIBDIR" "$stage/lib64"
# Copies a file of the unpacked packages (a path under $root, links
# followed) to the same path under the stage.
keep() {
	rel=${1#"$root"/}
	mkdir -p "$stage/$(dirname "$rel")"
	cp -L "$1" "$stage/$rel"
}
for b in $BINS; do
	[ -f "$root/$b" ] || { echo "fetch-xen-tools: $b is not in $PKGS" >&2; exit 1; }
	keep "$root/$b"
	# "libX.so.N => /path (0x...)" for each library the loader resolves.
	"$ldso" --library-path "$libpath" --list "$root/$b" > "$tmp/list" ||
		{ echo "fetch-xen-tools: the loader cannot resolve $b's libraries" >&2; exit 1; }
	for lib in $(sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p' "$tmp/list"); do
		case "$lib" in
		"$root"/*) keep "$lib" ;;
		*) echo "fetch-xen-tools: $b needs $lib, which no package in the list holds" >&2
		   exit 1 ;;
		esac
	done
done
cp -L "$ldso" "$stage/$LIBDIR/ld-linux-x86-64.so.2"
cp -L "$ldso" "$stage/lib64/ld-linux-x86-64.so.2"
keep "$root/$LIBDIR/libgcc_s.so.1"
rm -rf "$out" "$out.wanted"
mv "$stage" "$out"
echo "$want" > "$out.wanted"
echo "$out"
