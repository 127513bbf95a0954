#!/bin/sh
# Builds a busybox initramfs (newc cpio, gzip) whose /init is the given
# script. usage: mkinitramfs.sh BUSYBOX INIT-SCRIPT OUTPUT
set -eu
busybox=$1 init=$2 out=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/tmp"
cp "$busybox" "$dir/bin/busybox"
cp "$init" "$dir/init"
chmod +x "$dir/init" "$dir/bin/busybox"
(cd "$dir" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
