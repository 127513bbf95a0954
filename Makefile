# SPDX-License-Identifier: GPL-2.0-only
# Parvus: a thin x86_64 paravirtualization hypervisor (Xen PV64 ABI).
#
#   make          build the hypervisor (build/parvus.elf) and test guests
#   make run      boot Parvus under QEMU with the default guest, console here
#   make run-dd   the same guest with a disk and a NIC from the built-in driver domain
#   make test     unit tests (Criterion), host fuzzing, integration tests (QEMU)
#   make fuzz-host SECONDS=n   every libFuzzer harness for n s (tests/fuzz)
#   make deps     install the Debian packages the build and tests need
#   make fuzz SEED=n ITER=m   the hypercall fuzzer beside its witness domain
#   make fuzz-pair SEED=n ITER=m   two cooperating fuzzers (granter, grantee), audit on
#
# `run` and `test` install missing packages themselves (scripts/deps.sh).

BUILD       := build
CC          := gcc
LD          := ld
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
CHANGESET   := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# The Xen public headers are the ABI; we include them as <xen/...> without
# pulling the rest of /usr/include into freestanding code.
XEN_INCLUDE := $(BUILD)/include/xen
# We implement the interface of these headers (Xen 4.17), not the legacy one
# they give to code that names no version.
XEN_ABI     := -D__XEN_INTERFACE_VERSION__=0x00040e00

WARNINGS    := -Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes \
               -Wshadow -Wundef -Wstrict-prototypes
FREESTANDING := -ffreestanding -fno-builtin -nostdinc -isystem $(GCC_INCLUDE) \
               -fno-stack-protector -mno-red-zone -mno-mmx -mno-sse -mno-sse2 \
               -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
               -fcf-protection=none
HV_INCLUDES := -I$(BUILD)/include -Ihypervisor/include -Ihypervisor/arch/x86_64/include $(XEN_ABI)
HV_CFLAGS   := -std=gnu11 -O2 -g $(WARNINGS) $(FREESTANDING) -fpie -fno-plt \
               $(HV_INCLUDES) -DPARVUS_CHANGESET='"$(CHANGESET)"'
HV_ASFLAGS  := -D__ASSEMBLER__ -D__ASSEMBLY__ $(HV_INCLUDES) -nostdinc -isystem $(GCC_INCLUDE)

HV_C_SRCS   := $(filter-out hypervisor/arch/x86_64/asm-offsets.c, \
               $(shell find hypervisor hypercalls -name '*.c' | sort))
HV_S_SRCS   := hypervisor/arch/x86_64/boot.S hypervisor/arch/x86_64/entry.S
HV_OBJS     := $(patsubst %.c,$(BUILD)/%.o,$(HV_C_SRCS)) $(patsubst %.S,$(BUILD)/%.o,$(HV_S_SRCS))
ASM_OFFSETS := $(BUILD)/include/asm-offsets.h

.PHONY: all hypervisor guests run run-dd run-shells bench guest-kernel test unit integration deps clean fuzz fuzz-pair dd-soak
all: hypervisor guests xenstored pciback cli devd

hypervisor: $(BUILD)/parvus.elf

$(XEN_INCLUDE):
	@if [ ! -f /usr/include/xen/xen.h ]; then \
		echo "Xen public headers missing: run 'make deps' (Debian libxen-dev)" >&2; exit 1; fi
	mkdir -p $(BUILD)/include
	ln -sfn /usr/include/xen $@

$(ASM_OFFSETS): hypervisor/arch/x86_64/asm-offsets.c hypervisor/arch/x86_64/include/arch/regs.h | $(XEN_INCLUDE)
	$(CC) $(HV_CFLAGS) -S -o $@.s $<
	sed -n 's/^->\([A-Za-z_0-9]*\) \$$\{0,1\}\(.*\)/#define \1 \2/p' $@.s > $@.tmp
	mv $@.tmp $@

# Objects depend on the makefiles too, so a change of flags rebuilds them.
BUILD_FILES := Makefile guest-lib/guest-lib.mk tests/guests/guests.mk tests/unit/unit.mk

$(BUILD)/%.o: %.c $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(HV_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.S $(ASM_OFFSETS) $(BUILD_FILES) | $(XEN_INCLUDE)
	@mkdir -p $(dir $@)
	$(CC) $(HV_ASFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/parvus.ld: hypervisor/parvus.ld hypervisor/include/parvus/layout.h
	$(CC) -E -P -x c -D__ASSEMBLER__ $(HV_INCLUDES) -o $@ $<

# Two link passes: the second embeds the first one's text symbols so fault
# reports can name functions. The table sits after all code, so no text
# address moves; scripts/check-image.sh verifies that and the file layout.
$(BUILD)/empty-symbols.o:
	@mkdir -p $(BUILD)
	printf '\t.section .hv_symbols, "a"\n\t.quad 0\n' | $(CC) -c -x assembler -o $@ -

HV_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

$(BUILD)/parvus.pass1.elf: $(HV_OBJS) $(BUILD)/empty-symbols.o $(BUILD)/parvus.ld
	$(LD) $(HV_LDFLAGS) -T $(BUILD)/parvus.ld -o $@ $(HV_OBJS) $(BUILD)/empty-symbols.o

$(BUILD)/symbols.S: $(BUILD)/parvus.pass1.elf scripts/gen-symbols.sh
	nm -n $< > $(BUILD)/pass1.nm
	scripts/gen-symbols.sh $(BUILD)/pass1.nm > $@

$(BUILD)/parvus.elf: $(BUILD)/symbols.o $(BUILD)/parvus.pass1.elf scripts/check-image.sh
	$(LD) $(HV_LDFLAGS) -T $(BUILD)/parvus.ld -o $@ $(HV_OBJS) $(BUILD)/symbols.o
	nm -n $(BUILD)/parvus.pass1.elf | grep ' [tT] ' > $(BUILD)/pass1.text.nm
	nm -n $@ | grep ' [tT] ' > $(BUILD)/final.text.nm
	scripts/check-image.sh $@ $(BUILD)/pass1.text.nm $(BUILD)/final.text.nm

$(BUILD)/symbols.o: $(BUILD)/symbols.S
	$(CC) -c -o $@ $<

# A GRUB rescue ISO that boots Parvus through its multiboot2 header, as on
# real hardware. Only the tests use it.
$(BUILD)/parvus-grub.iso: $(BUILD)/parvus.elf $(BUILD)/guests/hello.elf tests/integration/grub.cfg
	rm -rf $(BUILD)/grub-iso
	mkdir -p $(BUILD)/grub-iso/boot/grub
	cp $(BUILD)/parvus.elf $(BUILD)/guests/hello.elf $(BUILD)/grub-iso/boot/
	cp tests/integration/grub.cfg $(BUILD)/grub-iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/grub-iso 2>$(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log >&2; exit 1; }

include guest-lib/guest-lib.mk
include tests/guests/guests.mk
include toolstack/xenstored/xenstored.mk
include toolstack/parvus/parvus.mk
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
include pv-drivers/devd/devd.mk
include pv-drivers/pciback/pciback.mk

deps:
	scripts/deps.sh

# Debian's kernel to a busybox shell, beside the xenstore domain, on an
# interactive serial console (Ctrl-A three times switches domains);
# poweroff in the shell ends the run.
run: deps all linux-images
	scripts/qemu-boot.sh --console --mem 512M --timeout 3600 --append console=interactive -- \
		tests/integration/manifests/linux-xenstore.manifest "" $(BUILD)/xenstored.elf "" \
		cache/linux/vmlinux "" $(BUILD)/linux/shell.cpio.gz ""

# Debian's kernel to a busybox shell with xvda (disks/run-dd.img, made on
# first use; git ignores disks/) and eth0, both from the built-in driver
# domain that parvus run starts for backend=dd (toolstack/parvus/run-dd.cfg),
# on QEMU's virtio-blk and virtio-net (its default, --dd-devices=pci): what the guest
# writes to xvda stays in the image. poweroff in the shell ends the run.
RUN_DD_DISK := disks/run-dd.img
$(RUN_DD_DISK):
	@mkdir -p $(dir $@)
	truncate -s 64M $@.tmp
	printf 'Parvus run-dd disk, made %s\n' "$$(date -u)" | dd of=$@.tmp conv=notrunc status=none
	mv $@.tmp $@
run-dd: deps all cache/linux/vmlinuz $(BUILD)/linux/dd.cpio.gz $(RUN_DD_DISK)
	$(BUILD)/parvus run --timeout 3600 toolstack/parvus/run-dd.cfg

# Issue 16's soak: the driver domain crashes 20 times under load
# (tests/integration/dd-restart.sh 20, about 10 minutes under TCG): each
# restart's phases, the longest write, I/O errors, records checked, ping
# loss, the TCP stream and the frames check. Not part of make test.
# DDKERNEL=lean: the lean driver domain (make guest-kernel); ICOUNT=1:
# counted, in guest time (QEMU -icount), which repeats from run to run.
dd-soak: deps all cache/linux/vmlinux $(BUILD)/linux/dd.cpio.gz $(if $(filter lean,$(DDKERNEL)),guest-kernel)
	tests/integration/dd-restart.sh 20

# The same machine with two small shell guests instead of Linux.
run-shells: deps all
	scripts/qemu-boot.sh --console --timeout 3600 --append console=interactive -- \
		tests/integration/manifests/run.manifest "" $(BUILD)/xenstored.elf "" \
		$(BUILD)/guests/shell.elf ""

test: deps
	$(MAKE) all unit-tests fuzz-build $(BUILD)/parvus-grub.iso linux-images guest-kernel
	tests/run-all.sh

# The hypercall fuzzer (tests/guests/fuzz) beside its witness domain, one
# seed: no panic, both SUCCESS, the same free-frame count before and after.
# TRACE=1 prints every call, to follow a failing seed.
SEED ?= 1
ITER ?= 20000
fuzz: deps all
	scripts/fuzz.sh $(SEED) $(ITER) $(if $(TRACE),trace=1)

# The fuzz pair (granter and grantee, one seed) beside the witness, with
# the hypervisor's memory audit after every AUDIT-th call (default 64).
fuzz-pair: deps all
	scripts/fuzz-pair.sh $(SEED) $(ITER) $(if $(TRACE),trace=1)

# The performance comparison (issue 6): Parvus PV, QEMU full virtualization
# and Xen PV on the same kernel and workload; results in build/bench.
bench: deps all linux-images
	$(BUILD)/parvus bench --runs 3 --out $(BUILD)/bench

# The lean PV guest kernel from Debian's linux-source-6.1 (cache/lean/bzImage)
# and its benchmark initramfs (the same, with pvbench built for it);
# `parvus bench --kernel lean` uses both. The lean driver domain's
# initramfs too: dd.cpio.gz's /init with the lean kernel's modules.
guest-kernel: deps $(BUILD)/bench/workload cache/linux/busybox $(DEVD_BIN) $(GNT_PROBE)
	scripts/build-lean-kernel.sh
	scripts/mkinitramfs.sh cache/linux/busybox $(BUILD)/linux/bench-lean.cpio.gz \
		tests/linux/init-bench.sh=init $(BUILD)/bench/workload=bin/workload \
		$(BUILD)/linux/modules/pvbench-lean.ko=lib/modules/pvbench.ko +/usr/bin/sysbench
	scripts/mkinitramfs.sh cache/linux/busybox $(BUILD)/linux/dd-lean.cpio.gz \
		pv-drivers/devd/init-dd.sh=init $(DEVD_BIN)=bin/parvus-devd \
		$(GNT_PROBE)=bin/gnt-probe cache/lean/modules/lib=lib

# Debian's kernel and busybox (apt-get download, cached in cache/linux) and
# the initramfs images the Linux tests boot.
.PHONY: linux-images
linux-images: $(BUILD)/linux/smoke.cpio.gz $(BUILD)/linux/shell.cpio.gz cache/linux/vmlinuz \
		$(BUILD)/linux/bench.cpio.gz $(BUILD)/linux/dd.cpio.gz $(BUILD)/linux/pcifront.cpio.gz \
		$(BUILD)/linux/bench-io.cpio.gz $(BUILD)/linux/dd-io.cpio.gz \
		cache/xen/xen.bin $(BUILD)/linux/xen-dom0.cpio.gz
cache/xen/xen.bin: scripts/fetch-xen.sh
	scripts/fetch-xen.sh >/dev/null
# The dom0 of parvus bench's xen-domu system: Debian's Xen user space
# (cache/xen/dom0-tools) and dom0's modules (cache/linux/dom0-modules);
# parvus bench appends the domU to it.
$(BUILD)/linux/xen-dom0.cpio.gz: tests/linux/init-xen-dom0.sh scripts/build-xen-dom0.sh \
		tests/linux/xen-dom0-hotplug.sh \
		scripts/fetch-xen-tools.sh scripts/fetch-linux-modules.sh scripts/mkinitramfs.sh \
		cache/linux/busybox cache/linux/vmlinux
	scripts/build-xen-dom0.sh $@
# The benchmark workload: static, so the initramfs needs nothing else.
$(BUILD)/bench/workload: tests/bench/workload.c
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<
$(BUILD)/linux/modules/pvbench.ko: pv-drivers/linux/pvbench/pvbench.c Kbuild \
		scripts/build-modules.sh cache/linux/vmlinux
	scripts/build-modules.sh
# The I/O rows' initramfs (tests/linux/bench-io.sh, `io` on the command
# line): the same /init with Debian's fio and iperf3 (about 80 MiB of
# libraries for fio, so it is a separate image) and the device drivers
# Debian builds as modules.
$(BUILD)/linux/bench-io.cpio.gz: tests/linux/init-bench.sh tests/linux/bench-io.sh \
		$(BUILD)/bench/workload scripts/mkinitramfs.sh cache/linux/busybox \
		cache/linux/dd-modules/wanted
	@mkdir -p $(dir $@)
	scripts/mkinitramfs.sh cache/linux/busybox $@ $<=init tests/linux/bench-io.sh=bin/bench-io.sh \
		$(BUILD)/bench/workload=bin/workload +/usr/bin/fio +/usr/bin/iperf3 \
		cache/linux/dd-modules/lib=lib
$(BUILD)/linux/bench.cpio.gz: tests/linux/init-bench.sh $(BUILD)/bench/workload \
		$(BUILD)/linux/modules/pvbench.ko scripts/mkinitramfs.sh cache/linux/busybox
	@mkdir -p $(dir $@)
	scripts/mkinitramfs.sh cache/linux/busybox $@ $<=init $(BUILD)/bench/workload=bin/workload \
		$(BUILD)/linux/modules/pvbench.ko=lib/modules/pvbench.ko +/usr/bin/sysbench
cache/linux/vmlinux cache/linux/vmlinuz cache/linux/busybox: scripts/fetch-linux.sh
	scripts/fetch-linux.sh >/dev/null
# The driver domain: Debian's back-end modules (from the same linux-image
# package, with modules.dep) and parvus-devd.
cache/linux/dd-modules/wanted: scripts/fetch-linux-modules.sh cache/linux/vmlinux
	scripts/fetch-linux-modules.sh >/dev/null
$(BUILD)/linux/dd.cpio.gz: pv-drivers/devd/init-dd.sh $(DEVD_BIN) $(GNT_PROBE) \
		cache/linux/dd-modules/wanted scripts/mkinitramfs.sh cache/linux/busybox
	@mkdir -p $(dir $@)
	scripts/mkinitramfs.sh cache/linux/busybox $@ $<=init $(DEVD_BIN)=bin/parvus-devd \
		$(GNT_PROBE)=bin/gnt-probe cache/linux/dd-modules/lib=lib
# parvus bench's driver domain for the I/O rows: dd.cpio.gz with Debian's
# iperf3 after it, a second archive (init-dd.sh serves iperf3 when it has
# it: the guest-to-back-end TCP row).
$(BUILD)/linux/iperf3.cpio.gz: scripts/mkinitramfs.sh
	@mkdir -p $(dir $@)
	scripts/mkinitramfs.sh - $@ +/usr/bin/iperf3
$(BUILD)/linux/dd-io.cpio.gz: $(BUILD)/linux/dd.cpio.gz $(BUILD)/linux/iperf3.cpio.gz
	cat $^ > $@
# A domU whose PCI comes through xen-pcifront from the pciback service.
$(BUILD)/linux/pcifront.cpio.gz: tests/linux/init-pcifront.sh $(DEVD_BIN) \
		cache/linux/dd-modules/wanted scripts/mkinitramfs.sh cache/linux/busybox
	@mkdir -p $(dir $@)
	scripts/mkinitramfs.sh cache/linux/busybox $@ $<=init $(DEVD_BIN)=bin/parvus-devd \
		cache/linux/dd-modules/lib=lib
$(BUILD)/linux/smoke.cpio.gz: tests/linux/init-smoke.sh scripts/mkinitramfs.sh cache/linux/busybox
	@mkdir -p $(dir $@)
	scripts/mkinitramfs.sh cache/linux/busybox $@ $<=init
$(BUILD)/linux/shell.cpio.gz: tests/linux/init-shell.sh tests/linux/inittab tests/linux/rcS \
		scripts/mkinitramfs.sh cache/linux/busybox
	@mkdir -p $(dir $@)
	scripts/mkinitramfs.sh cache/linux/busybox $@ $<=init tests/linux/inittab=etc/inittab \
		tests/linux/rcS=etc/rcS

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
