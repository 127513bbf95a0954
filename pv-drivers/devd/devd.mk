# SPDX-License-Identifier: GPL-2.0-only
# parvus-devd, the driver domain's device daemon: ordinary C for Linux,
# linked static with the host's gcc and glibc so the busybox initramfs
# needs nothing else. Included from the top-level Makefile.

DEVD_SRCS := $(sort $(wildcard pv-drivers/devd/*.c))
DEVD_BIN  := $(BUILD)/devd/parvus-devd

.PHONY: devd
devd: $(DEVD_BIN)

$(DEVD_BIN): $(DEVD_SRCS) pv-drivers/devd/devd.h pv-drivers/devd/devd.mk
	@mkdir -p $(dir $@)
	$(CC) -static -std=gnu11 -O2 -g $(WARNINGS) -o $@ $(DEVD_SRCS)

# gnt-probe: the grant path from the driver domain's user space (a test
# tool, tests/linux/gnt-probe.c), in the same initramfs.
GNT_PROBE := $(BUILD)/devd/gnt-probe
$(GNT_PROBE): tests/linux/gnt-probe.c pv-drivers/devd/devd.mk
	@mkdir -p $(dir $@)
	$(CC) -static -std=gnu11 -O2 $(WARNINGS) -o $@ $<
