# SPDX-License-Identifier: GPL-2.0-only
# Unit tests: the hypervisor's pure logic built hosted and linked with
# Criterion, under AddressSanitizer and UBSan. Included from the Makefile.

UNIT_DIR    := $(BUILD)/unit
UNIT_CFLAGS := -std=gnu11 -DPARVUS_HOSTED -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
               -fsanitize=address,undefined -fno-sanitize-recover=all -fno-builtin \
               -I$(BUILD)/include $(XEN_ABI) -Ihypervisor/include -Ihypervisor/arch/x86_64/include
# The pure files under test: no hardware access, no arch/ calls.
UNIT_HV_SRCS := hypervisor/lib/vsnprintf.c hypervisor/lib/string.c hypervisor/lib/cmdline.c \
                hypervisor/lib/guest_range.c hypervisor/lib/symbols.c hypervisor/lib/time_scale.c \
                hypervisor/lib/xenstore_seed.c hypervisor/lib/rangeset.c hypervisor/lib/pci_bdf.c \
                hypervisor/lib/restart_policy.c \
                hypervisor/common/pci_assign.c hypervisor/common/pci_conf_filter.c \
                hypervisor/time/vpit.c hypervisor/console/console_rate.c \
                hypervisor/mm/frame_alloc.c hypervisor/mm/heap.c hypervisor/mm/page_types.c \
                hypervisor/mm/mm_audit.c hypervisor/mm/frame_exchange.c \
                hypervisor/boot/multiboot.c hypervisor/boot/manifest.c hypervisor/build/elf_xen.c \
                hypervisor/build/layout.c hypervisor/build/pt_build.c hypervisor/common/event_channel.c \
                hypervisor/common/pirq.c \
                hypervisor/build/image_check.c hypervisor/build/loader.c \
                hypervisor/common/hypercall_names.c \
                hypervisor/build/hypercall_page.c hypervisor/arch/x86_64/pv/priv_insn.c \
                hypervisor/arch/x86_64/pv/ptwr_decode.c \
                hypervisor/arch/x86_64/pv/cpuid_policy.c hypervisor/arch/x86_64/pv/descriptor_check.c \
                toolstack/xenstored/store.c toolstack/xenstored/path.c \
                toolstack/xenstored/watch.c toolstack/xenstored/transaction.c \
                toolstack/xenstored/protocol.c toolstack/xenstored/boot_nodes.c \
                pv-drivers/pciback/pci_op.c
# The host toolstack's pure parts: ordinary hosted C, with the C library.
UNIT_HOST_SRCS := toolstack/parvus/config.c toolstack/parvus/devspec.c toolstack/parvus/devnodes.c \
                  toolstack/parvus/dd.c toolstack/parvus/cpio.c toolstack/parvus/ddpci.c \
                  toolstack/parvus/hostfwd.c toolstack/parvus/bench_systems.c toolstack/parvus/bench_cost.c \
                  toolstack/parvus/decompress.c toolstack/parvus/why.c \
                  toolstack/parvus/bzimage.c toolstack/parvus/image.c toolstack/parvus/image_xen.c \
                  toolstack/parvus/elf_libelf.c pv-drivers/devd/params.c
UNIT_TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_OBJS := $(patsubst %.c,$(UNIT_DIR)/%.o,$(UNIT_HV_SRCS) $(UNIT_HOST_SRCS) $(UNIT_TEST_SRCS))

.PHONY: unit-tests
unit-tests: $(UNIT_DIR)/parvus-unit

$(UNIT_DIR)/%.o: %.c $(BUILD_FILES) tests/unit/hosted_names.h | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -include tests/unit/hosted_names.h -MMD -MP -c -o $@ $<

$(UNIT_DIR)/toolstack/parvus/%.o: toolstack/parvus/%.c $(BUILD_FILES)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -MMD -MP -c -o $@ $<

$(UNIT_DIR)/pv-drivers/devd/%.o: pv-drivers/devd/%.c pv-drivers/devd/devd.h $(BUILD_FILES)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -MMD -MP -c -o $@ $<

$(UNIT_DIR)/tests/unit/test_config.o $(UNIT_DIR)/tests/unit/test_decompress.o \
		$(UNIT_DIR)/tests/unit/test_devices.o \
		$(UNIT_DIR)/tests/unit/test_bzimage.o $(UNIT_DIR)/tests/unit/test_image.o \
		$(UNIT_DIR)/tests/unit/test_devd_params.o: \
		$(UNIT_DIR)/tests/unit/%.o: tests/unit/%.c $(BUILD_FILES)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -MMD -MP -c -o $@ $<

$(UNIT_DIR)/parvus-unit: $(UNIT_OBJS)
	$(CC) -fsanitize=address,undefined -o $@ $^ -lcriterion -lelf -llzma -lz -lzstd -llz4 -lbz2
