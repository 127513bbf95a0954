# SPDX-License-Identifier: GPL-2.0-only
# xenstored as the xenstore domain: a small PV kernel built on the guest
# library (guest-lib/guest-lib.mk) plus the pure store and protocol logic.
# Included from the top-level Makefile after guest-lib/guest-lib.mk.

XENSTORED_SRCS := toolstack/xenstored/main.c toolstack/xenstored/ring_copy.c \
                  toolstack/xenstored/store.c toolstack/xenstored/path.c \
                  toolstack/xenstored/watch.c toolstack/xenstored/transaction.c \
                  toolstack/xenstored/protocol.c toolstack/xenstored/boot_nodes.c \
                  hypervisor/lib/xenstore_seed.c
XENSTORED_OBJS := $(patsubst %.c,$(GUEST_OBJDIR)/%.o,$(XENSTORED_SRCS))

.PHONY: xenstored
xenstored: $(BUILD)/xenstored.elf

$(XENSTORED_OBJS): GUEST_CFLAGS += -Itoolstack/xenstored

$(BUILD)/xenstored.elf: $(HEAD) $(XENSTORED_OBJS) $(GUEST_LIB_OBJS)
	$(guest_link)
