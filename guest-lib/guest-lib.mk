# SPDX-License-Identifier: GPL-2.0-only
# The guest library: the runtime our own small PV kernels share (the test
# guests and xenstored): entry, hypercalls, events, traps, page tables, the
# xenstore client, the link script. Included from the top-level Makefile
# before the guests that link it (tests/guests/guests.mk,
# toolstack/xenstored/xenstored.mk).

GUEST_OBJDIR := $(BUILD)/guest-objs
GUEST_CFLAGS := -std=gnu11 -O2 -g $(WARNINGS) $(FREESTANDING) -fno-pic -mcmodel=kernel \
                -I$(BUILD)/include $(XEN_ABI) -Ihypervisor/include -Iguest-lib
GUEST_LIB_SRCS := guest-lib/runtime.c guest-lib/events.c guest-lib/protect.c \
                  hypervisor/lib/vsnprintf.c hypervisor/lib/string.c hypervisor/lib/cmdline.c
GUEST_LIB_OBJS := $(patsubst %.c,$(GUEST_OBJDIR)/%.o,$(GUEST_LIB_SRCS)) \
                  $(GUEST_OBJDIR)/guest-lib/trap_stubs.o
# Helpers only some guests link (the fuzz guest's layout is its seeds').
GUEST_PT_OBJ  := $(GUEST_OBJDIR)/guest-lib/guest_pt.o
PEER_PORT_OBJ := $(GUEST_OBJDIR)/guest-lib/peer_port.o

$(GUEST_OBJDIR)/%.o: %.c $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

$(GUEST_OBJDIR)/%.o: %.S $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -D__ASSEMBLY__ -MMD -MP -c -o $@ $<

# Variants of one source, told apart by a define.
$(GUEST_OBJDIR)/%.nopage.o: %.c $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -DNO_HYPERCALL_PAGE -MMD -MP -c -o $@ $<
$(GUEST_OBJDIR)/%.nopage.o: %.S $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -D__ASSEMBLY__ -DNO_HYPERCALL_PAGE -MMD -MP -c -o $@ $<
$(GUEST_OBJDIR)/%.modpfn.o: %.S $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -D__ASSEMBLY__ -DMOD_START_PFN -MMD -MP -c -o $@ $<
$(GUEST_OBJDIR)/%.initp2m.o: %.S $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -D__ASSEMBLY__ -DINIT_P2M -MMD -MP -c -o $@ $<
$(GUEST_OBJDIR)/%.initp2m.o: %.c $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -DINIT_P2M -MMD -MP -c -o $@ $<
$(GUEST_OBJDIR)/%.nonotes.o: %.S $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -D__ASSEMBLY__ -DNO_XEN_NOTES -MMD -MP -c -o $@ $<

GUEST_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
                 -T guest-lib/guest.ld
HEAD := $(GUEST_OBJDIR)/guest-lib/head.o

define guest_link
	@mkdir -p $(dir $@)
	$(LD) $(GUEST_LDFLAGS) -o $@ $^
endef

