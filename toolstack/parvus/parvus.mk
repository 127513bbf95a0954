# The parvus CLI (host program). elf_xen.c is the hypervisor's own note
# parser, built here against the C library. Included from the Makefile.

CLI_SRCS := $(wildcard toolstack/parvus/*.c) hypervisor/domain/elf_xen.c
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
