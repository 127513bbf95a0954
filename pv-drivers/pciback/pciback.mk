# SPDX-License-Identifier: GPL-2.0-only
# The pciback service domain (README.md): a small PV kernel on the guest
# library with its xenstore client, plus the hardware-free operations
# (pci_op.c, also unit-tested hosted). Included from the top-level
# Makefile after guest-lib/guest-lib.mk.

PCIBACK_SRCS := $(sort $(wildcard pv-drivers/pciback/*.c))
PCIBACK_OBJS := $(patsubst %.c,$(GUEST_OBJDIR)/%.o,$(PCIBACK_SRCS))

.PHONY: pciback
pciback: $(BUILD)/pciback.elf

$(BUILD)/pciback.elf: $(HEAD) $(PCIBACK_OBJS) $(GUEST_OBJDIR)/guest-lib/xs_client.o \
		$(GUEST_LIB_OBJS)
	$(guest_link)
