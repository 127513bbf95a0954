#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Builds a busybox initramfs (newc cpio, gzip): busybox as /bin/busybox,
# and each SOURCE=DEST file copied in (executable if the source is). A
# spec "+PROGRAM" copies a host program to the same path with every
# shared library ldd names for it (for Debian's sysbench). A SOURCE that
# is a folder is copied with all it holds into DEST (the driver domain's
# kernel modules: cache/linux/dd-modules=/). BUSYBOX "-": no busybox,
# for an archive that goes after another one (Linux unpacks each archive
# of a concatenation in turn: build/linux/dd-io.cpio.gz).
# usage: mkinitramfs.sh BUSYBOX OUTPUT [SOURCE=DEST | +PROGRAM]...
set -eu
busybox=$1 out=$2
shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/tmp" "$dir/etc"
if [ "$busybox" != - ]; then
	cp "$busybox" "$dir/bin/busybox"
	chmod +x "$dir/bin/busybox"
fi
for spec in "$@"; do
	case "$spec" in
	+*)
		prog=${spec#+}
		for f in "$prog" $(ldd "$prog" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
			mkdir -p "$dir/$(dirname "$f")"
			cp -L "$f" "$dir/$f"
		done
		continue ;;
	esac
	src=${spec%%=*} dest=${spec#*=}
	if [ -d "$src" ]; then
		mkdir -p "$dir/$dest"
		cp -a "$src/." "$dir/$dest/"
		continue
	fi
	mkdir -p "$dir/$(dirname "$dest")"
	cp -p "$src" "$dir/$dest"
done
(cd "$dir" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
