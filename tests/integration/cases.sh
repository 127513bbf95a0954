# SPDX-License-Identifier: GPL-2.0-only
# Integration cases, sourced by run.sh. Each boots Parvus with one guest:
#   boot_case NAME STATUS [+must-match|-must-not-match ...] -- qemu-boot.sh args
# STATUS: 0 all domains powered off, 1 domain failed or could not be built,
# 2 hypervisor panic (see scripts/qemu-boot.sh).
G=build/guests
X=build/xenstored.elf
NO_PANIC='-parvus panic|unexpected .* in the hypervisor'
# Every frame is free again once the last domain is destroyed.
FRAMES_BACK='?scripts/frames-back.sh "$LOG" >/dev/null'

# The first PV guest: hypercall page and syscall, console, version, errors.
boot_case hello 0 '+multiboot loader "qemu"' '+\(d1\) Hello from a Parvus PV guest \(via the hypercall page\)' \
	'+\(d1\) Hello from a Parvus PV guest \(via syscall\)' \
	'+\(d1\) Xen ABI version 4\.17\.0-parvus' '+\(d1\) command line: "hello args"' \
	'+\(d1\) Test result: SUCCESS' '+d1 shut down \(poweroff\)' '-FAIL' "$NO_PANIC" \
	-- -- $G/hello.elf "hello args"
# The multiboot2 header, as GRUB on real hardware uses it.
boot_case multiboot2-grub 0 '+multiboot2 loader "GRUB 2' '+command line "dom_mem=16M"' \
	'+d1: 16 MiB' '+\(d1\) command line: "booted by grub"' '+\(d1\) Test result: SUCCESS' \
	-- --iso build/parvus-grub.iso
# Linux 6.1 has no HYPERCALL_PAGE note: the page is optional.
boot_case hello-nopage 0 '+\(d1\) Test result: SUCCESS' '+via syscall' \
	'-via the hypercall page' '-entry 0x[0-9a-f]*, hypercall page' '-FAIL' \
	-- -- $G/hello-nopage.elf ""
# Unimplemented hypercalls are reported once and fail with -ENOSYS.
boot_case enosys-logged-once 0 '+hypercall 60 \(unknown\) is not implemented: -ENOSYS' \
	'+\(d1\) Test result: SUCCESS' -- -- $G/hello.elf ""

# Bad boot input: a one-line reason and a failure exit, never a fault.
boot_case no-module 1 '+parvus: no guest kernel' "$NO_PANIC" --
boot_case not-elf 1 '+cannot build d1: not an ELF image \(bad magic\)' "$NO_PANIC" \
	-- -- $G/bad-not-elf.elf ""
boot_case no-xen-notes 1 '+cannot build d1: no Xen ELF notes' "$NO_PANIC" \
	-- -- $G/bad-nonotes.elf ""
boot_case elf32 1 '+cannot build d1: 32-bit ELF image' "$NO_PANIC" \
	-- -- $G/bad-elf32.elf ""
# Issue 13: a first PT_LOAD whose size runs to the top of the address space
# (it wrapped the layout's page count to 0) and a second one at 64 TiB (it
# indexed the frame list out of bounds: a hypervisor panic or write).
boot_case segment-overflow 1 \
	'+cannot build d1: PT_LOAD segment 0 at 0x100000-0xfffffffffffff001 is not canonical or overlaps the hypervisor' \
	"$NO_PANIC" -- -- $G/bad-segment-overflow.elf ""
boot_case image-larger-than-domain 1 \
	'+cannot build d1: image needs [0-9]+ KiB of domain memory to boot, the domain has 32768 KiB' \
	'-Test result' "$NO_PANIC" -- -- $G/huge.elf ""
boot_case domain-larger-than-machine 1 \
	'+cannot build d1: not enough free machine memory for 4096 MiB' "$NO_PANIC" \
	-- --append "dom_mem=4G" -- $G/hello.elf ""
boot_case bad-dom-mem 1 '+bad dom_mem=lots on the hypervisor command line' \
	-- --append "dom_mem=lots" -- $G/hello.elf ""

# Privileged instructions trap in ring 3 and kill only the domain.
for insn in cli sti lgdt ltr invlpg wrmsr-efer mov-cr0; do
	name=$insn
	[ "$insn" = wrmsr-efer ] && name=wrmsr
	[ "$insn" = mov-cr0 ] && name='mov to %cr'
	boot_case "privop-$insn" 1 "+d1 crashed: privileged instruction '$name' at 0x[0-9a-f]+ \\(#GP\\)" \
		'+no domains left to run; a domain failed' "-did not trap" '-Test result' "$NO_PANIC" \
		-- -- $G/privop.elf "insn=$insn"
done

# Guests that fail in other ways are destroyed with a reason.
boot_case crash-shutdown 1 '+d1 shut down \(crash\)' "$NO_PANIC" -- -- $G/crash.elf "mode=shutdown"
boot_case crash-pagefault 1 '+d1 crashed: page fault at 0x1000 \(not present on read\)' \
	"$NO_PANIC" -- -- $G/crash.elf "mode=pagefault"
boot_case crash-read-hypervisor 1 \
	'+d1 crashed: page fault at 0xffff830000200000 \(protection violation on read\)' \
	"$NO_PANIC" -- -- $G/crash.elf "mode=hv-read"
boot_case crash-write-pagetable 1 '+d1 crashed: page fault at 0x[0-9a-f]+ \(protection violation on write\)' \
	"$NO_PANIC" -- -- $G/crash.elf "mode=pt-write"
# guest_protect_image() (xenstored's first act): code read-only, and an
# unmapped page below the boot stack, whose overflow faults there.
boot_case crash-text-write 1 '+d1 crashed: page fault at 0x[0-9a-f]+ \(protection violation on write\)' \
	"$NO_PANIC" -- -- $G/crash.elf "mode=text-write"
GUARD_PAGE='?g=$(nm build/guests/crash.elf | grep " guest_stack_guard$" | cut -c1-13) && grep -Eq "d1 crashed: page fault at 0x$g[0-9a-f]{3} \(not present on write\)" "$LOG"'
boot_case crash-stack-overflow 1 "$GUARD_PAGE" '-recursed' "$NO_PANIC" \
	-- -- $G/crash.elf "mode=stack-overflow"
boot_case crash-ud2 1 '+d1 crashed: #UD invalid opcode \(vector 6\) at 0x[0-9a-f]+ and no handler' "$NO_PANIC" -- -- $G/crash.elf "mode=ud2"

# A fault in the hypervisor itself: full dump, backtrace, panic status.
boot_case ring0-fault-dump 2 \
	'+unexpected #PF page fault \(vector 14, error code 0x0\) in the hypervisor' \
	'+RIP: e008:ffff8280[0-9a-f]+  selftest_touch\+0x' '+CR2: ffff870000000000 CR3: ' \
	'+R15: ' '+Backtrace:' '+\? \[<[0-9a-f]+>\] selftest_ring0_pagefault\+0x' '+\] start_parvus\+0x' \
	'-d1 shut down' -- --append "selftest=ring0-pagefault" -- $G/hello.elf ""
boot_case panic-dump 2 '+parvus panic: selftest: panic requested' '+\] start_parvus\+0x' \
	-- --append "selftest=panic" -- $G/hello.elf ""

# Direct paging: page-table hypercalls, memory_op, the M2P, and every
# refusal a hostile guest must meet (see tests/guests/mmu/main.c).
boot_case mmu 0 '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" -- -- $G/mmu.elf ""
# XENMEM_exchange (tests/guests/exchange): contiguous extents below an
# address width and back, Xen's checks, frames that may not go, partial
# progress, continuations, and lists in a frame the call gives up.
boot_case exchange 0 '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- -- $G/exchange.elf ""

# Traps, iret, callbacks, user mode (see tests/guests/traps/main.c) ...
boot_case traps 0 '+\(d1\) Test result: SUCCESS' '+privileged instructions from user mode: #GP' '-FAIL' \
	"$NO_PANIC" -- -- $G/traps.elf ""
# ... and guests that abuse them: destroyed, the hypervisor unharmed.
boot_case crash-bad-kernel-stack 1 \
	'+d1 crashed: cannot push the frame for #UD invalid opcode at 0x[0-9a-f]+ onto the guest kernel stack' \
	"$NO_PANIC" -- -- $G/crash.elf "mode=bad-stack"
boot_case crash-iret-to-ring0 1 '+d1 crashed: cannot return to rip 0x[0-9a-f]+ cs 0xe00b' \
	"$NO_PANIC" -- -- $G/crash.elf "mode=iret-ring0"
boot_case crash-iret-noncanonical 1 '+d1 crashed: cannot return to rip 0x900000000000' \
	"$NO_PANIC" -- -- $G/crash.elf "mode=iret-noncanon"
boot_case crash-iret-user-without-l4 1 '+d1 crashed: iret to user mode without a user page table' \
	"$NO_PANIC" -- -- $G/crash.elf "mode=iret-user"

# Trap and emulate: CPUID policy and Xen leaves, MSRs, CRs, ports.
# The counters say what each trap turned out to be (the guest's own counts).
boot_case emulate 0 '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	'+  emulated cli/sti +2\s' '+  emulated in/out +20\s' '+  emulated cpuid \(forced\) +8\s' \
	'+  trap #UD invalid opcode +8\s' '+  emulated rdmsr/wrmsr +[1-9]' '+  #GP reflected to the guest +[1-9]' \
	-- --append perfc=exit -- $G/emulate.elf ""

# Writable page tables: direct stores to L1 entries, decoded and validated.
boot_case ptwr 0 '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" -- -- $G/ptwr.elf ""

# The guest's GDT, multicall (with continuations inside), debug registers.
boot_case cpustate 0 '+\(d1\) Test result: SUCCESS' '+\(d1\) \(from a multicall\)' \
	'+\(d1\) mov ss \+ syscall with a pending #DB survived' \
	'+\(d1\) #DB with the bounce frame watched survived' '-FAIL' \
	"$NO_PANIC" -- -- $G/cpustate.elf ""

# The ramdisk (second module): mapped, or by pfn as Linux asks for it.
boot_case initrd-mapped 0 '+ramdisk mapped' '+\(d1\) ramdisk of 10000 bytes checked \(mapped\)' \
	'+\(d1\) Test result: SUCCESS' -- -- $G/initrd.elf "len=10000" $G/ramdisk.bin ""
boot_case initrd-by-pfn 0 '+ramdisk by pfn' '+\(d1\) ramdisk of 10000 bytes checked \(by pfn\)' \
	'+\(d1\) Test result: SUCCESS' -- -- $G/initrd-pfn.elf "len=10000 by-pfn=1" $G/ramdisk.bin ""

# Every buffer-taking hypercall with every forbidden address, every batch
# hypercall with counts 0, 1, huge and -1.
boot_case hostile-sweep 0 '+swept 30 buffer hypercalls with 7 bad pointers each' \
	'+the console ring stayed ours and plain memory' '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" -- -- $G/hostile.elf ""

# The domain as the builder hands it over, against Xen's PV layout rules.
boot_case layout 0 '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" -- -- $G/layout.elf ""
boot_case layout-init-p2m 0 '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	-- -- $G/layout-p2m.elf ""

# Several domains from a boot manifest; one crash leaves the others running.
M=tests/integration/manifests
boot_case manifest-three-domains 1 '+\(d1\) command line: "from the manifest"' \
	'+d1 shut down \(poweroff\)' '+d2 crashed: page fault at 0x1000' \
	'+\(d3\) Test result: SUCCESS' '+d3 shut down \(poweroff\)' \
	'+no domains left to run; a domain failed' "$NO_PANIC" \
	-- -- $M/three-domains.manifest "" $G/hello.elf "" $G/crash.elf "" $G/layout.elf ""
boot_case manifest-bad-key 1 '+bad boot manifest: manifest line 2: unknown key "colour"' \
	'-d1 shut down' -- -- $M/bad-key.manifest "" $G/hello.elf ""
boot_case manifest-bad-module 1 \
	'+bad boot manifest: manifest line 2: kernel=7: no such boot module \(modules 1..1\)' \
	-- -- $M/bad-module.manifest "" $G/hello.elf ""
boot_case manifest-bad-node 1 \
	'+bad boot manifest: manifest line 5: node /local/domain/2/device/vbd/51712/backend-id: perms= names domain 9, not in this manifest \(0 to 2\)' \
	'-d1 shut down' "$NO_PANIC" -- -- $M/bad-node.manifest "" $X "" $G/hello.elf ""

# Pinning and unpinning one L4 that reaches all of a 128 MiB guest is
# preempted (XSA-45 class): the guest sees its own upcall run mid-call,
# the domain beside it finishes, and every frame comes back.
boot_case bigpin 0 '+\(d1\) pin and unpin were preempted in every round' \
	'+\(d1\) so were a hooking mmu_update and a failing batch.s release' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	'+page-table work preempted +[1-9]' "$FRAMES_BACK" \
	-- --mem 384M --append perfc=exit -- $M/bigpin.manifest "" $G/bigpin.elf "" $G/spin.elf ""

# Time and scheduling: pvclock, timers, block and hlt; two busy domains
# preempt each other (their busy spans overlap in system time) and keep
# their own FPU state; a vCPU halted with no timer is a reported deadlock.
boot_case sched-timers 0 '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	-- -- $G/sched.elf ""
boot_case sched-two-domains-preempt 0 '+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' \
	'-FAIL' "$NO_PANIC" \
	'?span() { sed -n "s/.*($1) spun from \([0-9]*\) to \([0-9]*\).*/\1 \2/p" "$LOG"; }
	  set -- $(span d1) $(span d2);
	  [ $# -eq 4 ] && [ "$1" -lt "$4" ] && [ "$3" -lt "$2" ]' \
	-- -- $M/two-spinners.manifest "" $G/sched.elf ""
# XSA-52: a vCPU never sees the x87 FIP/FDP/FOP of the one before it. QEMU's
# TCG, like the AMD CPUs of Xen's X86_BUG_FPU_PTRS, keeps them across
# fxrstor, so without the clearing the second domain sees the first's.
boot_case fpu-pointers-not-shared 0 '+fxrstor keeps the x87 FIP/FDP/FOP .*cleared on every switch' \
	'+\(d2\) fpuptr look: 0 of 200 looks showed the other vCPU.s x87 pointers' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	-- -- $M/fpu-pointers.manifest "" $G/fpuptr.elf ""
boot_case hlt-without-timer-deadlock 1 \
	'+every domain is blocked and no timer is set: nothing can wake them' "$NO_PANIC" \
	-- -- $G/privop.elf "insn=hlt"

# Event channels between domains: ping-pong, port rules, peer teardown.
boot_case evtchn-pingpong 0 '+\(d1\) 200 round trips, [0-9]+ ns each' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	-- -- $M/pingpong.manifest "" $G/pingpong.elf ""

# Console rings: output through the hypervisor's back end, serial input
# routed to one domain at a time (Ctrl-A three times switches).
boot_case console-ring 0 '+\(d1\) hello through the console ring' \
	'+\(d1\) console input: "typed-line"' '+console ring indexes out of range' \
	'+\(d1\) still talking after that' '+\(d1\) Test result: SUCCESS' "$NO_PANIC" \
	-- --input 'typed-line\r' -- $G/console.elf "expect=typed-line"
boot_case console-input-switch 0 '+\(alpha\) console input: "first"' \
	'+console input now goes to d2 \(beta\)' '+\(beta\) console input: "second"' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' "$NO_PANIC" \
	-- --input 'first\r\001\001\001second\r' -- $M/two-consoles.manifest "" $G/console.elf ""

# Weighted round robin: three times the weight, about three times the CPU
# (at least twice, to leave room for TCG's noise).
boot_case sched-weights 0 '+spin heavy: ran' '+spin light: ran' '-FAIL' "$NO_PANIC" \
	'?h=$(sed -n "s/.*spin heavy: ran \([0-9]*\) ms.*/\1/p" "$LOG"); l=$(sed -n "s/.*spin light: ran \([0-9]*\) ms.*/\1/p" "$LOG"); [ "$l" -gt 0 ] && [ "$h" -ge $((2 * l)) ]' \
	-- -- $M/weights.manifest "" $G/spin.elf ""

# A vCPU alone keeps the CPU when its slice ends: no context switch (the
# counters' vcpu entries stay at the first one, not 100 a second).
boot_case sched-alone-no-switch 0 '+spin alone: ran' '+timer interrupt' '-FAIL' "$NO_PANIC" \
	'?n=$(sed -n "s/^ *vcpu entry *\([0-9]*\).*/\1/p" "$LOG"); [ -n "$n" ] && [ "$n" -le 2 ]' \
	-- --append perfc=exit -- $G/spin.elf "name=alone window_ms=600"

# A guest spinning with its events masked cannot starve another: the
# timers guest beside it finishes (timers, block, hlt) before the spinner's
# 4 s window ends, and the spinner got only part of that window.
boot_case masked-spinner-cannot-starve 0 '+\(d2\) Test result: SUCCESS' '+spin masked: ran' \
	'-FAIL' "$NO_PANIC" \
	'?done=$(grep -n "(d2) Test result: SUCCESS" "$LOG" | cut -d: -f1); spun=$(grep -n "spin masked: ran" "$LOG" | cut -d: -f1);
	  ran=$(sed -n "s/.*spin masked: ran \([0-9]*\) ms.*/\1/p" "$LOG");
	  [ "$done" -lt "$spun" ] && [ "$ran" -lt 4000 ]' \
	-- -- $M/masked-spinner.manifest "" $G/spin.elf "" $G/sched.elf ""

# console=interactive (make run): serial input is an interrupt, and a
# guest blocked on its console without a timer is waiting, not deadlocked.
boot_case interactive-shell 0 '+\(d1\) solo\$ uptime' '+\(d1\) up [0-9]+\.[0-9]{3} s' \
	'+\(d1\) solo: powering off' '+interactive console' '-FAIL' "$NO_PANIC" \
	-- --append console=interactive --input 'help\ruptime\rpoweroff\r' -- $G/shell.elf "name=solo"
boot_case shell-without-input-is-deadlock 1 '+\(d1\) solo\$' \
	'+every domain is blocked and no timer is set: nothing can wake them' "$NO_PANIC" \
	-- -- $G/shell.elf "name=solo"
# A user's machine (no option: idle_deadlock=wait) is not stopped there: it
# idles, and input typed only after that wakes the shell, which powers off.
boot_case idle-waits-for-input 0 '+every domain is blocked and no timer is set; idle until serial input' \
	'+\(d1\) solo: powering off' '+all powered off cleanly' '-nothing can wake them' "$NO_PANIC" \
	-- --idle-deadlock '' --input-after 'idle until serial input' --input 'poweroff\r' \
	-- $G/shell.elf "name=solo"
boot_case bad-idle-deadlock-option 1 \
	'+idle_deadlock=never: expected idle_deadlock=shutdown or wait' "$NO_PANIC" \
	-- --idle-deadlock never -- $G/hello.elf ""
boot_case bad-console-option 1 '+console=loud: expected console=interactive' "$NO_PANIC" \
	-- --append console=loud -- $G/hello.elf ""

# xenstore: the xenstore domain serves two guests over their store rings;
# nodes seeded per domain, permissions, watches, transactions, releases.
boot_case xenstore-two-guests 0 '+\(d1\) xenstored: serving 2 domain' \
	'+\(d2\) alice: seeded as /local/domain/2' '+\(d3\) bob: seeded as /local/domain/3' \
	'+\(d3\) bob: read alice.s share, refused her private node' \
	'+\(d2\) alice: bob acknowledged through xenstore' \
	'+\(d2\) alice: transaction conflict gave EAGAIN, the retry committed' \
	'+xenstored: d3 has gone after [0-9]+ request\(s\); released' '+xenstored: every domain has gone' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" \
	-- -- $M/xenstore.manifest "" $X "" $G/xenstore.elf ""
boot_case xenstore-hostile-ring 0 '+xenstored: d4 broke its ring \(error 2\)' \
	'+\(d4\) mallory: 127-deep paths refused, a 117-deep one made; xenstored answers' \
	'+\(d4\) mallory: a corrupt ring index was refused' \
	'+\(d2\) alice: transaction conflict gave EAGAIN' '+\(d3\) Test result: SUCCESS' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" \
	-- -- $M/xenstore-hostile.manifest "" $X "" $G/xenstore.elf ""
# Issue 16, on_crash=restart (tests/guests/phoenix): the domain is rebuilt
# with the same id after each crash (SHUTDOWN_crash twice, then poweroff),
# counting its boots in its own xenstore node (kept across instances; the
# write proves xenstored took the new instance back), with the same store
# and console ports each time; the companion runs beside it throughout,
# mapping a page each instance grants it and keeping it over the crash
# (hostile, two domains: the next instance tries to map that orphan, the
# companion the dead instance's ref); the memory audit runs after every
# hypercall and every frame is back at the end.
RESTARTED='+parvus: d2 \(phoenix\) restarted in [0-9]+ ms; free frames: [0-9]+'
boot_case phoenix-restart 0 '+\(d2\) phoenix: boot 1 as d2, store port [0-9]+' '+\(d2\) phoenix: boot 2 as d2, store port [0-9]+' \
	'+\(d2\) phoenix: boot 3 as d2, store port [0-9]+' '+\(d2\) phoenix: boot 3, powering off' \
	'?[ "$(grep -o "phoenix: boot [0-9] as d2, store port [0-9]*, console port [0-9]*" "$LOG" | cut -d" " -f4- | sort -u | wc -l)" = 1 ]' \
	'+parvus: d2 \(phoenix\) crashed; restarting it \(restart 1\)' \
	'+parvus: d2 \(phoenix\) crashed; restarting it \(restart 2\)' '-restart 3' "$RESTARTED" \
	'?[ "$(grep -c "xenstored: d2 (phoenix) is back; serving its new instance" "$LOG")" = 2 ]' \
	'?[ "$(grep -c "(d2) phoenix: the dead instance.s frame is not ours to map" "$LOG")" = 2 ]' \
	'+\(d3\) companion: instance 1.s page held intact over its death; its ref refused by the next' \
	'+\(d3\) companion: instance 2.s page held intact over its death; its ref refused by the next' \
	'+\(d3\) companion: ran 15 s beside it, 15 xenstore writes answered' \
	'+\(d3\) Test result: SUCCESS' '+mm audit: [0-9]+ audits passed' '-mm audit \(' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm -- $M/phoenix.manifest "" $X "" $G/phoenix.elf ""
# A fatal fault (a read of an unmapped address, no handler) restarts too;
# 11 s after the start, at once (no back-off: the restart's own cost).
boot_case phoenix-fault 0 '+\(d2\) phoenix: crashing on boot 1 \(fault\)' \
	'+d2 crashed: page fault at 0x1000 \(not present on read\)' \
	'+parvus: d2 \(phoenix\) crashed; restarting it \(restart 1\)' '-back-off' \
	'+parvus: d2 \(phoenix\) restarted in [0-9]{1,3} ms; free frames: [0-9]+' \
	'+\(d2\) phoenix: boot 2, powering off' '+\(d3\) Test result: SUCCESS' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm -- $M/phoenix-fault.manifest "" $X "" $G/phoenix.elf ""
# on_reboot=restart: a reboot (SHUTDOWN_reboot) rebuilds the domain as a
# crash does with on_crash=restart (11 s after the start: no back-off);
# its twin, on_crash=restart only, is destroyed by its reboot.
boot_case phoenix-reboot 0 '+\(d2\) phoenix: crashing on boot 1 \(reboot\)' \
	'+parvus: d2 shut down \(reboot\)' '+parvus: d2 \(phoenix\) rebooted; restarting it \(restart 1\)' \
	'+parvus: d2 \(phoenix\) restarted in [0-9]+ ms; free frames: [0-9]+' '-back-off' \
	'+\(d2\) phoenix: boot 2, powering off' '+parvus: d3 shut down \(reboot\)' \
	'-d3 \(twin\) (rebooted|crashed); restarting' '-\(d3\) phoenix: boot 2' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm -- $M/phoenix-reboot.manifest "" $X "" $G/phoenix.elf ""
# A crash loop: each crash within 10 s of starting waits longer (1, 2, 4,
# 8 s), the fifth ends it; the companion and xenstored carry on and the
# machine ends (a domain failed: status 1), every frame back.
boot_case phoenix-crash-loop 1 '+d2 \(phoenix\) crashed 1 time\(s\) in a row within 10 s of starting: back-off 1000 ms' \
	'+d2 \(phoenix\) crashed 4 time\(s\) in a row within 10 s of starting: back-off 8000 ms' \
	'+\(d2\) phoenix: boot 5 as d2' '-boot 6' \
	'+parvus: d2 \(phoenix\) crashed 5 times in a row within 10 s of starting; not restarting it' \
	'+xenstored: d2 \(restartable\) is not connected now; no longer awaited' \
	'+\(d3\) companion: ran 25 s beside it, 25 xenstore writes answered' '+\(d3\) Test result: SUCCESS' \
	'+no domains left to run; a domain failed' '-nothing can wake' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm -- $M/phoenix-loop.manifest "" $X "" $G/phoenix.elf ""
# A rebuild that cannot be done (two cooperating domains, hoard.c):
# phoenix grants the companion every frame it owns, the companion holds
# them all (device maps) over phoenix's crash, and the machine (64 MiB)
# has too few free frames left: the hypervisor says so and leaves phoenix
# destroyed, never running a half-built domain; the companion and
# xenstored carry on, the companion lets go, and every frame comes back
# (the memory audit after every hypercall).
boot_case phoenix-hoard 1 '+\(d3\) companion: holding all 4096 frames of d2 \(device maps\)' \
	'+parvus: d2 \(phoenix\) crashed; restarting it \(restart 1\)' \
	'+parvus: cannot build d2: not enough free machine memory for 16 MiB \([0-9]+ MiB free\)' \
	'+parvus: d2 \(phoenix\) could not be rebuilt; it stays destroyed' '-boot 2' \
	'?awk "/could not be rebuilt/ { r = NR } /never came back; let go of its 4096 frames/ { l = NR } END { exit !(r && l && r < l) }" "$LOG"' \
	'+\(d3\) Test result: SUCCESS' '+mm audit: [0-9]+ audits passed' '-mm audit \(' \
	'+no domains left to run; a domain failed' '-nothing can wake' "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 64M --append audit=mm -- $M/phoenix-hoard.manifest "" $X "" $G/phoenix.elf ""
# Beside a spinner that never gives up the CPU (events masked): the
# rebuild still comes when due, and phoenix is done before the spinner.
boot_case phoenix-beside-spinner 0 "$RESTARTED" '+\(d2\) phoenix: boot 2, powering off' \
	'?awk "/phoenix: boot 2, powering off/ { p = NR } /spin spinner: ran/ { s = NR } END { exit !(p && s && p < s) }" "$LOG"' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- -- $M/phoenix-spinner.manifest "" $X "" $G/phoenix.elf "" $G/spin.elf ""
# The console's kill key (k then the domain number) destroys d2 as a
# crash: it restarts. Two Ctrl-A triples: d2, d3, then the hypervisor.
boot_case phoenix-kill-key 0 '+parvus: d2 \(phoenix\) killed: the console.s kill key' \
	'+parvus: d2 \(phoenix\) crashed; restarting it \(restart 1\)' "$RESTARTED" \
	'+\(d2\) phoenix: boot 2, powering off' '-still running after crashing' \
	'+\(d3\) Test result: SUCCESS' '+all powered off cleanly' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append 'audit=mm console=interactive' \
	--input-after 'phoenix: crashing on boot 1 \(hold\)' --input '\001\001\001\001\001\001k2' \
	-- $M/phoenix-kill.manifest "" $X "" $G/phoenix.elf ""
# Device nodes from the boot manifest (node lines), made by xenstored at
# boot with the toolstack's permissions: the front end and the back end
# each read what they may, write their own, and are refused the rest.
boot_case xenstore-device-nodes 0 '+\(d1\) xenstored: 39 device node\(s\) made, 0 seed line\(s\) refused' \
	'+\(d3\) guest: device nodes as libxl writes them; the back end.s are read-only to me' \
	'+\(d2\) dd: back-end nodes mine to write; the front end.s read-only' \
	'+\(d2\) Test result: SUCCESS' '+\(d3\) Test result: SUCCESS' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" \
	-- -- $M/devices.manifest "" $X "" $G/xenstore.elf ""
# The pciback service domain (pv-drivers/pciback) serves two frontends of
# our own (tests/guests/pcifront): the handshake to Connected and root-0,
# an empty slot and the other frontend's device not found, a garbage op
# not implemented, bad offsets refused; mallory publishes a wrong magic
# and an ungranted ref, restarting after each, scribbles over its page mid-op, revokes its grant mid-op,
# closes with an op pending, reconnects and dies still connected (the
# service waits restart_wait=2 s for it to come back, then gives up), and
# alice is served all along. No pci= in the manifest: conf reads answer
# all-ones here (pcifront-device has the hardware).
PCIBACK=build/pciback.elf
boot_case pciback-two-frontends 0 '+\(d2\) pciback: serving 2 frontend\(s\)' \
	'+\(d2\) pciback: d3 connected \(grant 8, port [0-9]+\)' \
	'+\(d3\) pcifront: alice: not found, not implemented, bad offsets and too many MSI-X entries refused' \
	'+\(d2\) pciback: d4 refused: magic is not 7' \
	'+\(d2\) pciback: d4 refused: cannot map pci-op-ref' \
	'+\(d4\) pcifront: mallory: backend refused an ungranted pci-op-ref' \
	'+\(d4\) pcifront: mallory: [0-9]+ words scribbled mid-op; the next op answered' \
	'+\(d4\) pcifront: mallory: grant revoked mid-op; answered \(err 0\)' \
	'+\(d4\) pcifront: mallory: backend InitWait after we closed mid-op' \
	'+\(d4\) pcifront: mallory: reconnected and served' \
	'+\(d2\) pciback: d4 died without closing after [0-9]+ op\(s\); unmapped, unbound' \
	'+\(d2\) pciback: d4 died in state 3; waiting up to 2 s for it to come back' \
	'+\(d2\) pciback: d4 did not come back in 2 s; given up' \
	'?[ "$(grep -c "(d2) pciback: d4 refused: cannot map pci-op-ref" "$LOG")" = 1 ]' \
	'+\(d3\) pcifront: alice: still served after the attack' \
	'+\(d3\) pcifront: alice: backend InitWait again' \
	'+\(d2\) pciback: every frontend has gone; stopping' \
	'+\(d2\) Test result: SUCCESS' '+\(d3\) Test result: SUCCESS' '+\(d4\) Test result: SUCCESS' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- -- $M/pcifront.manifest "" $X "" $PCIBACK "" $G/pcifront.elf ""

# Issue 16: a frontend that starts over without closing, as a restarted
# driver domain (same domid) does: Initialising while Connected, then a
# new page and port. The service drops the old connection (the frontend
# checks its old grant is no longer mapped and its old port is unbound
# again) and serves the new one from InitWait; mallory does it with
# garbage in the new nodes (a ref that is not a number, a port over 32
# bits, an empty one, a port never offered: each refused, Closing) and
# then publishes its old page and port again, which are mapped afresh.
# Mallory then dies connected: waited for 2 s, given up; the service
# stops only once alice has closed.
boot_case pciback-restart 0 '+\(d2\) pciback: serving 2 frontend\(s\)' \
	'+\(d2\) pciback: d3 started over without closing after [0-9]+ op\(s\); unmapped, unbound' \
	'+\(d3\) pcifront: alice: backend InitWait after we started over without closing' \
	'+\(d3\) pcifront: alice: started over without closing: old page unmapped, old port closed; served again' \
	'?[ "$(grep -c "(d2) pciback: d3 connected" "$LOG")" = 2 ]' \
	'+\(d2\) pciback: d4 started over without closing after [0-9]+ op\(s\); unmapped, unbound' \
	'+\(d2\) pciback: d4 refused: cannot bind event-channel' \
	'?[ "$(grep -c "(d2) pciback: d4 refused: pci-op-ref or event-channel missing or not a number" "$LOG")" = 3 ]' \
	'+\(d4\) pcifront: mallory: started over with garbage: 4 refused; old page and port served again' \
	'+\(d2\) pciback: d4 died without closing after [0-9]+ op\(s\); unmapped, unbound' \
	'+\(d2\) pciback: d4 did not come back in 2 s; given up' \
	'?[ "$(grep -c "(d2) pciback: d4 refused: cannot map pci-op-ref" "$LOG")" = 1 ]' \
	'+\(d3\) pcifront: alice: still served after the attack' \
	'+\(d2\) pciback: d3 closed after [0-9]+ op\(s\); unmapped, unbound' \
	'+\(d2\) pciback: every frontend has gone; stopping' \
	'+\(d2\) Test result: SUCCESS' '+\(d3\) Test result: SUCCESS' '+\(d4\) Test result: SUCCESS' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- -- $M/pcifront-restart.manifest "" $X "" $PCIBACK "" $G/pcifront.elf ""

# Nodes the toolstack must not write, each refused alone while the rest
# is served: a malformed dev-N, a device listed for two frontends (the
# second is refused it: for bob, alice's device is not found), a
# frontend-id that is not its directory's, a frontend that never existed.
boot_case pciback-bad-nodes 0 \
	'+\(d2\) pciback: /local/domain/2/backend/pci/3/0/dev-1: refused: not SSSS:BB:DD.F' \
	'+\(d2\) pciback: /local/domain/2/backend/pci/4/0/dev-0: 0000:00:04.0 refused: listed already' \
	'+\(d2\) pciback: /local/domain/2/backend/pci/5/0: refused: frontend, frontend-id or devices' \
	'+\(d2\) pciback: d9 has gone' '+\(d2\) pciback: serving 2 frontend\(s\)' \
	'+\(d3\) pcifront: alice: not found, not implemented' \
	'+\(d4\) pcifront: bob: not found, not implemented' \
	'+\(d2\) pciback: every frontend has gone; stopping' \
	'+\(d3\) Test result: SUCCESS' '+\(d4\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- -- $M/pcifront-bad-nodes.manifest "" $X "" $PCIBACK "" $G/pcifront.elf ""
# The same service with QEMU devices assigned (pci=): the IDs of each
# frontend's virtio-rng read through the service's filtered conf1, and
# alice's MSI-X entry 0 mapped to a pirq of hers; alice then starts over
# without closing with MSI-X still on (as a crashed DD leaves it), and
# enables it again on the new connection: the service forgot the old
# instance's MSI-X state (else -EBUSY). Needs the hypervisor's
# pci=, its conf1 filter for role=pciback and PHYSDEVOP_map_pirq.
VIRTIO_RNGS="-device virtio-rng-pci,disable-legacy=on,addr=0x4,vectors=2 -device virtio-rng-pci,disable-legacy=on,addr=0x5,vectors=2"
boot_case pciback-device 0 '+\(d3\) pcifront: alice: vendor:device 1af4:1044' \
	'+\(d3\) pcifront: alice: started over without closing: old page unmapped, old port closed, MSI-X state forgotten; served again' \
	'?[ "$(grep -c "(d3) pcifront: alice: MSI-X entry 0 is pirq" "$LOG")" = 2 ]' \
	'+\(d4\) pcifront: bob: vendor:device 1af4:1044' \
	'+\(d3\) pcifront: alice: MSI-X entry 0 is pirq [1-9][0-9]*' \
	'+\(d2\) pciback: d3 op 4 0000:00:04.0 \+0/0: err 0' \
	'+\(d2\) pciback: d3 op 5 0000:00:04.0 \+0/0: err 0' \
	'+\(d2\) pciback: every frontend has gone; stopping' \
	'+\(d3\) Test result: SUCCESS' '+\(d4\) Test result: SUCCESS' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --qemu-arg "$VIRTIO_RNGS" -- $M/pcifront-device.manifest "" $X "" $PCIBACK "" \
	$G/pcifront.elf ""

# make run's machine, driven from the serial port: two shells share a store.
# As make run, with the user's idle_deadlock (no option): it still ends.
# Each step waits for the answer to the one before: typed all at once, the
# echo of alice's line could be split by another domain's output, and bob
# could read before alice wrote or after she was gone. Bob reads while alice
# is still up; from bob, nine Ctrl-As go past the hypervisor and d1 to alice.
boot_case make-run-shells 0 '+\(alice\) (alice\$ )?write data/greeting hi' \
	'+\(bob\) read: error -13' \
	'+console input now goes to d3 \(bob\)' '+\(alice\) up [0-9]' \
	'+all powered off cleanly' '-FAIL' "$NO_PANIC" \
	-- --idle-deadlock '' --append console=interactive \
	--input-after 'xenstored: serving' --input 'write data/greeting hi\ruptime\r' \
	--input-after '\(alice\) up [0-9]' --input '\001\001\001read /local/domain/2/data/greeting\r' \
	--input-after '\(bob\) read: ' --input '\001\001\001\001\001\001\001\001\001poweroff\r' \
	--input-after 'alice: powering off' --input '\001\001\001poweroff\r' \
	-- $M/run.manifest "" $X "" $G/shell.elf ""

# Ctrl-A three times past the last domain reaches the hypervisor's keys;
# perfc=exit prints the hypercall and trap counters when the machine stops.
# The keys are typed once the domains are built, and they bounce events
# for seconds, so both are still there to be switched past (with the short
# pingpong, d2 sometimes ended first and the 'h' went to d1).
boot_case hypervisor-keys 0 '+console input now goes to the hypervisor' \
	'+parvus: keys: c counters of hypercalls and traps' '+counters since boot' \
	'+  hypercall event_channel_op +[1-9][0-9]*' '+  hypercall iret +[1-9][0-9]*' \
	'+all powered off cleanly' "$NO_PANIC" \
	-- --append 'perfc=exit console=interactive' --input-after 'before building domains' \
	--input '\001\001\001\001\001\001h' -- $M/pingpong-long.manifest "" $G/pingpong.elf ""
boot_case bad-perfc-option 1 '+perfc=always: expected perfc=exit' "$NO_PANIC" \
	-- --append perfc=always -- $G/hello.elf ""

# MSI-X delivered as events (common/pirq.c, arch/x86_64/msix.c): QEMU's
# e1000e raises an interrupt when its ICS register is written; the pirq
# mapped for its entry 0 and bound to a port makes that port pending, and
# nothing else does; teardown with a pirq still bound masks and frees it.
boot_case msix 0 '+\(d1\) msix: 3 device interrupts arrived as events' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '-FAIL' \
	"$NO_PANIC" "$FRAMES_BACK" \
	-- --qemu-arg '-device e1000e,addr=0x5,netdev=n0' --qemu-arg '-netdev user,id=n0,restrict=on' \
	-- $M/msix.manifest "" $G/msix.elf ""

# Grant tables: a page mapped, copied and written back between two domains.
boot_case grants 0 '+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '-FAIL' \
	"$NO_PANIC" -- -- $M/grants.manifest "" $G/grants.elf ""
# XENMEM_exchange against grants: a frame the grantee maps, a grant table
# frame and a pinned L1 stay the granter's; one that left is never mapped.
boot_case exchange-pair 0 '+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' \
	'-FAIL' "$NO_PANIC" "$FRAMES_BACK" -- -- $M/exchange-pair.manifest "" $G/exchange.elf ""
# Two cooperating hostile domains against grant mappings (issue 13, items 1
# and 2; tests/guests/gntattack): a grantee that removes its grant PTE any
# other way than grant unmap is crashed, the granter is never affected and
# finds its frame unused, and a live page table of its own never writable.
# gntattack_manifest MODE [GRANTER-KEYS [GRANTEE-KEYS]]
gntattack_manifest() {
	mkdir -p build/manifests
	printf 'parvus-manifest 1\ndomain name=granter memory=16 kernel=1 %s cmdline="role=granter peer=2 mode=%s"\ndomain name=grantee memory=16 kernel=1 %s cmdline="role=grantee peer=1 mode=%s"\n' \
		"${2:-}" "$1" "${3:-}" "$1" > "build/manifests/gntattack-$1.manifest"
	echo "build/manifests/gntattack-$1.manifest"
}
for mode in uvm mmu ptwr unpin escape pin-wrap; do
	boot_case "gntattack-$mode" 1 \
		"+d2 crashed: removed a grant mapping's PTE other than by grant unmap" \
		'+\(d1\) Test result: SUCCESS' '-d1 crashed' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
		-- -- "$(gntattack_manifest $mode)" "" $G/gntattack.elf ""
done
for mode in pin-limit teardown pte unmap-alias; do
	boot_case "gntattack-$mode" 0 '+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' \
		'-FAIL' "$NO_PANIC" "$FRAMES_BACK" -- -- "$(gntattack_manifest $mode)" "" $G/gntattack.elf ""
done
# Issue 15: the granter dies while the grantee maps its frames four ways
# (tests/guests/gntattack): they stay the grantee's to use, reach no other
# domain, and come back when the last mapping goes (the grantee's death);
# the memory audit runs after every hypercall and checks the orphans.
boot_case gntattack-granter-dies 0 '+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' \
	'+d1 destroyed' '+mm audit: [0-9]+ audits passed' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm -- "$(gntattack_manifest granter-dies)" "" $G/gntattack.elf ""
boot_case gntattack-limits 0 '+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' \
	'-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- -- "$(gntattack_manifest limits grant_frames=2 maptrack_frames=1)" "" $G/gntattack.elf ""
# Issue 15 part 3: PCI device assignment (tests/guests/pci, parvus/pci.h).
# Three virtio-rng devices (no host backend needed; MSI-X): 00:04.0 and
# 00:05.0 (with an I/O BAR) are the owner's, 00:06.0 nobody's. The owner
# maps its BARs uncached and the MSI-X page read-only only; the pciback
# domain reads and sizes the BARs through the conf1 filter and, with the
# owner, tries to move them over RAM; a third domain without pci= gets
# nothing. The memory audit runs after every hypercall (device entries
# hold no reference), every frame comes back, bus mastering goes off.
PCI_DEVS='--qemu-arg -device --qemu-arg virtio-rng-pci,disable-legacy=on,addr=0x4
	--qemu-arg -device --qemu-arg virtio-rng-pci,addr=0x5
	--qemu-arg -device --qemu-arg virtio-rng-pci,disable-legacy=on,addr=0x6'
boot_case pci-assign 0 \
	'+pci 0000:00:04.0 1af4:1044 bar1=mem:0xfebfd000\+0x1000 bar4=mem64:0xfebf0000\+0x4000 msix=2@bar1\+0x0' \
	'+pci 0000:00:05.0 1af4:1005 bar0=io:0xc000\+0x20' '+pci 0000:00:04.0 assigned to d1 \(owner\)' \
	'+\(d1\) BAR4 mapped uncached' '+\(d2\) BAR1 sized 0x1000, BAR4 0x4000, both unchanged' \
	'+\(d2\) BAR, ROM and MSI-X writes dropped' '+\(d1\) after the pciback domain: BARs where they were' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '+\(d3\) Test result: SUCCESS' \
	'+pci 0000:00:04.0 released from d1, bus mastering off \(command 0x[0-9a-f]{3}[0-38-9ab]\)' '+mm audit: [0-9]+ audits passed' \
	'-FAIL' '-violation' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm $PCI_DEVS -- $M/pci.manifest "" $G/pci.elf ""
# Bad pci= and role=pciback: one line, nothing built.
pci_manifest() {
	mkdir -p build/manifests
	printf 'parvus-manifest 1\n%s\n' "$2" > "build/manifests/pci-$1.manifest"
	echo "build/manifests/pci-$1.manifest"
}
# The owner dies with device memory mapped (a pinned L1 of its own, the
# bootstrap L1): every frame comes back, its devices go back to nobody.
boot_case pci-owner-dies 1 '+\(d1\) dying with device memory mapped \(failures so far: 0\)' \
	'+d1 shut down \(crash\)' '+pci 0000:00:04.0 released from d1' '+\(d2\) Test result: SUCCESS' \
	'+mm audit: [0-9]+ audits passed' '-violation' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm $PCI_DEVS -- "$(pci_manifest owner-dies "$(sed -e '/^domain name=plain/d' \
	-e 's/role=owner /role=owner crash=1 /' $M/pci.manifest | tail -n +2)")" "" $G/pci.elf ""
# Issue 16: the same owner with on_crash=restart. Each instance gets its
# devices again (assigned, its BARs mapped and read before it dies) and
# gives them back (bus mastering off, the virtio device reset: each
# instance starts it, the next finds device_status 0) before the next; it crashes within
# seconds every time, so after the back-off the fifth crash ends it. The
# later instances find the pciback domain gone (their checks of it fail):
# without audit=mm, which would make their wait for it pass 10 s.
boot_case pci-owner-restarts 1 \
	'?[ "$(grep -c "(d1) I/O BAR 0xc000: host features 0x" "$LOG")" = 5 ]' \
	'?[ "$(grep -c "pci 0000:00:04.0 assigned to d1 (owner)" "$LOG")" = 5 ]' \
	'+\(d1\) dying with device memory mapped \(failures so far: 0\)' \
	'?[ "$(grep -c "(d1) dying with device memory mapped" "$LOG")" = 5 ]' \
	'?[ "$(grep -c "pci 0000:00:04.0 released from d1, bus mastering off (command 0x[0-9a-f]*), virtio reset" "$LOG")" = 5 ]' \
	'?[ "$(grep -c "(d1) virtio device_status 0 at start" "$LOG")" = 5 ]' \
	'+parvus: d1 \(owner\) crashed; restarting it \(restart 4\)' \
	'+parvus: d1 \(owner\) crashed 5 times in a row within 10 s of starting; not restarting it' \
	'+\(d2\) Test result: SUCCESS' '-violation' "$NO_PANIC" \
	"$FRAMES_BACK" -- $PCI_DEVS -- "$(pci_manifest owner-restarts "$(sed \
	-e '/^domain name=plain/d' -e 's/role=owner /role=owner crash=1 /' \
	-e 's/^domain name=owner /domain name=owner on_crash=restart /' $M/pci.manifest | tail -n +2)")" \
	"" $G/pci.elf ""
boot_case pci-absent 1 \
	'+bad boot manifest: domain a: pci=0000:00:1f.0: no such device on this machine' \
	'-d1: ' "$NO_PANIC" -- $PCI_DEVS -- \
	"$(pci_manifest absent 'domain name=a memory=16 kernel=1 pci=00:04.0,00:1f.0')" "" $G/pci.elf ""
boot_case pci-twice 1 \
	"+bad boot manifest: manifest line 3: pci=0000:00:04.0 is already domain a's" \
	'-d1: ' "$NO_PANIC" -- $PCI_DEVS -- "$(pci_manifest twice 'domain name=a memory=16 kernel=1 pci=00:04.0
domain name=b memory=16 kernel=1 pci=0000:00:04.0')" "" $G/pci.elf ""
boot_case pci-too-many 1 '+bad boot manifest: manifest line 2: pci= names more than 8 devices' \
	'-d1: ' "$NO_PANIC" -- -- "$(pci_manifest too-many \
	'domain name=a memory=16 kernel=1 pci=00:01.0,00:02.0,00:03.0,00:04.0,00:05.0,00:06.0,00:07.0,00:08.0,00:09.0')" \
	"" $G/pci.elf ""
boot_case pci-second-pciback 1 '+bad boot manifest: manifest line 3: a second pciback domain \(b; a is one\)' \
	'-d1: ' "$NO_PANIC" -- -- "$(pci_manifest second-pciback 'domain name=a memory=16 kernel=1 role=pciback
domain name=b memory=16 kernel=1 role=pciback')" "" $G/pci.elf ""
boot_case pci-bridge 1 '+bad boot manifest: domain a: pci=0000:00:07.0: is a bridge \(header type 1\), not a device' \
	'-d1: ' "$NO_PANIC" -- --qemu-arg -device --qemu-arg pci-bridge,chassis_nr=1,addr=0x7 -- \
	"$(pci_manifest bridge 'domain name=a memory=16 kernel=1 pci=00:07.0')" "" $G/pci.elf ""
boot_case sched-yield-switches 0 '+\(d1\) 2000 yields, [0-9]+ ns each' \
	'+\(d2\) 2000 yields, [0-9]+ ns each' '+\(d1\) Test result: SUCCESS' \
	'+\(d2\) Test result: SUCCESS' "$NO_PANIC" -- -- $M/two-yielders.manifest "" $G/sched.elf ""
boot_case hostile-neighbour-frames 0 '+\(d2\) none of [0-9]+ foreign frames could be mapped' \
	'+\(d2\) Test result: SUCCESS' '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	-- -- $M/hostile-neighbour.manifest "" $G/hostile.elf "" $G/sched.elf ""

# Long hypercalls go in bounded steps, and "continue" is a flag of the vCPU,
# never a result value (tests/guests/preempt/): a console write of 64 MiB
# (one page, aliased) lets a neighbour run inside it; a populate of 2 MiB
# extents is cut after each, also when each is a call of one multicall (the
# calls share a step's budget); results equal to the old in-band restart
# value (0x7fff0000) are results; a console flood is rate-limited.
boot_case restart-out-of-band 0 \
	'+\(d1\) results equal to the old restart value came back as results' \
	'+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" -- -- $G/preempt.elf "check=restart"
boot_case populate-preempted-by-frames 0 '+\(d1\) populate: first cut after 512 frames' \
	'+\(d1\) populate in a multicall: first cut after 512 frames' \
	'+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" -- -- $G/preempt.elf "check=populate"
boot_case exchange-preempted-by-chunks 0 '+\(d1\) exchange: first cut after 512 frames' \
	'+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" -- -- $G/preempt.elf "check=exchange"
boot_case ldt-batch-preempted-by-pages 0 '+\(d1\) ldt: first cut after 16 items of 16 pages' \
	'+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" -- -- $G/preempt.elf "check=ldt"
boot_case console-write-preempted 0 \
	'+\(d1\) hog: the neighbour ran [0-9]+ times during one 64 MiB console write' \
	'+\(d2\) neighbour: [0-9]+ rounds until the hog was done' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	-- -- $M/console-hog.manifest "" $G/preempt.elf ""
boot_case console-rate-limit 0 '+parvus: d1: console output over its rate limit' \
	'+parvus: d1: [0-9]+ bytes of console output dropped' '+\(d1\) flood: after the pause' \
	'+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
	'?n=$(grep -c "(d1) flood: 0123" "$LOG"); [ "$n" -gt 0 ] && [ "$n" -lt 4096 ]' \
	-- -- $G/preempt.elf "check=flood"
boot_case console-rate-off 0 '+console_rate=off: domains. console output is not rate-limited' \
	'-over its rate limit' '+\(d1\) Test result: SUCCESS' "$NO_PANIC" \
	'?[ "$(grep -c "(d1) flood: 0123" "$LOG")" -eq 16384 ]' \
	-- --append console_rate=off -- $G/preempt.elf "check=flood"
boot_case bad-console-rate-option 1 '+console_rate=slow: expected console_rate=off' "$NO_PANIC" \
	-- --append console_rate=slow -- $G/hello.elf ""

# The hypercall fuzzer (fixed seed) beside a witness that checks its own
# memory, page tables and clock; afterwards every frame is free again.
# Seed 3 ends with its state in place, from inside a multicall; seed 2
# tears it down and audits every spare frame, its witness gone first.
boot_case fuzz-short 0 '+\(d1\) fuzz: summary: seed 3, 20000 iterations, [0-9]+ hypercalls' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) witness: [0-9]+ rounds over' \
	'+\(d2\) Test result: SUCCESS' '+all powered off cleanly' '-FAIL' '- took [0-9]+ ms' \
	"$NO_PANIC" "$FRAMES_BACK" -- -- $M/fuzz.manifest "" $G/fuzz.elf "" $G/witness.elf ""
boot_case fuzz-audit 0 '+\(d1\) fuzz: summary: seed 2, 20000 iterations, [0-9]+ hypercalls' \
	'+\(d1\) fuzz: audit: [0-9]+ spare frames released after the teardown, 0 still referenced' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) witness: [0-9]+ rounds over' \
	'+\(d2\) Test result: SUCCESS' '+all powered off cleanly' '-FAIL' '- took [0-9]+ ms' \
	"$NO_PANIC" "$FRAMES_BACK" -- -- $M/fuzz-audit.manifest "" $G/fuzz.elf "" $G/witness.elf ""
# The fuzz pair (docs/fuzzing.md): a granter and a grantee driven by one
# seed, beside the witness, with the hypervisor's memory audit on (a
# violation panics). Seed 4 ends with every mapping in place for the
# teardown to take; seed 7 (the fatal class) has the grantee tear a live
# grant PTE out: it alone is crashed, the granter and the witness go on.
# No "took N ms" check here: with two fuzzers and the audit, a yield may
# wait that long for the CPU on a busy host.
boot_case fuzz-pair 0 '+mm audit after every 16 hypercall' \
	'+\(d1\) fuzz: summary: seed 4, 10000 iterations, [0-9]+ hypercalls' \
	'+\(d2\) fuzz: summary: seed 4, 10000 iterations, [0-9]+ hypercalls' \
	'+\(d2\) fuzz: pair grantee: .* maps \([1-9][0-9]* ok\)' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '+\(d3\) Test result: SUCCESS' \
	'+mm audit: [0-9]+ audits passed' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm:16 --timeout 150 -- $M/fuzz-pair.manifest "" $G/fuzz.elf "" $G/witness.elf ""
boot_case fuzz-pair-fatal 1 '+\(d2\) pair: tearing out the live grant PTE' \
	"+d2 crashed: removed a grant mapping's PTE other than by grant unmap" \
	'-d[13] crashed' '+\(d1\) Test result: SUCCESS' '+\(d3\) Test result: SUCCESS' \
	'+mm audit: [0-9]+ audits passed' '-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --append audit=mm:16 --timeout 120 -- $M/fuzz-pair-fatal.manifest "" $G/fuzz.elf "" \
	$G/witness.elf ""

# Stock Debian Linux (linux-image-amd64, unmodified) as a PV guest: boots
# to a busybox /init that checks what it sees, and powers off.
LINUX_CLEAN='-\((linux|d1)\).*(WARNING|BUG:|kernel BUG|Oops|unsupported|Call Trace)'
boot_case linux-smoke 0 '+\(linux\) init: uname -r: 6\.1\.' \
	'+\(linux\) init: hypervisor type: xen' \
	'+\(linux\) init: sleep 1 took (8[0-9]{2}|9[0-9]{2}|1[01][0-9]{2}|1200) ms, wallclock moved [12] s' \
	'+\(linux\) init: forked 100 processes' '+\(linux\) init: done' \
	'+all powered off cleanly' "$LINUX_CLEAN" "$NO_PANIC" \
	-- --mem 512M -- $M/linux-smoke.manifest "" cache/linux/vmlinux "" build/linux/smoke.cpio.gz ""
# A device owner's memory map (XENMEM_memory_map): Linux sees the host's
# PCI hole (above 512 MiB of QEMU RAM) reserved, and boots as before; its
# /dev/mem maps the device's BAR 4 uncached and reads virtio's num_queues
# (the identity p2m of the hole, then an L1 entry for device memory).
boot_case linux-pci-memory-map 0 '+\(linux\) .*Xen: \[mem 0x0000000000000000-0x000000000009ffff\] usable' \
	'+\(linux\) .*Xen: \[mem 0x000000001ffe0000-0x00000000ffffffff\] reserved' \
	'+pci 0000:00:04.0 1af4:1044 bar1=mem:0xfebff000\+0x1000 bar4=mem64:0xfebf8000\+0x4000' \
	'+\(linux\) init: devmem 0xfebf8012: 0x0001' '+\(linux\) init: done' '+pci 0000:00:04.0 released from d1' '+all powered off cleanly' \
	"$LINUX_CLEAN" "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 120 --qemu-arg -device --qemu-arg virtio-rng-pci,disable-legacy=on,addr=0x4 \
	-- $M/linux-pci.manifest "" cache/linux/vmlinux "" build/linux/smoke.cpio.gz ""
# xen-swiotlb (iommu=soft) builds its 64 MiB bounce buffer from contiguous
# extents below an address width with XENMEM_exchange, as a driver domain's
# DMA will: without it the remap fails and no bounce buffer is mapped.
boot_case linux-swiotlb 0 '+\(linux\) .*software IO TLB: mapped \[mem 0x[0-9a-f]+-0x[0-9a-f]+\] \(64MB\)' \
	'-Failed to remap' '-sub-op 11 is not implemented' '+\(linux\) init: done' \
	'+all powered off cleanly' "$LINUX_CLEAN" "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M -- $M/linux-swiotlb.manifest "" cache/linux/vmlinux "" build/linux/smoke.cpio.gz ""
boot_case linux-xenstore 0 '+\(linux\) init: done' \
	'+xenstored: d2 has gone after [1-9][0-9]* request\(s\); released' \
	'+all powered off cleanly' "$LINUX_CLEAN" "$NO_PANIC" \
	-- --mem 512M -- $M/linux-xenstore.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/smoke.cpio.gz ""
# make run's machine (its options: no idle_deadlock): Debian's kernel to an
# interactive busybox shell.
boot_case linux-shell 0 '+\(linux\) Debian 6\.1\.[^ ]* on Parvus \(xen PV ABI\)' \
	'+\(linux\) hello from the shell' '+\(linux\) Requesting system poweroff' \
	'+all powered off cleanly' "$LINUX_CLEAN" "$NO_PANIC" \
	-- --mem 512M --idle-deadlock '' --append console=interactive \
	--input 'echo hello from the shell\rpoweroff\r' \
	-- $M/linux-xenstore.manifest "" $X "" cache/linux/vmlinux "" build/linux/shell.cpio.gz ""
boot_case linux-heavy 0 '+\(linux\) init: forked 500 processes' \
	'+\(linux\) init: 256 MiB md5 1f5039e50bd66b290c56684d8550c6c2' '+\(linux\) init: done' \
	'+all powered off cleanly' "$LINUX_CLEAN" "$NO_PANIC" \
	-- --mem 1G --timeout 180 -- $M/linux-heavy.manifest "" cache/linux/vmlinux "" build/linux/smoke.cpio.gz ""
boot_case linux-pair 0 '+\(linux-a\) init: done' '+\(linux-b\) init: done' \
	'+\(d4\) Test result: SUCCESS' '+xenstored: every domain has gone' \
	'+all powered off cleanly' '-\((linux-a|linux-b)\).*(WARNING|BUG:|kernel BUG|Oops|Call Trace)' "$NO_PANIC" \
	-- --mem 1G --timeout 120 -- $M/linux-pair.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/smoke.cpio.gz "" $G/hello.elf ""
boot_case linux-crash 1 '+\(doomed\) init: crashing on purpose' '+d1 shut down \(crash\)' \
	'+\(survivor\) init: done' '+d2 shut down \(poweroff\)' '-\(doomed\) init: done' "$NO_PANIC" \
	-- --mem 1G --timeout 120 -- $M/linux-crash.manifest "" cache/linux/vmlinux "" build/linux/smoke.cpio.gz ""

# Linux's own xen-pcifront (Debian's module) against the pciback service:
# the frontend reaches Connected, scans bus 0000:00 through the service
# (no pci= here, so it finds nothing yet); pcifront is then unbound from
# pci-0 (it closes: the service unmaps and goes back to InitWait) and
# bound again (a new page), Connected again, and closes at poweroff.
# Linux warns once in pcifront_free_roots on that unbind (its own
# teardown of the root bus: sysfs_remove_group), nothing else. Linux
# 6.1's pcifront passes jiffies as SCHEDOP_poll's timeout (in ns: long
# past), so it spins while it waits: with one CPU, each operation waits
# for the spinner's time slice to end.
PCI_LINUX_CLEAN='-\(dd\).*(BUG:|kernel BUG|Oops|pciback not responding|Error)'
ONLY_FREE_ROOTS_WARNS='?[ "$(grep -c "(dd) .*WARNING:" "$LOG")" = "$(grep -c "(dd) .*WARNING: .* at fs/sysfs/group.c:[0-9]* sysfs_remove_group" "$LOG")" ]'
boot_case pciback-linux 0 '+\(dd\) init: modprobe xen-pcifront: ok' \
	'+\(dd\) .*pcifront pci-0: Installing PCI frontend' \
	'+\(dd\) .*pcifront pci-0: Creating PCI Frontend Bus 0000:00' \
	'+\(dd\) init: pcifront pci-0 state Connected' '+\(dd\) init: backend state 4' \
	'+\(d2\) pciback: d3 connected \(grant [0-9]+, port [0-9]+\)' \
	'+\(d2\) pciback: d3 closed after [1-9][0-9]* op\(s\); unmapped, unbound' \
	'+\(dd\) init: unbound: backend state 2' '+\(dd\) init: bound again' \
	'?[ "$(grep -c "(d2) pciback: d3 connected" "$LOG")" = 2 ]' \
	'?[ "$(grep -c "(dd) init: pcifront pci-0 state Connected" "$LOG")" = 2 ]' \
	'+\(d2\) pciback: every frontend has gone; stopping' '+\(dd\) init: done' \
	'+all powered off cleanly' "$PCI_LINUX_CLEAN" "$ONLY_FREE_ROOTS_WARNS" "$NO_PANIC" \
	"$FRAMES_BACK" -- --mem 512M --timeout 150 -- $M/pcifront-linux.manifest "" $X "" \
	$PCIBACK "" cache/linux/vmlinux "" build/linux/pcifront.cpio.gz ""
# The same with QEMU's virtio-rng-pci at 00:04.0 assigned (pci=): Linux
# finds it through the service and claims its BARs. Needs the
# hypervisor's pci= and its conf1 filter for role=pciback.
boot_case pciback-linux-device 0 '+\(dd\) init: pcifront pci-0 state Connected' \
	'+\(dd\) .*pci 0000:00:04.0: \[1af4:1044\] type 00' \
	'+\(dd\) .*pcifront pci-0: claiming resource 0000:00:04.0/1' \
	'+\(dd\) init: pci 0000:00:04.0 0x1af4 0x1044' \
	'+\(d2\) pciback: every frontend has gone; stopping' '+\(dd\) init: done' \
	'+all powered off cleanly' "$PCI_LINUX_CLEAN" '-\(dd\).*WARNING' "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 150 --qemu-arg "-device virtio-rng-pci,disable-legacy=on,addr=0x4,vectors=2" \
	-- $M/pcifront-linux-device.manifest "" $X "" $PCIBACK "" cache/linux/vmlinux "" \
	build/linux/pcifront.cpio.gz ""

# The driver domain (issue 15): Debian's kernel with its own back-end
# modules and parvus-devd, beside the xenstore domain. In test mode it
# writes back ends for a fake frontend in its own device/ folder: devd
# makes a 64 MiB loop disk for the vbd (blkback takes it), puts the vif in
# a new bridge, and refuses three malformed devices without stopping.
DD_CLEAN='-\(dd\).*(WARNING|BUG:|kernel BUG|Oops|Call Trace|FAILED|xenbus missing)'
boot_case dd-boot 0 '+\(dd\) init: modprobe xen-blkback: ok' '+\(dd\) init: modprobe xen-netback: ok' \
	'+\(dd\) init: modprobe bridge: ok' '+\(dd\) init: modprobe loop: ok' \
	'+\(dd\) parvus-devd: watching backend/' \
	'+\(dd\) parvus-devd: backend/vbd/2/51728: refused: not ram:MIB, image:NAME, serial:NAME or /dev/NAME' \
	'+\(dd\) parvus-devd: backend/vif/2/7: refused: frontend-id or handle is missing or not a number' \
	'+\(dd\) init: vbd 51744 hotplug-error: state is not a number from 0 to 8' \
	'?[ $(grep -c "parvus-devd: .*: refused" "$LOG") = 3 ]' \
	'+\(dd\) parvus-devd: backend/vbd/2/51712: ram:64 is a loop device \(physical-device 7:0\)' \
	'+\(dd\) init: vbd 51712 physical-device 7:0, hotplug-status connected' \
	'+\(dd\) init: vbd 51712 blkback sees physical_device 7:0' \
	'+\(dd\) init: losetup: /dev/loop0: 0 /run/parvus-devd/vbd-2-51712' \
	'+\(dd\) parvus-devd: backend/vif/2/0: vif2\.0 is up in bridge xenbr0' \
	'+\(dd\) init: vif 0 hotplug-status connected' '+\(dd\) init: bridge xenbr0 members: vif2\.0' \
	'+\(dd\) init: back-end states vbd 2 vif 2' '+\(dd\) init: free -m: Mem:' \
	'+\(dd\) init: done at' '+all powered off cleanly' "$DD_CLEAN" "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 120 -- $M/dd-boot.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/dd.cpio.gz ""

# A guest (d3) whose vbd and vif the DD (d2) serves, both Debian's kernel
# with its own front and back ends: blkback and netback map the frontend's
# rings with GNTMAP_contains_pte and its data pages into gnttab_alloc_pages
# (dev_bus_addr as the frame), both pairs reach Connected (4), and 4 MiB
# written to xvda read back through blkfront, blkback and the DD's loop
# device match.
boot_case dd-pair 0 '+\(guest\) init: d3 is a guest of driver domain d2' \
	'+\(dd\) parvus-devd: backend/vbd/3/51712: ram:64 is a loop device \(physical-device 7:0\)' \
	'+\(dd\) parvus-devd: backend/vif/3/0: vif3\.0 is up in bridge xenbr0' \
	'+\(dd\) .*xen-blkback: backend/vbd/3/51712: using 1 queues, protocol 1 \(x86_64-abi\)' \
	'+\(guest\) init: states: vbd fe 4 be 4, vif fe 4' \
	'+\(guest\) init: xvda read back matches' '-xvda read back DIFFERS' \
	'+\(guest\) init: done' '+\(dd\) init: done' '+all powered off cleanly' \
	'-\((dd|guest)\).*(BUG:|kernel BUG|Oops|Call Trace|FAILED|xenbus missing|after 60 s|did not finish)' "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 240 -- $M/dd-pair.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/dd.cpio.gz ""
# Hostile front ends (tests/guests/blkhostile): d3 sends blkback garbage
# (unknown operation, no or too many segments, bad sector ranges, a grant
# never made and one revoked, writes past the end of the disk: each an
# error response), still gets good I/O after it, then scribbles its ring
# and closes with a request outstanding; the DD and the Linux guest d4
# beside it carry on, and every grant d3 made is released.
boot_case dd-hostile 0 '+\(d3\) blkhostile: 10 bad requests refused on a disk of 131072 sectors' \
	'+\(d3\) blkhostile: the ring still serves good requests' \
	'+\(d3\) blkhostile: bogus ring halted, closed, every grant released' \
	'+\(d3\) Test result: SUCCESS' '+\(guest\) init: xvda read back matches' \
	'+\(guest\) init: done' '+\(dd\) init: done' '+all powered off cleanly' \
	'-\((dd|guest)\).*(BUG:|kernel BUG|Oops|Call Trace|xenbus missing|after 60 s|did not finish)' '-FAIL' \
	"$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 300 -- $M/dd-hostile.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/dd.cpio.gz "" $G/blkhostile.elf ""
# The same for xen-netback (tests/guests/nethostile): d3 connects three
# vifs; on vif 0 an ARP request is answered OKAY and the DD's reply comes
# back, then a grant never made, one revoked, a frame shorter than its
# header, fragments larger than the frame or emptying its first slot, 19
# fragments and a fragment's grant never made each get NETIF_RSP_ERROR,
# and good frames still pass. Then what netback takes for a malicious
# front end and answers by disabling that vif (and no more responses): a
# producer index far past the ring (vif 0), a slot crossing its page
# (vif 1), 21 fragments (vif 2). d3 closes each with requests outstanding
# and every grant comes back; d4 pings the DD 100 times over its own vif.
boot_case net-hostile 0 '+\(d3\) nethostile: vif0: ARP request answered OKAY \([0-9]+ sent\), reply from 10\.0\.0\.2 received' \
	'+\(d3\) nethostile: vif0: 7 bad requests refused with NETIF_RSP_ERROR' \
	'+\(d3\) nethostile: vif0: good frames still OKAY after the garbage' \
	'+\(dd\) .*vif3\.0: Impossible number of requests\. req_prod [0-9]+, req_cons [0-9]+, size 256' \
	'+\(dd\) .*vif3\.1: Cross page boundary, txreq\.offset: 4000, size: 200' \
	'+\(dd\) .*vif3\.2: Malicious frontend using 20 slots, threshold 20' \
	'+\(dd\) .*vif3\.0: fatal error; disabling device' \
	'+\(d3\) nethostile: vif0: a producer index 5000 past the ring: no response' \
	'+\(d3\) nethostile: vif1: a slot crossing its page: no response' \
	'+\(d3\) nethostile: vif2: 21 fragments: no response' \
	'+\(d3\) nethostile: vif2: closed, 4 grants ended' \
	'+\(d3\) nethostile: every grant released' '+\(d3\) Test result: SUCCESS' \
	'+\(guest\) init: xvda read back matches' \
	'+\(guest\) init: ping dd: 100 packets transmitted, 100 packets received, 0% packet loss' \
	'+\(guest\) init: done' '+\(dd\) init: done' '+all powered off cleanly' \
	'-\((dd|guest)\).*(BUG|Oops|WARNING|Call Trace|\[#[0-9]+\]|error -28|xenbus missing|after 60 s|did not finish)' \
	'-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 400 -- $M/net-hostile.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/dd.cpio.gz "" $G/nethostile.elf ""
# Issue 16, the DD's side of a restart without the restart itself
# (init-dd.sh ddreset=1): the DD is its own frontend (blkfront, netfront)
# for a brd disk and a vif; both back ends die as a crash leaves them
# (their kernel devices gone, their nodes kept: state 4, hotplug-status,
# physical-device) while the front ends stay Connected; the kernel does
# not probe state 4. parvus-devd reset puts them back to 1 and removes the
# stale nodes; blkback and netback probe them again (InitWait), attach to
# the live rings (blkback's connect_ring logs its queues a second time)
# and reach Connected; the disk reads back what was written before and
# takes new writes.
boot_case dd-reset 0 "+\\(dd\\) init: a previous instance's back ends: 0 reset, 0 left \\(frontend gone\\), 0 pci frontend\\(s\\) reset" \
	'+\(dd\) init: reset test: vbd 51712 died: state 4, hotplug-status connected, physical-device 1:0, kernel device gone' \
	'+\(dd\) init: reset test: vif 0 died: state 4, hotplug-status connected, physical-device none, kernel device gone' \
	'+\(dd\) parvus-devd: reset: backend/vbd/2/51712: state 4 -> 1' \
	'+\(dd\) parvus-devd: reset: backend/vif/2/0: state 4 -> 1' \
	"+\\(dd\\) init: a previous instance's back ends: 2 reset, 0 left \\(frontend gone\\), 0 pci frontend\\(s\\) reset, at [0-9.]+ s \\([0-9]+ ms\\)" \
	'+\(dd\) init: reset test: vbd back-end states (1 )?(2 )?4, vif (1 )?(2 )?4; front ends: vbd 4, vif 4' \
	'+\(dd\) init: reset test: vbd physical-device 1:0, vif hotplug-status connected, bridge xenbr0 members: vif2\.0' \
	'?[ "$(grep -c "(dd) .*xen-blkback: backend/vbd/2/51712: using 1 queues" "$LOG")" = 2 ]' \
	'+\(dd\) init: reset test: xvda reads back what was written before the reset' \
	'+\(dd\) init: xvda read back matches' '-DIFFERS' \
	'+\(dd\) init: done at' '+all powered off cleanly' "$DD_CLEAN" "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 180 -- $M/dd-reset.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/dd.cpio.gz ""
# The same at boot, as a restarted DD meets its predecessor's nodes (from
# the manifest): its back ends for its own front ends at state 4 with
# hotplug-status and a physical-device naming a loop device it has not
# made (7:5, which Linux would open: an empty disk), and one for a domain
# that has gone (d9, left alone). The boot-time xenbus scan skips state 4;
# parvus-devd reset runs before the modules, blkback and netback probe
# the reset back ends (InitWait), devd makes a new disk (7:0), and the
# front ends connect: 4/4, the disk works.
boot_case dd-reset-boot 0 '+\(dd\) parvus-devd: reset: backend/vbd/9/51712: its frontend.s domain has gone; left as it is' \
	"+\\(dd\\) init: a previous instance's back ends: 2 reset, 1 left \\(frontend gone\\), 0 pci frontend\\(s\\) reset" \
	'+\(dd\) init: reset test: before the modules: vbd state 1, physical-device none, hotplug-status none; vif state 1; d9.s vbd state 4' \
	'+\(dd\) init: reset test: back ends in state 2, 2 after the modules' \
	'+\(dd\) parvus-devd: backend/vbd/2/51712: ram:64 is a loop device \(physical-device 7:0\)' \
	'+\(dd\) init: states: vbd fe 4 be 4, vif fe 4 be 4' \
	'+\(dd\) init: xvda read back matches' '-physical-device 7:5' \
	'+\(dd\) init: done at' '+all powered off cleanly' "$DD_CLEAN" "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 180 -- $M/dd-reset-boot.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/dd.cpio.gz ""
# The restart tests' hook (init-dd.sh ddcrash=S): S s after the DD is
# serving it writes data/crashed and crashes its kernel (sysrq c); Linux
# reports the crash (SCHEDOP_shutdown, SHUTDOWN_crash) and, with no
# restart, the DD is destroyed and the store stops.
boot_case dd-crash-hook 1 '+\(dd\) init: ddcrash: crashing in 1 s' \
	'+\(dd\) .*init: ddcrash: crashing the kernel at [0-9.]+ s' '+\(dd\) .*sysrq: Trigger a crash' \
	'+d2 shut down \(crash\)' '-d2 shut down \(poweroff\)' "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 120 -- $M/dd-crash-hook.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/dd.cpio.gz ""
# Part 3 of issue 15, real devices (tests/integration/dd-persist.sh): a
# disk image on the host is QEMU's virtio-blk-pci and a user network
# (restrict=on, one forward to a server on the host's loopback) its
# virtio-net-pci, both assigned to the DD (pci=). Its xen-pcifront reaches
# their config space through the pciback service, virtio-pci maps the BARs
# and gets MSI-X as events, blkback serves the disk and the NIC shares
# xenbr0 with the guest's vif. Run 1: the guest makes a filesystem and
# writes 64 MiB of a known pattern; the host finds it in the image. Run 2:
# the guest reads it back and fetches the host's file, checksum checked.
run_case dd-persist 0 '+run 1: \(dd\) init: interrupts: [0-9]+: virtio0-req' \
	'+run 1: \(dd\) init: interrupts: [0-9]+: virtio1-input' \
	'+run 1: \(dd\) parvus-devd: backend/vbd/4/51712: /dev/vda is a block device' \
	'+dd-persist: run 1: the guest wrote the pattern' '+dd-persist: the image holds the pattern' \
	'+dd-persist: run 2: the guest read the pattern back' \
	"+dd-persist: run 2: the guest fetched the host's file, sha256 matches" \
	'-run [12]: \((dd|guest)\).*(BUG:|kernel BUG|Oops|Call Trace|xenbus missing|FAILED)' '-run [12]: .*\*\*\* parvus' \
	-- tests/integration/dd-persist.sh
# The driver domain killed under load and restarted (issue 16;
# tests/integration/dd-restart.sh): the DD on QEMU's virtio disk and NIC
# crashes its kernel once while the guest writes fsynced records, pings
# it and streams 96 MiB from the host; the hypervisor rebuilds it (same
# domid), its devd resets the back-end nodes, pciback serves the new
# pcifront, blkback and netback re-attach to the guest's live rings. The
# records go to a file on ext2 (FS=1), each append fsynced: the guest sees
# no I/O error, every record is in the file, read by the guest and on the
# host, e2fsck finds the filesystem clean (the replayed writes did no
# harm), the stream's sha256 matches, and the second DD powers off.
run_case dd-restart 0 '+^parvus: d3 \(dd\) crashed; restarting it \(restart 1\)' \
	'+^parvus: d3 \(dd\) restarted in [0-9]+ ms' '+\(dd\) parvus-devd: reset: backend/vbd/4/51712: state 4 -> 1' \
	'+\(guest\) init: ddload: 0 write errors, [0-9]+ records read back, 0 wrong' \
	'+dd-restart: the image holds [0-9]+ records, 0 wrong' \
	'+dd-restart: the TCP stream came through whole, sha256 matches' \
	'+dd-restart: e2fsck finds the filesystem clean' '-dd-restart: FAILED' \
	'+\(dd\) init: done' '+all powered off cleanly' '-restart 2\)' \
	'-\(guest\).*(BUG:|kernel BUG|Oops|Call Trace|FAILED|I/O error)' "$NO_PANIC" "$FRAMES_BACK" \
	-- env FS=1 tests/integration/dd-restart.sh
# The same with the lean driver domain (make guest-kernel: back ends,
# bridge and virtio built in, xen-pcifront a module), the records on the
# raw disk, and QEMU counting instructions (ICOUNT=1: guest time repeats
# from run to run, and idle time is skipped, so it takes a quarter of the
# wall time). docs/performance.md has its phases against Debian's kernel.
run_case dd-restart-lean 0 '+^parvus: d3 \(dd\) crashed; restarting it \(restart 1\)' \
	'+^parvus: d3 \(dd\) restarted in [0-9]+ ms' '+\(dd\) init: built in: xen-blkback xen-netback bridge loop' \
	'+\(dd\) init: modprobe xen-pcifront: ok' '+\(dd\) parvus-devd: reset: backend/vbd/4/51712: state 4 -> 1' \
	'+\(guest\) init: ddload: 0 write errors, [0-9]+ records read back, 0 wrong' \
	'+dd-restart: the image holds [0-9]+ records, 0 wrong' \
	'+dd-restart: the TCP stream came through whole, sha256 matches' '-dd-restart: FAILED' \
	'+dd-restart: restart 1: hypervisor [0-9.]+ s, DD kernel to /init [0-9.]+ s, /init to serving [0-9.]+ s' \
	'+\(dd\) init: done' '+all powered off cleanly' '-restart 2\)' '-\(dd\) init: .*FAILED' \
	'-\(guest\).*(BUG:|kernel BUG|Oops|Call Trace|FAILED|I/O error)' "$NO_PANIC" "$FRAMES_BACK" \
	-- env DDKERNEL=lean ICOUNT=1 tests/integration/dd-restart.sh
# The DD's grant path from user space (tests/linux/gnt-probe.c): a grant
# to itself (gntalloc), GNTTABOP_copy from it, and gntdev's map, whose
# pages come from gnttab_alloc_pages: under PV, unpopulated-alloc takes a
# 128 MiB "Xen scratch" range of pfns above RAM. The map itself uses
# GNTMAP_contains_pte on a grant of the domain's own, which Xen allows.
boot_case dd-grants 0 '+\(dd\) gnt-probe: IOCTL_GNTALLOC_ALLOC_GREF: ok' \
	'+\(dd\) gnt-probe: copy status 0, data matches' \
	'+\(dd\) gnt-probe: IOCTL_GNTDEV_MAP_GRANT_REF \(gnttab_alloc_pages\): ok' \
	'+\(dd\) gnt-probe: mmap the grant \(GNTTABOP_map_grant_ref, contains_pte\): ok' \
	'+\(dd\) init: iomem: [0-9a-f]+-[0-9a-f]+ : Xen scratch' '+\(dd\) init: done' \
	'+all powered off cleanly' "$DD_CLEAN" "$NO_PANIC" "$FRAMES_BACK" \
	-- --mem 512M --timeout 120 -- $M/dd-grants.manifest "" $X "" cache/linux/vmlinux "" \
	build/linux/dd.cpio.gz ""

# SMEP and SMAP (QEMU -cpu max has both under TCG): ring 0 never runs guest
# code and touches guest memory only through guest_access.c's stac/clac.
# The selftests prove a stray access faults; a few guests run with both on.
SMAP_ON='+parvus: SMEP on, SMAP on'
boot_case smap-selftest 2 "$SMAP_ON" '+selftest: copy_from_guest read "xen-3\.0" from d1.s start_info' \
	'+unexpected #PF page fault \(vector 14, error code 0x1\) in the hypervisor' \
	'+RIP: e008:[0-9a-f]+  selftest_touch\+0x' '+\] selftest_smap\+0x' '-SMAP did not stop' \
	-- --cpu max --append selftest=smap -- $G/hello.elf ""
boot_case smep-selftest 2 "$SMAP_ON" '+selftest: calling guest page 0x[0-9a-f]+ in ring 0' \
	'+unexpected #PF page fault \(vector 14, error code 0x11\) in the hypervisor' \
	'+\] selftest_smep\+0x' '-SMEP did not stop' \
	-- --cpu max --append selftest=smep -- $G/hello.elf ""
for guest in hello traps ptwr cpustate mmu hostile exchange; do
	boot_case "cpu-max-$guest" 0 "$SMAP_ON" '+\(d1\) Test result: SUCCESS' '-FAIL' "$NO_PANIC" \
		-- --cpu max -- $G/$guest.elf ""
done
boot_case cpu-max-fuzz-short 0 "$SMAP_ON" \
	'+\(d1\) fuzz: summary: seed 3, 20000 iterations, [0-9]+ hypercalls' \
	'+\(d1\) Test result: SUCCESS' '+\(d2\) Test result: SUCCESS' '+all powered off cleanly' \
	'-FAIL' "$NO_PANIC" "$FRAMES_BACK" \
	-- --cpu max -- $M/fuzz.manifest "" $G/fuzz.elf "" $G/witness.elf ""
boot_case cpu-max-xenstore 0 "$SMAP_ON" '+\(d2\) alice: bob acknowledged through xenstore' \
	'+xenstored: every domain has gone' '+all powered off cleanly' '-FAIL' "$NO_PANIC" \
	-- --cpu max -- $M/xenstore.manifest "" $X "" $G/xenstore.elf ""
# Linux with SMEP only: QEMU before 9.1 pops iretq's frame as a ring-0
# access, so under SMAP a ring-3 kernel's iretq to itself (Linux does one
# early in boot) faults under TCG, never on hardware (QEMU's fix: "target/
# i386/tcg: Allow IRET from user mode to user mode with SMAP", July 2024).
boot_case cpu-max-linux-smoke 0 '+parvus: SMEP on, SMAP off' '+\(linux\) init: forked 100 processes' \
	'+\(linux\) init: done' '+all powered off cleanly' "$LINUX_CLEAN" "$NO_PANIC" \
	-- --cpu max,-smap --mem 512M -- $M/linux-smoke.manifest "" cache/linux/vmlinux "" \
	build/linux/smoke.cpio.gz ""

# The parvus CLI: configs in xl.cfg syntax, a bzImage unpacked by the CLI,
# exit statuses, refusals with file, line and reason, no QEMU left behind.
P=build/parvus
NO_LEFTOVERS='?! pgrep -f "[q]emu-system-x86_64.*$TMPDIR/parvus-" >/dev/null && ! ls -d "$TMPDIR"/parvus-?????? 2>/dev/null'
run_case cli-run 0 '+unpacked xz payload \(8[0-9]+ -> 6[0-9]+ bytes\)' '+\(linux\) init: done' \
	'+d[0-9]: up to 8 grant frames, 1024 grant mappings' \
	'+\(d3\) Hello from a Parvus PV guest' '+all powered off cleanly' "$NO_LEFTOVERS" \
	-- $P run --timeout 120 tests/cli/linux.cfg tests/cli/hello.cfg
# The lean kernel's patch 0001: with Xen's time leaf saying the TSC is never
# emulated, the domU keeps time with the TSC.
run_case cli-run-lean 0 '+cache/lean/bzImage.*|unpacked gzip payload' '+\(lean\) init: done' \
	'+\(lean\) init: hypervisor type: xen' '+\(lean\) clocksource: Switched to clocksource tsc($|[^-])' \
	'+all powered off cleanly' "$NO_LEFTOVERS" \
	-- $P run --timeout 120 tests/cli/lean.cfg
run_case cli-run-crash 1 '+\(doomed\) init: crashing on purpose' '+\(d3\) Hello' "$NO_LEFTOVERS" \
	-- $P run --timeout 120 tests/cli/doomed.cfg tests/cli/hello.cfg
run_case cli-run-timeout 3 '+parvus: timed out after 3 s; stopping QEMU' "$NO_LEFTOVERS" \
	-- $P run --timeout 3 tests/cli/forever.cfg
run_case cli-interrupted 3 '+parvus: interrupted \(signal 2\); QEMU stopped' "$NO_LEFTOVERS" \
	-- sh -c 'build/parvus run tests/cli/forever.cfg & p=$!; sleep 3; kill -INT $p; wait $p'
run_case cli-bad-key 2 '+parvus: tests/cli/bad-key.cfg:3: unknown key "colour"' '-QEMU' \
	-- $P run tests/cli/hello.cfg tests/cli/bad-key.cfg
run_case cli-bad-memory 2 '+tests/cli/bad-memory.cfg:2: memory = 0: expected 1 to 65536' \
	-- $P run tests/cli/bad-memory.cfg
run_case cli-missing-kernel 2 '+tests/cli/no-kernel-file.cfg: kernel: build/no/such/kernel: No such file' \
	-- $P run tests/cli/no-kernel-file.cfg
run_case cli-elf32-kernel 2 '+elf32.cfg: kernel build/guests/bad-elf32.elf: Parvus cannot boot it: 32-bit ELF' \
	"$NO_LEFTOVERS" -- $P run tests/cli/elf32.cfg
run_case cli-memory-too-small 2 \
	'+too-small.cfg: kernel build/guests/hello.elf: Parvus cannot build it with memory = 2: image needs 4096 KiB of domain memory to boot, the domain has 2048 KiB' \
	'-QEMU' "$NO_LEFTOVERS" -- $P run tests/cli/too-small.cfg
run_case cli-truncated-kernel 2 '+truncated.cfg: kernel: .*truncated bzImage' \
	-- sh -c 'head -c 3000000 cache/linux/vmlinuz > build/cli-truncated-vmlinuz && exec build/parvus run tests/cli/truncated.cfg'
run_case cli-not-a-kernel 2 '+not-a-kernel.cfg: kernel: README.md: not a kernel image' \
	-- $P run tests/cli/not-a-kernel.cfg
run_case cli-missing-ramdisk 2 '+no-ramdisk.cfg: ramdisk build/no/such/initrd: No such file' \
	-- $P run tests/cli/no-ramdisk.cfg
run_case cli-same-name 2 '+name "hello" is also tests/cli/hello.cfg.s' \
	-- $P run tests/cli/hello.cfg tests/cli/hello.cfg
# Disks and vifs (xl.cfg syntax): the nodes parvus run writes, checked by
# both ends at boot; each bad device is one line with file, line and
# reason, exit 2, nothing started. The images are made here (git keeps no
# modes): a.img and b.img 1 MiB, ro.img read-only, noread.img unreadable,
# odd.img not a whole MiB.
I=build/cli-images
mkdir -p $I && truncate -s 1M $I/a.img $I/b.img $I/ro.img $I/noread.img && truncate -s 8M $I/d8.img &&
	yes parvus-net-a | head -c 8M > $I/net-a.img && yes parvus-net-b | head -c 4M > $I/net-b.img &&
	truncate -s 513M $I/big.img && for i in $(seq 0 13); do yes "m$i" | head -c 1M > $I/m$i.img; done &&
	truncate -s 1000 $I/odd.img &&
	chmod 644 $I/a.img $I/b.img $I/big.img && chmod 444 $I/ro.img && chmod 000 $I/noread.img
ONE_LINE='?[ "$(wc -l < "$LOG")" -eq 1 ]'
run_case cli-devices-run 0 '+\(d1\) xenstored: 39 device node\(s\) made, 0 seed line\(s\) refused' \
	'+\(d1\) xenstored: d2 is a driver domain: quota 1000 nodes, 128 watches' '-d3 is a driver domain' \
	'+\(d3\) guest: device nodes as libxl writes them' '+\(d2\) dd: back-end nodes mine to write' \
	'+all powered off cleanly' '-FAIL' "$NO_LEFTOVERS" \
	-- $P run --timeout 120 tests/cli/dd.cfg tests/cli/devguest.cfg
# The same path with Debian's kernel on both sides: parvus run writes the
# nodes of linux-ddguest.cfg's disk and vif, the driver domain serves them
# (params=ram:8 from the 8 MiB image), the guest's xvda reads back what it
# wrote and both pairs connect.
run_case cli-dd-linux 0 '+\(dd\) parvus-devd: backend/vbd/3/51712: image:vbd-3-51712 is a loop device' \
	'+\(guest\) init: states: vbd fe 4 be 4, vif fe 4' '+\(guest\) init: xvda read back matches' \
	'+\(dd\) init: serving d3 from the toolstack.s nodes' '+\(dd\) init: done' '+all powered off cleanly' \
	'-\((dd|guest)\).*(BUG:|kernel BUG|Oops|Call Trace|FAILED|did not finish)' "$NO_LEFTOVERS" \
	-- $P run --timeout 240 tests/cli/linux-dd.cfg tests/cli/linux-ddguest.cfg
# Two guests on the built-in driver domain's bridge (tests/cli/net-a.cfg,
# net-b.cfg; no config is named dd, so parvus run starts its own, d4,
# role=driver): each reads its disk's contents as the image holds them
# (the md5 of the whole xvda, carried into the DD: a's 8 MiB, b's 4 MiB
# read-only), a writes and reads back 4 MiB, which leaves the host's file
# as it was; a pings b and the DD 100 times with none lost, then tells b
# it is done over TCP; the DD powers off once both have gone.
XVDA_MD5='?for g in a b; do [ "$(sed -n "s/.*($g) init: xvda md5 \([0-9a-f]*\).*/\1/p" "$LOG")" = "$(md5sum < build/cli-images/net-$g.img | cut -d" " -f1)" ] || exit 1; done'
run_case dd-net 0 '+parvus: starting the built-in driver domain "dd" \(152 MiB\) for backend=dd' \
	'+\(d1\) xenstored: d4 is a driver domain: quota 1000 nodes, 128 watches' \
	'+\(dd\) parvus-devd: backend/vbd/2/51712: image:vbd-2-51712 is a loop device' \
	'+\(dd\) parvus-devd: backend/vbd/3/51712: image:vbd-3-51712 \(read-only\) is a loop device' \
	'+\(a\) init: states: vbd fe 4 be 4, vif fe 4' '+\(b\) init: states: vbd fe 4 be 4, vif fe 4' \
	"$XVDA_MD5" '+\(a\) init: xvda read back matches' '+\(b\) init: xvda is read-only' \
	'+\(a\) init: ping: 100 packets transmitted, 100 packets received, 0% packet loss' \
	'+\(a\) init: ping dd: 100 packets transmitted, 100 packets received, 0% packet loss' \
	'+\(b\) init: peer says done' '+\(dd\) init: d2 has gone' '+\(dd\) init: d3 has gone' \
	'+\(a\) init: done' '+\(b\) init: done' '+\(dd\) init: done' '+all powered off cleanly' \
	'-\((dd|a|b)\).*(BUG:|kernel BUG|Oops|Call Trace|FAILED|xenbus missing|after 60 s|DIFFERS)' "$NO_LEFTOVERS" \
	-- $P run --timeout 400 --dd-devices=memory tests/cli/net-a.cfg tests/cli/net-b.cfg
# The built-in driver domain in the plan (--dry-run: manifest and QEMU's
# command line, nothing started): devguest.cfg names backend=dd and no
# config is called dd, so d3 is Debian's kernel with dd.cpio.gz and the
# 1 MiB image appended (a ramdisk in the bundle), role=driver, 130 MiB;
# --driver-domain FILE (or the DD as a config) replaces it.
run_case cli-builtin-dd-plan 0 '+parvus: starting the built-in driver domain "dd" \(130 MiB\) for backend=dd' \
	'+^domain name=guest memory=16 weight=256 kernel=2 cmdline=' \
	'+^domain name=dd memory=130 weight=256 kernel=3 ramdisk=4 role=driver on_crash=restart cmdline="console=hvc0 ddserve"$' \
	'+^node /local/domain/3/backend/vbd/2/51712/params image:vbd-2-51712 perms=n3,r2$' \
	'+^qemu: qemu-system-x86_64 .* -initrd [^ ]*/manifest,[^ ]*/xenstored.elf,[^ ]*/kernel-0.elf,[^ ]*/kernel-1.elf,[^ ]*/parvus-[^/]*/ramdisk-1$' \
	'+parvus: dd: reading kernel /.*/cache/linux/vmlinuz$' '-QEMU \(' "$NO_LEFTOVERS" \
	-- $P run --dry-run --dd-devices=memory tests/cli/devguest.cfg
run_case cli-driver-domain-option 0 '-built-in driver domain' \
	'+^domain name=dd memory=16 weight=256 kernel=3 ramdisk=4 role=driver cmdline="role=back me=dd peer=3"$' \
	'+^domain name=guest memory=16 weight=256 kernel=2 cmdline=' "$NO_LEFTOVERS" \
	-- $P run --dry-run --driver-domain tests/cli/dd.cfg tests/cli/devguest.cfg
# --driver-domain replaces the built-in DD even under another name: a
# backend=dd then names nothing.
run_case cli-driver-domain-replaces 2 \
	"+^parvus: tests/cli/devguest.cfg:7: backend=dd names no driver domain among the configs\$" \
	"$ONE_LINE" "$NO_LEFTOVERS" -- $P run --driver-domain tests/cli/ring-x.cfg tests/cli/devguest.cfg
run_case cli-driver-domain-missing 2 '+^parvus: build/no/such/dd.cfg: No such file or directory$' \
	"$ONE_LINE" '-QEMU' "$NO_LEFTOVERS" \
	-- $P run --driver-domain build/no/such/dd.cfg tests/cli/devguest.cfg
# Without Debian's kernel or dd.cpio.gz beside the build folder (a copy of
# the CLI elsewhere: it finds them from where it is), the built-in DD is
# one line saying how to get them, exit 2, nothing started.
DDX=build/cli-dd-files
rm -rf $DDX && mkdir -p $DDX/nokernel/build $DDX/noramdisk/build $DDX/noramdisk/cache/linux &&
	cp $P $DDX/nokernel/build/ && cp $P $DDX/noramdisk/build/ &&
	ln -s "$PWD/cache/linux/vmlinuz" $DDX/noramdisk/cache/linux/vmlinuz
run_case cli-builtin-dd-no-kernel 2 \
	"+^parvus: built-in driver domain: kernel /.*/$DDX/nokernel/cache/linux/vmlinuz: No such file or directory \\(make linux-images fetches Debian's kernel; or give --driver-domain FILE\\)\$" \
	"$ONE_LINE" "$NO_LEFTOVERS" -- $DDX/nokernel/build/parvus run tests/cli/devguest.cfg
run_case cli-builtin-dd-no-ramdisk 2 \
	"+^parvus: built-in driver domain: ramdisk /.*/$DDX/noramdisk/build/linux/dd.cpio.gz: No such file or directory \\(make linux-images builds it; or give --driver-domain FILE\\)\$" \
	"$ONE_LINE" "$NO_LEFTOVERS" -- $DDX/noramdisk/build/parvus run tests/cli/devguest.cfg
run_case cli-builtin-dd-too-big 2 \
	'+^parvus: the disk images of backend=dd total 513 MiB; the built-in driver domain holds them in its memory, at most 512 MiB$' \
	"$ONE_LINE" "$NO_LEFTOVERS" -- $P run --dd-devices=memory tests/cli/dev-big.cfg
run_case cli-three-driver-domains 2 \
	'+^parvus: tests/cli/ring-z.cfg: "z" would be driver domain number 3 \(named by a backend=\); at most 2$' \
	"$ONE_LINE" "$NO_LEFTOVERS" -- $P run tests/cli/ring-x.cfg tests/cli/ring-y.cfg tests/cli/ring-z.cfg
# --dd-devices=pci, the default (the plan only: the hypervisor's PCI pieces are
# built apart): the DD's two disks become virtio-blk functions 00:04.0 and
# 00:05.0 (b's read-only), its NIC virtio-net 00:03.0 on QEMU's
# restricted user network, pci= on its manifest line, a role=pciback
# domain last (a stand-in kernel here), the contract's pci nodes, and
# params serial:vbd-F-N; no images in the DD's ramdisk. Without a pciback
# kernel, or with a DD of one's own, one line and exit 2.
mkdir -p $DDX/pci/build/pciback $DDX/pci/build/linux $DDX/pci/cache/linux &&
	cp $P $DDX/pci/build/ && ln -s "$PWD/$G/hello.elf" $DDX/pci/build/pciback.elf &&
	ln -s "$PWD/build/linux/dd.cpio.gz" $DDX/pci/build/linux/dd.cpio.gz &&
	ln -s "$PWD/cache/linux/vmlinuz" $DDX/pci/cache/linux/vmlinuz &&
	mkdir -p $DDX/nopciback/build && cp -a $DDX/pci/build/linux $DDX/nopciback/build/ &&
	cp -a $DDX/pci/cache $DDX/nopciback/ && cp $P $DDX/nopciback/build/
run_case cli-dd-pci-plan 0 '+starting the built-in driver domain "dd" \(128 MiB\)' '-copying the disk images' \
	'+^domain name=dd memory=128 weight=256 kernel=6 ramdisk=7 role=driver on_crash=restart pci=00:04\.0,00:05\.0,00:03\.0 cmdline="console=hvc0 ddserve ddpci"$' \
	'+^domain name=pciback memory=8 weight=256 kernel=8 role=pciback cmdline=""$' \
	'+^node /local/domain/4/backend/vbd/2/51712/params serial:vbd-2-51712 perms=n4,r2$' \
	'+^node /local/domain/5/backend/pci/4/0/dev-1 0000:00:05\.0 perms=n5,r4$' \
	'+^node /local/domain/4/device/pci/0/backend-id 5 perms=n4,r5$' \
	'+^node /local/domain/5/backend/pci/4/0/num_devs 3 perms=n5,r4$' \
	'+ -drive file=build/cli-images/net-a\.img,if=none,id=disk0,format=raw -device virtio-blk-pci,drive=disk0,disable-legacy=on,addr=0x4,serial=vbd-2-51712 ' \
	'+ -drive file=build/cli-images/net-b\.img,if=none,id=disk1,format=raw,readonly=on -device virtio-blk-pci,drive=disk1,disable-legacy=on,addr=0x5,serial=vbd-3-51712 ' \
	'+ -netdev user,id=net0,restrict=on -device virtio-net-pci,netdev=net0,disable-legacy=on,addr=0x3$' \
	'+-initrd [^ ]*,[^ ]*/build/linux/dd\.cpio\.gz,[^ ]*/kernel-3\.elf ' "$NO_LEFTOVERS" \
	-- $DDX/pci/build/parvus run --dry-run tests/cli/net-a.cfg tests/cli/net-b.cfg
run_case cli-dd-pci-no-pciback 2 \
	"+^parvus: --dd-devices=pci: the pciback service domain's kernel /.*/$DDX/nopciback/build/pciback.elf: No such file or directory \\(make pciback builds it\\)\$" \
	"$ONE_LINE" "$NO_LEFTOVERS" -- $DDX/nopciback/build/parvus run tests/cli/net-a.cfg
run_case cli-dd-pci-too-many 2 \
	'+^parvus: --dd-devices=pci: more than 7 disks for the driver domain dd \(with its NIC, at most 8 PCI devices; --dd-devices=memory takes up to 512 MiB of images\)$' \
	"$ONE_LINE" '-QEMU' "$NO_LEFTOVERS" -- $P run tests/cli/many-disks.cfg
run_case cli-dd-pci-own-dd 2 \
	'+^parvus run: --dd-devices=pci is for the built-in driver domain, and no device names backend=dd without a config of that name$' \
	"$ONE_LINE" "$NO_LEFTOVERS" -- $P run --dd-devices=pci --driver-domain tests/cli/dd.cfg tests/cli/devguest.cfg
# The same two guests with --dd-devices=pci, booted for real: the built-in
# DD gets both images as virtio-blk functions and a virtio-net NIC through
# xen-pcifront and the pciback service (main's PCI core), parvus-devd
# finds each disk by its serial, the guests read the images' contents,
# ping as in dd-net, and a's 4 MiB write reaches the host's file.
PCI_MD5='?for g in a b; do [ "$(sed -n "s/.*($g) init: xvda md5 \([0-9a-f]*\).*/\1/p" "$LOG")" = "$(yes parvus-net-$g | head -c $(stat -c %s build/cli-images/net-$g.img) | md5sum | cut -d" " -f1)" ] || exit 1; done'
run_case dd-net-pci 0 '+\(dd\) init: PCI devices through the pciback service d5' \
	'+\(dd\) init: pci 0000:00:04\.0 0x1af4:0x1042 driver virtio-pci' \
	'+\(dd\) init: pci 0000:00:03\.0 0x1af4:0x1041 driver virtio-pci' \
	'+\(dd\) parvus-devd: backend/vbd/2/51712: serial:vbd-2-51712 is a disk of that serial' \
	'+\(dd\) parvus-devd: backend/vbd/3/51712: serial:vbd-3-51712 \(read-only\) is a disk of that serial' \
	"$PCI_MD5" '+\(a\) init: xvda read back matches' '+\(b\) init: xvda is read-only' \
	'+\(a\) init: ping: 100 packets transmitted, 100 packets received, 0% packet loss' \
	'+\(a\) init: ping dd: 100 packets transmitted, 100 packets received, 0% packet loss' \
	'+\(b\) init: peer says done' '+\(dd\) init: done' '+all powered off cleanly' \
	'?! head -c 4194304 build/cli-images/net-a.img | grep -q parvus-net-a' \
	'-\((dd|a|b)\).*(BUG:|kernel BUG|Oops|Call Trace|FAILED|xenbus missing|DIFFERS)' "$NO_LEFTOVERS" \
	-- sh -c 'yes parvus-net-a | head -c 8M > build/cli-images/net-a.img && exec build/parvus run --timeout 400 --dd-devices=pci tests/cli/net-a.cfg tests/cli/net-b.cfg'
# Two guests, the host's loopback and QEMU's user network
# (tests/integration/dd-user-net.sh): through the built-in DD's bridge and
# virtio NIC (restrict=on), a pings b and the DD 100 times with none lost,
# both fetch a 4 MiB file from a server on the host's 127.0.0.1 through
# parvus run --guestfwd (a relay per connection), and the host fetches
# a's file through --hostfwd, which QEMU binds on 127.0.0.1 only.
run_case dd-user-net 0 '+dd-user-net: QEMU listens on 127\.0\.0\.1:[0-9]+$' '-dd-user-net: QEMU listens on [^1]' \
	'+\(a\) init: ping: 100 packets transmitted, 100 packets received, 0% packet loss' \
	'+\(a\) init: ping dd: 100 packets transmitted, 100 packets received, 0% packet loss' \
	'+\(b\) init: peer says done' \
	'+dd-user-net: guest a fetched the host.s file, sha256 matches' \
	'+dd-user-net: guest b fetched the host.s file, sha256 matches' \
	'+dd-user-net: the host fetched 4194304 bytes from guest a, sha256 matches' \
	'+\(dd\) init: eth0 \(virtio-net\) is in bridge xenbr0' '+\(a\) init: hostserve: the host says done' \
	'+all powered off cleanly' '-\((dd|a|b)\).*(BUG:|kernel BUG|Oops|Call Trace|FAILED)' '-FAILED' "$NO_LEFTOVERS" \
	-- tests/integration/dd-user-net.sh
# The built-in driver domain killed from the console, as a user would
# (tests/integration/dd-kill.sh, tests/cli/dd-kill.cfg): on a pty, input
# moves to the hypervisor's keys and k3 kills the DD under the guest's
# load; parvus run's DD has on_crash = "restart", comes back with the
# same id, and the guest's writes (all in the host's image) and pings
# carry on.
run_case dd-kill 0 '+^parvus: d3 \(dd\) killed: the console.s kill key' \
	'+^parvus: d3 \(dd\) restarted in [0-9]+ ms' \
	'+\(guest\) init: ddload: 0 write errors, [0-9]+ records read back, 0 wrong' \
	'+dd-kill: the image holds [0-9]+ records, 0 wrong' '+all powered off cleanly' \
	'-\((guest|dd)\).*(kernel BUG|Oops|FAILED|I/O error)' "$NO_LEFTOVERS" \
	-- tests/integration/dd-kill.sh
# Ctrl-C while the built-in DD and its guests boot: QEMU stopped, the
# bundle (kernels, the DD's ramdisk with the images) gone.
run_case cli-interrupted-dd 3 '+parvus: interrupted \(signal 2\); QEMU stopped' \
	'+starting the built-in driver domain' "$NO_LEFTOVERS" \
	-- sh -c 'build/parvus run tests/cli/net-a.cfg tests/cli/net-b.cfg & p=$!; sleep 8; kill -INT $p; wait $p'
# make run-dd on a terminal: the guest's shell reads xvda (the image's
# first line), has eth0 at 10.0.0.2 and pings the DD (10.0.0.3); poweroff
# ends the guest, then the DD, then the run.
run_case make-run-dd 0 '+\(guest\) Parvus run-dd disk, made ' '+inet 10\.0\.0\.2/24' \
	'+3 packets transmitted, 3 packets received, 0% packet loss' \
	'+\(dd\) init: d2 has gone' '+all powered off cleanly' "$NO_LEFTOVERS" \
	-- tests/integration/make-run-dd.sh
# A driver domain's xenstore quotas: 14 disks and a vif for one guest
# (tests/cli/many-disks.cfg) make the built-in DD's back ends set more
# watches than an ordinary domain's 32 (blkback's probe of the 14th disk
# failed with E2BIG, and parvus-devd's own watch) and write more nodes
# than its 128; as role=driver it has Xen's 128 and 1000, and every disk
# connects.
run_case dd-quota 0 '+\(d1\) xenstored: d3 is a driver domain: quota 1000 nodes, 128 watches' \
	'+\(many\) init: 14 xvd disks, 14 vbds' '+\(many\) init: states: vbd fe 4 be 4, vif fe 4' \
	'+\(many\) init: xvda is read-only' '+\(dd\) init: xenstore nodes below /local/domain/3: [0-9]{3}' \
	'+\(dd\) init: done' '+all powered off cleanly' \
	'-\((dd|many)\).*(BUG:|kernel BUG|Oops|Call Trace|FAILED|vbd [0-9]+: state|probe of .* failed|too long)|hotplug-error' \
	"$NO_LEFTOVERS" \
	-- $P run --timeout 300 --dd-devices=memory tests/cli/many-disks.cfg
dev_case() {	# dev_case NAME MESSAGE CONFIG...
	n=$1 msg=$2; shift 2
	run_case "cli-dev-$n" 2 "+^parvus: $msg\$" "$ONE_LINE" '-QEMU' "$NO_LEFTOVERS" -- $P run "$@"
}
dev_case missing-image 'tests/cli/dev-missing-image.cfg:4: disk image build/cli-images/none.img: No such file or directory' \
	tests/cli/dd.cfg tests/cli/dev-missing-image.cfg
dev_case unreadable 'tests/cli/dev-unreadable.cfg:4: disk image build/cli-images/noread.img: cannot be read' \
	tests/cli/dd.cfg tests/cli/dev-unreadable.cfg
dev_case readonly-rw 'tests/cli/dev-readonly-rw.cfg:4: disk image build/cli-images/ro.img is read-only, but access=rw \(give access=ro\)' \
	tests/cli/dd.cfg tests/cli/dev-readonly-rw.cfg
dev_case shared-rw "tests/cli/dev-shared-rw.cfg:5: disk image build/cli-images/a.img is also guest's disk \(tests/cli/devguest.cfg:7\); an image given rw may have no other user" \
	tests/cli/dd.cfg tests/cli/devguest.cfg tests/cli/dev-shared-rw.cfg
dev_case odd-size "tests/cli/dev-odd-size.cfg:4: disk image build/cli-images/odd.img: 1000 bytes, not a whole number of MiB from 1 to 65536 \\(the driver domain's disk is sized in MiB\\)" \
	tests/cli/dd.cfg tests/cli/dev-odd-size.cfg
dev_case bad-vdev "tests/cli/dev-bad-vdev.cfg:4: disk 'build/cli-images/a.img,raw,sdq,rw,backend=dd': vdev=sdq: not a Xen virtual disk \(xvdX, hdX with X a to d, or sdX with X a to p, each with an optional partition number\)" \
	tests/cli/dd.cfg tests/cli/dev-bad-vdev.cfg
dev_case dup-vdev 'tests/cli/dev-dup-vdev.cfg:5: disk vdev=xvda: the same virtual device as vdev=xvda \(line 4\)' \
	tests/cli/dd.cfg tests/cli/dev-dup-vdev.cfg
dev_case dup-mac "tests/cli/dev-dup-mac.cfg:4: vif mac=00:16:3e:0a:0b:0c is also a vif's of guest \(tests/cli/devguest.cfg:8\)" \
	tests/cli/dd.cfg tests/cli/devguest.cfg tests/cli/dev-dup-mac.cfg
dev_case bad-mac "tests/cli/dev-bad-mac.cfg:4: vif 'mac=00:16:3e:0a:0b, backend=dd': mac=00:16:3e:0a:0b: not a MAC address \(six hex pairs with ':'\)" \
	tests/cli/dd.cfg tests/cli/dev-bad-mac.cfg
dev_case no-backend 'tests/cli/dev-no-backend.cfg:4: backend=nobody names no driver domain among the configs' \
	tests/cli/dd.cfg tests/cli/dev-no-backend.cfg
dev_case too-many-disks 'tests/cli/dev-too-many.cfg:21: disk: 17 disks; at most 16 per guest' \
	tests/cli/dd.cfg tests/cli/dev-too-many.cfg
dev_case too-many-vifs 'tests/cli/dev-too-many-vifs.cfg:4: vif: 9 vifs; at most 8 per guest' \
	tests/cli/dd.cfg tests/cli/dev-too-many-vifs.cfg
dev_case unknown-disk-key "tests/cli/dev-unknown-key.cfg:4: disk 'build/cli-images/a.img,raw,xvda,rw,backend=dd,colour=red': unknown disk parameter \"colour\"" \
	tests/cli/dd.cfg tests/cli/dev-unknown-key.cfg
dev_case unknown-vif-key "tests/cli/dev-unknown-vif-key.cfg:4: vif 'model=e1000, backend=dd': unknown or unsupported vif key \"model\" \(Parvus takes mac, bridge, backend and type\)" \
	tests/cli/dd.cfg tests/cli/dev-unknown-vif-key.cfg
dev_case script "tests/cli/dev-script.cfg:4: disk 'build/cli-images/a.img,raw,xvda,rw,backend=dd,script=bloc...': script=: hotplug scripts do not run under Parvus \(the driver domain's parvus-devd sets devices up\)" \
	tests/cli/dd.cfg tests/cli/dev-script.cfg
run_case cli-bad-option 2 '+parvus run: bad option --accel xen' -- $P run --accel xen tests/cli/hello.cfg
run_case cli-bad-dd-devices 2 '+^parvus run: --dd-devices=disk: expected --dd-devices=memory or --dd-devices=pci$' \
	"$ONE_LINE" -- $P run --dd-devices=disk tests/cli/devguest.cfg
run_case cli-no-config 2 '+give 1 to 16 configs' -- $P run
run_case cli-inspect 0 '+Linux bzImage, boot protocol 2\.[0-9]+, xz payload' \
	'+ENTRY +\( 1\) 0xffffffff8' '+FEATURES +\(10\) "!writable_page_tables' \
	'+Parvus can boot it as a PV guest' -- $P inspect cache/linux/vmlinuz
run_case cli-inspect-unbootable 1 '+Parvus cannot boot it: 32-bit ELF' -- $P inspect $G/bad-elf32.elf
run_case cli-inspect-segment-overflow 1 \
	'+Parvus cannot boot it: PT_LOAD segment 0 at 0x100000-0xfffffffffffff001 is not canonical or overlaps the hypervisor' \
	-- $P inspect $G/bad-segment-overflow.elf
run_case cli-inspect-not-kernel 2 '+not a kernel image' -- $P inspect README.md
run_case cli-help 0 '+SYNOPSIS' '+    parvus run \[--accel tcg\|kvm\]' '+EXIT STATUS' \
	'+3  timeout or interrupted' -- $P help run
run_case cli-bench-icount-kvm 2 '+parvus bench: --icount: instruction counting needs --accel tcg' \
	"?[ ! -e build/bench-never ]" -- $P bench --icount --accel kvm --out build/bench-never
run_case cli-bench-unknown-system 2 \
	'+^parvus bench: --systems parvus-pv,xen: unknown system "xen" \(known: parvus-pv, qemu-full, qemu-emul, xen-pv, xen-domu\)$' \
	"$ONE_LINE" "?[ ! -e build/bench-never ]" -- $P bench --systems parvus-pv,xen --out build/bench-never
run_case cli-bench-unknown-only 2 \
	'+^parvus bench: --only disk: unknown row family "disk" \(known: cpu, io\)$' \
	"$ONE_LINE" "?[ ! -e build/bench-never ]" -- $P bench --only disk --out build/bench-never
# An interrupted bench stops what it started (QEMU, iperf3) and leaves no
# scratch disk: exit 3, as parvus run.
run_case cli-bench-interrupted 0 '+^rc=3$' '+parvus bench: interrupted \(signal 15\); every QEMU stopped' \
	"?! ls build/bench-interrupted/disk-*.img 2>/dev/null && ! pgrep -f 'qemu-system.*bench-interrupte[d]' && ! pgrep -f '^iperf3 -s -B 127.0.0.1'" \
	-- sh -c "rm -rf build/bench-interrupted; $P bench --quick --runs 1 --only io --systems qemu-full --out build/bench-interrupted & pid=\$!; sleep 10; kill \$pid; wait \$pid; echo rc=\$?; sleep 1"
run_case cli-unknown-command 2 '+parvus: no command "start"' -- $P start

# parvus bench as a smoke test only (numbers are not checked: benchmarks
# are not timed tests): every system boots, every benchmark gives a number,
# the CPU rows on parvus-pv, qemu-full, xen-domu and xen-pv, the I/O rows
# (issue 17; tests/linux/bench-io.sh) on parvus-pv (the built-in DD),
# qemu-full (virtio), qemu-emul (AHCI, e1000) and xen-domu (dom0's back
# ends). xen-domu's dom0 boots the same kernel, starts the guest with xl
# create and forwards its console as "(domu) LINE": the results are the
# domU's, dom0's own "Run /init" comes first. Parvus's I/O rows come with
# the hypervisor's counters at each of the guest's marks; the scratch
# disks and iperf3 servers are gone afterwards.
B=build/bench-smoke
run_case bench-smoke 0 "+results in $B/results.md" \
	"?[ \"\$(grep -cE '^\| [a-z0-9_]+ \| [0-9.]+ \(.*\| [0-9.]+ \(.*\| [0-9.]+ \(' $B/results.md)\" -ge 18 ]" \
	"?grep -qE '^\| kernel_null_hypercall \| [0-9.]+ \(.*\| n/a \| n/a \| [0-9.]+ \(' $B/results.md" \
	"?[ \"\$(grep -cE '^\| io_[a-z0-9_]+( \| [0-9.]+ \([^|]*){4}\| n/a \|' $B/results.md)\" -eq 5 ]" \
	"?grep -qE '^\| io_tcp_guest_per_mib \| [0-9.]+ \(.*\| n/a \| n/a \| [0-9.]+ \(' $B/results.md" \
	"?grep -qE '^\| io_ping_guest_rtt \| [0-9.]+ \(.*\| n/a \| n/a \| [0-9.]+ \(' $B/results.md" \
	"?[ \"\$(grep -cE '^\| io_[a-z0-9_]+( \| [0-9.]+){6} \|$' $B/results.md)\" -eq 7 ]" \
	"?grep -q '^Each system against the best on the row' $B/results.md" \
	"?[ -s $B/chart.png ] && [ -s $B/chart.svg ] && grep -q 'multiplot layout 2,1' $B/chart.gnuplot" \
	"?J=$B/results.json; grep -q '\"xen-pv\": {' \$J && grep -q '\"xen-domu\": {' \$J && grep -q '\"qemu-emul\": {' \$J && grep -q '\"io_rows\": \[\"io_' \$J && grep -q '\"parvus_io_cost_per_op\": {\$' \$J" \
	"?grep -qE '\"memtotal_kib\": [1-9][0-9]{5},' $B/results.json" \
	"?L=$B/xen-domu-run1.log; [ \"\$(grep -c '^(domu) bench ' \$L)\" -ge 18 ] && ! grep -q '^bench ' \$L && grep -q '^(domu) bench-done' \$L" \
	"?L=$B/xen-domu-run1.log; grep -q '^\[ *[0-9.]*\] Run /init as init process' \$L && grep -q '^(domu) \[ *[0-9.]*\] Run /init as init process' \$L" \
	"?L=$B/xen-domu-io-run1.log; grep -q '^(domu) bench io_seq_read_per_mib ' \$L && grep -q '^(domu) .*blkfront: xvda' \$L" \
	"?L=$B/parvus-pv-io-run1.log; [ \"\$(grep -c '^parvus: perfc-mark d2: hypercalls [1-9]' \$L)\" -ge 10 ] && grep -q '^(bench) bench io_tcp_per_mib ' \$L && grep -q '^(dd) init: iperf3 serves on 10.0.0.4' \$L && grep -q '^(bench) bench io_tcp_guest_per_mib ' \$L" \
	"?! ls $B/disk-*.img 2>/dev/null && ! pgrep -f '^iperf3 -s -B 127.0.0.1'" \
	-- $P bench --quick --runs 1 --out $B
