#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian packages Parvus needs to build, run and test, if any
# is missing. Idempotent: when everything is present it does nothing, and
# it runs `apt-get update` only when it has something to install.
set -eu
PACKAGES="gcc make binutils libc6-dev qemu-system-x86 libxen-dev
libelf-dev libcriterion-dev grub-pc-bin grub-common xorriso mtools
cpio xz-utils gzip liblzma-dev zlib1g-dev libzstd-dev liblz4-dev libbz2-dev
gnuplot-nox sysbench fio iperf3 flex bison bc libssl-dev
clang libclang-rt-14-dev libcapstone-dev kmod"
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages and not root; run as root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
