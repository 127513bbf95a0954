#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The frame-leak check of a Parvus serial log: the free-frame count the
# hypervisor prints after its last domain is destroyed (domain.c) must
# equal the one it printed before building any (start.c).
#   scripts/frames-back.sh LOG    prints both; status 0 only if equal
log=$1
before=$(sed -n 's/.*free frames: \([0-9]*\) before building domains.*/\1/p' "$log")
after=$(sed -n 's/.*destroyed; free frames: \([0-9]*\).*/\1/p' "$log" | tail -1)
echo "free frames: $before before the domains, $after after the last was destroyed"
[ -n "$before" ] && [ "$before" = "$after" ]
