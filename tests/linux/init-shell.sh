#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of `make run`: busybox's own init runs the shell on the console,
# so `poweroff` in it shuts the domain down cleanly.
/bin/busybox --install -s /bin
exec /bin/init
