#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Builds the lean PV guest kernel (make guest-kernel): Debian's
# linux-source-6.1 (apt-get download, unpacked once into cache/lean), the
# patches listed in guest-patches/linux/series applied, `make tinyconfig`
# plus guest-patches/linux/parvus-lean.config, bzImage, and the pvbench
# module built for it. Incremental: rerunning rebuilds only what changed;
# a changed series or patch reverses the ones applied before and applies
# the new ones. Results: cache/lean/bzImage (and its ELF, cache/lean/vmlinux),
# its modules in cache/lean/modules/lib, build/linux/modules/pvbench-lean.ko.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/cache/lean
src=$cache/linux-source-6.1
mkdir -p "$cache"
# One build at a time: two checkouts sharing one cache (git worktrees with
# a linked cache/) once built into the same tree at once and corrupted it.
exec 9>"$cache/.lock"
flock 9
if [ ! -d "$src" ]; then
	echo "guest-kernel: downloading linux-source-6.1" >&2
	(cd "$cache" && apt-get download linux-source-6.1 >/dev/null 2>&1) ||
		{ echo "guest-kernel: apt-get download linux-source-6.1 failed" >&2; exit 1; }
	dpkg-deb --fsys-tarfile "$cache"/linux-source-6.1_*.deb |
		tar -xO --wildcards '*/linux-source-6.1.tar.xz' | tar -xJ -C "$cache"
	rm -f "$cache"/linux-source-6.1_*.deb
	rm -rf "$cache/applied"		# a pristine tree
fi

# The applied patches are kept in $cache/applied (with their list, in
# order), so they can be reversed exactly when the series changes.
patches=$(grep -v '^#' "$root/guest-patches/linux/series" || true)
want=$(cd "$root/guest-patches/linux" && { echo "$patches"; cat $patches; } | sha256sum)
if [ "$want" != "$(cat "$cache/applied/stamp" 2>/dev/null)" ]; then
	for p in $(tac "$cache/applied/series" 2>/dev/null); do
		patch -s -R -d "$src" -p1 < "$cache/applied/$p"
	done
	rm -rf "$cache/applied"
	mkdir -p "$cache/applied"
	for p in $patches; do
		echo "guest-kernel: applying $p" >&2
		patch -s -d "$src" -p1 < "$root/guest-patches/linux/$p"
		cp "$root/guest-patches/linux/$p" "$cache/applied/"
		echo "$p" >> "$cache/applied/series"
	done
	echo "$want" > "$cache/applied/stamp"
fi
cd "$src"
if [ ! -f .config ] || [ "$root/guest-patches/linux/parvus-lean.config" -nt .config ]; then
	make -s tinyconfig >/dev/null
	scripts/kconfig/merge_config.sh -m .config "$root/guest-patches/linux/parvus-lean.config" >/dev/null
	make -s olddefconfig >/dev/null
fi
# `modules` too: it writes Module.symvers and the module linker script
# that an out-of-tree module links against.
make -s -j"$(nproc)" bzImage modules
cp arch/x86/boot/bzImage "$cache/bzImage"
# Its modules (xen-pcifront, for the lean driver domain), with modules.dep
# and modules.builtin, under $cache/modules/lib/modules/VERSION.
rm -rf "$cache/modules"
make -s INSTALL_MOD_PATH="$cache/modules" modules_install >/dev/null
# The ELF too: a manifest boots it directly (the lean driver domain).
cp vmlinux "$cache/vmlinux"

# pvbench for this kernel, from a copy of its source, so the objects built
# for Debian's kernel in the source tree stay as they are.
mod=$root/build/lean-modules
mkdir -p "$mod" "$root/build/linux/modules"
cp "$root/pv-drivers/linux/pvbench/pvbench.c" "$mod/"
echo 'obj-m += pvbench.o' > "$mod/Kbuild"
make -s -C "$src" M="$mod" modules >/dev/null
cp "$mod/pvbench.ko" "$root/build/linux/modules/pvbench-lean.ko"
echo "$cache/bzImage"
