# SPDX-License-Identifier: GPL-2.0-only
# The parvus CLI (host program). The hypervisor's own image check
# (image_check.c: the note parser and the layout) is built here against
# the C library, so the CLI and the builder give one verdict. Included
# from the Makefile.

CLI_HV_SRCS := hypervisor/build/image_check.c hypervisor/build/elf_xen.c \
               hypervisor/build/layout.c hypervisor/lib/guest_range.c \
               hypervisor/lib/xenstore_seed.c
CLI_SRCS := $(wildcard toolstack/parvus/*.c) $(CLI_HV_SRCS)
CLI_OBJS := $(patsubst %.c,$(BUILD)/cli/%.o,$(CLI_SRCS))
CLI_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
              -I$(BUILD)/include $(XEN_ABI) -Ihypervisor/include -D_GNU_SOURCE
CLI_LIBS := -lelf -llzma -lz -lzstd -llz4 -lbz2

.PHONY: cli
cli: $(BUILD)/parvus

$(BUILD)/cli/%.o: %.c $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(CLI_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/parvus: $(CLI_OBJS)
	$(CC) -o $@ $^ $(CLI_LIBS)
