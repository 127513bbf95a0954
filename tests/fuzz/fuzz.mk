# SPDX-License-Identifier: GPL-2.0-only
# Host-side fuzzing: libFuzzer harnesses over the pure parsers and
# validators, built hosted the way tests/unit/unit.mk builds them, with
# clang's fuzzer, AddressSanitizer and UBSan. Included from the Makefile.
#
#   make fuzz-build               build every harness (build/fuzz/fuzz_*)
#   make fuzz-host SECONDS=n      run each over its corpus, then fuzz it n s

FUZZ_DIR  := $(BUILD)/fuzz
FUZZ_CC   := clang
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
               $(FUZZ_SAN) -fsanitize=fuzzer-no-link -I$(BUILD)/include $(XEN_ABI)
# Hypervisor (freestanding) sources: hosted names, as in the unit tests,
# but with the C library's mem* (tests/fuzz/fuzz_names.h).
FUZZ_HV_BASE   := $(FUZZ_CFLAGS) -DPARVUS_HOSTED -fno-builtin -Ihypervisor/include \
                  -Ihypervisor/arch/x86_64/include -Itoolstack/xenstored
FUZZ_HV_CFLAGS := $(FUZZ_HV_BASE) -include tests/fuzz/fuzz_names.h
FUZZ_LIB  := hypervisor/lib/vsnprintf.c hypervisor/lib/string.c

FUZZ_NAMES := elf_xen bzimage config manifest xs_wire xs_store page_types ptwr_decode \
              domain_build pci_filter
# The code under test of each harness, beside tests/fuzz/fuzz_NAME.c
# (bzimage: the CLI's whole image path, with the hypervisor's note parser).
FUZZ_IMAGE_CHECK      := hypervisor/build/image_check.c hypervisor/build/elf_xen.c \
                         hypervisor/build/layout.c hypervisor/lib/guest_range.c
FUZZ_SRCS_elf_xen     := hypervisor/build/elf_xen.c hypervisor/lib/guest_range.c $(FUZZ_LIB)
FUZZ_SRCS_bzimage     := toolstack/parvus/bzimage.c toolstack/parvus/decompress.c \
                         toolstack/parvus/why.c toolstack/parvus/image.c \
                         toolstack/parvus/image_xen.c toolstack/parvus/elf_libelf.c \
                         $(FUZZ_IMAGE_CHECK) $(FUZZ_LIB)
FUZZ_SRCS_domain_build := $(FUZZ_IMAGE_CHECK) hypervisor/build/loader.c \
                         hypervisor/build/pt_build.c $(FUZZ_LIB)
FUZZ_SRCS_config      := toolstack/parvus/config.c toolstack/parvus/devspec.c
FUZZ_SRCS_manifest    := hypervisor/boot/manifest.c hypervisor/lib/xenstore_seed.c \
                         hypervisor/lib/pci_bdf.c $(FUZZ_LIB)
XS_STORE_SRCS         := toolstack/xenstored/store.c toolstack/xenstored/path.c \
                         toolstack/xenstored/watch.c toolstack/xenstored/transaction.c
FUZZ_SRCS_xs_wire     := toolstack/xenstored/protocol.c $(XS_STORE_SRCS) $(FUZZ_LIB)
FUZZ_SRCS_xs_store    := $(XS_STORE_SRCS) $(FUZZ_LIB)
FUZZ_SRCS_page_types  := hypervisor/mm/page_types.c $(FUZZ_LIB)
FUZZ_SRCS_ptwr_decode := hypervisor/arch/x86_64/pv/ptwr_decode.c $(FUZZ_LIB)
FUZZ_SRCS_pci_filter  := hypervisor/common/pci_conf_filter.c $(FUZZ_LIB)
FUZZ_LIBS_bzimage     := -lelf -llzma -lz -lzstd -llz4 -lbz2
FUZZ_LIBS_ptwr_decode := -lcapstone

FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_NAMES))
FUZZ_MK   := $(BUILD_FILES) tests/fuzz/fuzz.mk tests/unit/hosted_names.h tests/fuzz/fuzz_names.h

.PHONY: fuzz-build fuzz-host
fuzz-build: $(FUZZ_BINS)

SECONDS ?= 10
fuzz-host: deps
	$(MAKE) fuzz-build
	tests/fuzz/run.sh $(SECONDS)

# The host toolstack's files: plain hosted C.
$(FUZZ_DIR)/obj/toolstack/parvus/%.o: toolstack/parvus/%.c $(FUZZ_MK) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Ihypervisor/include -D_GNU_SOURCE -MMD -MP -c -o $@ $<
# The harnesses' own checks need no coverage feedback (it would only slow
# their scans of the state); the code under test has it.
FUZZ_NOCOV = $(filter-out -fsanitize=fuzzer-no-link,$(1))
$(FUZZ_DIR)/obj/tests/fuzz/fuzz_bzimage.o $(FUZZ_DIR)/obj/tests/fuzz/fuzz_config.o: \
		$(FUZZ_DIR)/obj/%.o: %.c $(FUZZ_MK)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(call FUZZ_NOCOV,$(FUZZ_CFLAGS)) -Ihypervisor/include -MMD -MP -c -o $@ $<
$(FUZZ_DIR)/obj/tests/fuzz/%.o: tests/fuzz/%.c $(FUZZ_MK) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(call FUZZ_NOCOV,$(FUZZ_HV_CFLAGS)) -MMD -MP -c -o $@ $<
# The hypervisor's string and format routines are not under test here:
# no coverage feedback, and every name renamed, so its own mem* functions
# do not replace the C library's.
$(FUZZ_DIR)/obj/hypervisor/lib/%.o: hypervisor/lib/%.c $(FUZZ_MK) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(call FUZZ_NOCOV,$(FUZZ_HV_BASE)) -include tests/unit/hosted_names.h \
		-MMD -MP -c -o $@ $<
# Everything else is the hypervisor's or xenstored's freestanding code.
$(FUZZ_DIR)/obj/%.o: %.c $(FUZZ_MK) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_HV_CFLAGS) -MMD -MP -c -o $@ $<

define fuzz_harness
$(FUZZ_DIR)/fuzz_$(1): $(FUZZ_DIR)/obj/tests/fuzz/fuzz_$(1).o \
		$(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_SRCS_$(1)))
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $$@ $$^ $(FUZZ_LIBS_$(1))
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call fuzz_harness,$(n))))
