#!/bin/sh
# Builds the lean PV guest kernel (make guest-kernel): Debian's
# linux-source-6.1 (apt-get download, unpacked once into cache/lean), the
# patches listed in guest-patches/linux/series applied, `make tinyconfig`
# plus guest-patches/linux/parvus-lean.config, bzImage. Incremental:
# rerunning rebuilds only what changed. Result: cache/lean/bzImage.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/cache/lean
src=$cache/linux-source-6.1
mkdir -p "$cache"
if [ ! -d "$src" ]; then
	echo "guest-kernel: downloading linux-source-6.1" >&2
	(cd "$cache" && apt-get download linux-source-6.1 >/dev/null 2>&1) ||
		{ echo "guest-kernel: apt-get download linux-source-6.1 failed" >&2; exit 1; }
	dpkg-deb --fsys-tarfile "$cache"/linux-source-6.1_*.deb |
		tar -xO --wildcards '*/linux-source-6.1.tar.xz' | tar -xJ -C "$cache"
	rm -f "$cache"/linux-source-6.1_*.deb
	for p in $(grep -v '^#' "$root/guest-patches/linux/series" || true); do
		patch -d "$src" -p1 < "$root/guest-patches/linux/$p"
	done
fi
cd "$src"
if [ ! -f .config ] || [ "$root/guest-patches/linux/parvus-lean.config" -nt .config ]; then
	make -s tinyconfig >/dev/null
	scripts/kconfig/merge_config.sh -m .config "$root/guest-patches/linux/parvus-lean.config" >/dev/null
	make -s olddefconfig >/dev/null
fi
make -s -j"$(nproc)" bzImage
cp arch/x86/boot/bzImage "$cache/bzImage"
echo "$cache/bzImage"
