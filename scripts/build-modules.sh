#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Builds the out-of-tree modules (top-level Kbuild) against the headers
# of the Debian kernel fetched into cache/linux, installing
# linux-headers-VERSION from Debian first if it is missing, and copies
# them to build/linux/modules/. usage: scripts/build-modules.sh
set -eu
cd "$(dirname "$0")/.."
kver=$(cat cache/linux/version)
if [ ! -d "/lib/modules/$kver/build" ]; then
	echo "build-modules: installing linux-headers-$kver" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"linux-headers-$kver" >/dev/null
fi
make -s -C "/lib/modules/$kver/build" M="$PWD" modules >/dev/null
mkdir -p build/linux/modules
cp pv-drivers/linux/pvbench/pvbench.ko build/linux/modules/
