# SPDX-License-Identifier: GPL-2.0-only
# Test guests: tiny freestanding PV kernels (ELF64 with Xen notes), one per
# ABI area, plus deliberately broken images for the builder's error paths.
# Included from the top-level Makefile, after guest-lib/guest-lib.mk.

GUEST_DIR    := $(BUILD)/guests
# One guest a line, so that adding one never conflicts with another.
GUESTS := \
	fuzz \
	witness \
	xenstore \
	phoenix \
	pcifront \
	shell \
	spin \
	fpuptr \
	hello \
	hello-nopage \
	layout \
	layout-p2m \
	sched \
	pingpong \
	console \
	grants \
	blkhostile \
	nethostile \
	msix \
	gntattack \
	pci \
	exchange \
	bigpin \
	mmu \
	traps \
	emulate \
	ptwr \
	cpustate \
	initrd \
	initrd-pfn \
	hostile \
	preempt \
	privop \
	crash \
	huge \
	bad-nonotes \
	bad-elf32 \
	bad-not-elf \
	bad-segment-overflow
guests: $(addprefix $(GUEST_DIR)/,$(addsuffix .elf,$(GUESTS)))

$(GUEST_DIR)/hello.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/hello/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/hello-nopage.elf: $(GUEST_OBJDIR)/guest-lib/head.nopage.o \
		$(GUEST_OBJDIR)/tests/guests/hello/main.nopage.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/layout-p2m.elf: $(GUEST_OBJDIR)/guest-lib/head.initp2m.o \
		$(GUEST_OBJDIR)/tests/guests/layout/main.initp2m.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/sched.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/sched/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/pingpong.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/pingpong/main.o $(PEER_PORT_OBJ) \
		$(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/console.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/console/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/grants.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/grants/main.o $(GUEST_PT_OBJ) $(PEER_PORT_OBJ) \
		$(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/blkhostile.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/blkhostile/main.o $(GUEST_PT_OBJ) \
		$(GUEST_OBJDIR)/guest-lib/xs_client.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/nethostile.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/nethostile/main.o $(GUEST_PT_OBJ) \
		$(GUEST_OBJDIR)/guest-lib/xs_client.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/msix.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/msix/main.o $(GUEST_PT_OBJ) \
		$(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/gntattack.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/gntattack/main.o $(GUEST_PT_OBJ) \
		$(PEER_PORT_OBJ) $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/exchange.elf: $(HEAD) $(patsubst %.c,$(GUEST_OBJDIR)/%.o,$(wildcard tests/guests/exchange/*.c)) \
		$(GUEST_PT_OBJ) $(PEER_PORT_OBJ) $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/pci.elf: $(HEAD) $(patsubst %.c,$(GUEST_OBJDIR)/%.o,$(wildcard tests/guests/pci/*.c)) \
		$(GUEST_PT_OBJ) $(PEER_PORT_OBJ) $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/bigpin.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/bigpin/main.o $(GUEST_PT_OBJ) \
		$(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/mmu.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/mmu/main.o $(GUEST_PT_OBJ) $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/traps.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/traps/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/ptwr.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/ptwr/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/emulate.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/emulate/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/cpustate.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/cpustate/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/initrd.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/initrd/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/initrd-pfn.elf: $(GUEST_OBJDIR)/guest-lib/head.modpfn.o \
		$(GUEST_OBJDIR)/tests/guests/initrd/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
# A ramdisk whose every byte can be checked: "PARVUS-RAMDISK-" repeated.
guests: $(GUEST_DIR)/ramdisk.bin
$(GUEST_DIR)/ramdisk.bin:
	@mkdir -p $(GUEST_DIR)
	yes PARVUS-RAMDISK- | tr -d '\n' | head -c 10000 > $@
$(GUEST_DIR)/xenstore.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/xenstore/main.o \
		$(GUEST_OBJDIR)/guest-lib/xs_client.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/phoenix.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/phoenix/main.o \
		$(GUEST_OBJDIR)/tests/guests/phoenix/grants.o \
		$(GUEST_OBJDIR)/tests/guests/phoenix/hoard.o $(GUEST_PT_OBJ) \
		$(GUEST_OBJDIR)/guest-lib/xs_client.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/pcifront.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/pcifront/main.o $(GUEST_PT_OBJ) \
		$(GUEST_OBJDIR)/guest-lib/xs_client.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/shell.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/shell/main.o \
		$(GUEST_OBJDIR)/guest-lib/xs_client.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/spin.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/spin/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/fpuptr.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/fpuptr/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/hostile.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/hostile/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/preempt.elf: $(HEAD) $(patsubst %.c,$(GUEST_OBJDIR)/%.o,$(wildcard tests/guests/preempt/*.c)) \
		$(PEER_PORT_OBJ) $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/layout.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/layout/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/privop.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/privop/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/crash.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/crash/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/huge.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/huge/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/bad-nonotes.elf: $(GUEST_OBJDIR)/guest-lib/head.nonotes.o \
		$(GUEST_OBJDIR)/tests/guests/hello/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/bad-elf32.elf: tests/guests/bad/elf32.S
	@mkdir -p $(GUEST_DIR) $(GUEST_OBJDIR)
	$(AS) --32 -o $(GUEST_OBJDIR)/elf32.o $<
	$(LD) -m elf_i386 -nostdlib -static -o $@ $(GUEST_OBJDIR)/elf32.o
$(GUEST_DIR)/bad-not-elf.elf: tests/guests/bad/not-elf.txt
	@mkdir -p $(GUEST_DIR)
	cp $< $@
# A hand-written ELF (hostile field values no linker makes): its bytes are
# the .data section of the assembled file.
$(GUEST_DIR)/bad-segment-overflow.elf: tests/guests/bad/segment-overflow.S $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(GUEST_DIR) $(GUEST_OBJDIR)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -D__ASSEMBLY__ -c -o $(GUEST_OBJDIR)/segment-overflow.o $<
	objcopy -O binary -j .data $(GUEST_OBJDIR)/segment-overflow.o $@
# The hypercall fuzzer: every C file of its folder (fuzz.h lists them),
# reserve.c first: its page-aligned buffers then open the .bss with no
# padding before them, as they did when the fuzzer was one file. A seed's
# run depends on the pages the image takes (see fuzz.h).
FUZZ_GUEST_SRCS := tests/guests/fuzz/reserve.c \
                   $(filter-out %/reserve.c,$(sort $(wildcard tests/guests/fuzz/*.c)))
$(GUEST_DIR)/fuzz.elf: $(HEAD) $(patsubst %.c,$(GUEST_OBJDIR)/%.o,$(FUZZ_GUEST_SRCS)) \
		$(GUEST_OBJDIR)/tests/guests/fuzz/fuzz_entry.o $(GUEST_LIB_OBJS)
	$(guest_link)
$(GUEST_DIR)/witness.elf: $(HEAD) $(GUEST_OBJDIR)/tests/guests/witness/main.o $(GUEST_LIB_OBJS)
	$(guest_link)
