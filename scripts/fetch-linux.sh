#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fetches the stock Debian kernel (linux-image-amd64's current image) and
# busybox-static with `apt-get download`, once, into cache/linux (ignored
# by git): the bzImage as vmlinuz, busybox, and the kernel's ELF as
# vmlinux, extracted from the bzImage the way the parvus CLI does: the payload
# starts (setup_sects + 1) * 512 + payload_offset bytes in (the x86 boot
# protocol header) and Debian compresses it with xz. Prints the cache
# folder. A stepping stone: the parvus CLI will do this with liblzma.
set -eu
cache=$(cd "$(dirname "$0")/.." && pwd)/cache/linux
mkdir -p "$cache"
cd "$cache"

le_u32() { od -An -t u4 -j "$2" -N 4 "$1" | tr -d ' '; }
byte() { od -An -t u1 -j "$2" -N 1 "$1" | tr -d ' '; }

if [ ! -f vmlinux ] || [ ! -f busybox ] || [ ! -f vmlinuz ]; then
	pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
	[ -n "$pkg" ] || { echo "fetch-linux: cannot resolve linux-image-amd64" >&2; exit 1; }
	echo "fetch-linux: downloading $pkg and busybox-static" >&2
	rm -rf debs && mkdir debs && cd debs
	apt-get download "$pkg" busybox-static >/dev/null 2>&1 ||
		{ echo "fetch-linux: apt-get download $pkg busybox-static failed" >&2; exit 1; }
	for d in *.deb; do dpkg-deb -x "$d" root; done
	cd ..
	bz=$(ls debs/root/boot/vmlinuz-* | head -1)
	setup=$(byte "$bz" $((0x1f1)))
	[ "$setup" -ne 0 ] || setup=4
	off=$(( (setup + 1) * 512 + $(le_u32 "$bz" $((0x248))) ))
	tail -c +$((off + 1)) "$bz" | xz -dc --single-stream > vmlinux.tmp 2>/dev/null ||
		{ echo "fetch-linux: $bz: payload is not xz" >&2; exit 1; }
	mv vmlinux.tmp vmlinux
	cp "$bz" vmlinuz
	cp debs/root/bin/busybox busybox
	basename "$bz" | sed 's/vmlinuz-//' > version
	rm -rf debs
fi
echo "$cache"
