#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes the synthetic seeds of tests/fuzz/corpus (the real ones are copies
of test guests, configs and manifests): a compact ELF with every Xen note,
small bzImage-shaped files with each compression, xs_wire request streams,
and operation scripts for the store, page-type and decoder harnesses.
Run from the top of the tree; the output is committed, so the fuzz runs
never depend on this script."""
import bz2, gzip, lzma, os, struct

CORPUS = "tests/fuzz/corpus"

def put(name, data):
    path = os.path.join(CORPUS, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)

# ---- ELF with Xen notes (xen/elfnote.h numbers) ----
def note(ntype, desc):
    desc = desc + b"\0" * (-len(desc) % 4)
    return struct.pack("<III", 4, len(desc), ntype) + b"Xen\0" + desc

def u64(v):
    return struct.pack("<Q", v)

def compact_elf(with_phdr_note=True, features=b"!writable_page_tables|pae_pgdir_above_4gb"):
    vbase, pbase = 0xffffffff80000000, 0x100000
    kstart = vbase + pbase
    notes = b"".join([
        note(6, b"linux\0"), note(5, b"xen-3.0\0"), note(8, b"generic\0"),
        note(3, u64(vbase)), note(4, u64(0)), note(1, u64(kstart + 0x40)),
        note(2, u64(kstart + 0x1000)), note(10, features + b"\0"),
        note(9, b"yes\0"), note(13, struct.pack("<QQ", 0xfff, 0x1)),
        note(14, struct.pack("<I", 1)), note(15, u64(0xffffea0000000000)),
        note(16, u64(0)), note(17, struct.pack("<I", 1)),
    ])
    phnum = 2 if with_phdr_note else 1
    note_off = 64 + 56 * phnum
    code_off = note_off + len(notes)
    code = b"\x90" * 16 + b"\xf4"
    sh_off = code_off + len(code) + (-(code_off + len(code)) % 8)
    size = sh_off + 2 * 64
    ehdr = (b"\x7fELF\x02\x01\x01" + b"\0" * 9 +
            struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, kstart + 0x40, 64, sh_off,
                        0, 64, 56, phnum, 64, 2, 0))
    load = struct.pack("<IIQQQQQQ", 1, 7, 0, kstart, pbase, size, 0x3000, 0x1000)
    nph = struct.pack("<IIQQQQQQ", 4, 4, note_off, kstart + note_off,
                      pbase + note_off, len(notes), len(notes), 4)
    shdrs = b"\0" * 64 + struct.pack("<IIQQQQIIQQ", 0, 7, 2, kstart + note_off,
                                     note_off, len(notes), 0, 0, 4, 0)
    body = ehdr + load + (nph if with_phdr_note else b"") + notes + code
    return body + b"\0" * (sh_off - len(body)) + shdrs

put("elf_xen/compact.elf", compact_elf())
put("elf_xen/section-notes.elf", compact_elf(with_phdr_note=False))
put("elf_xen/unknown-feature.elf", compact_elf(features=b"writable_page_tables|!dom0"))

# ---- bzImage-shaped files: setup sectors, "HdrS", payload fields ----
def bzimage(payload, comp, version=0x20f, setup_sects=1):
    setup = bytearray((setup_sects + 1) * 512)
    setup[0x1f1] = setup_sects
    setup[0x1fe:0x200] = b"\x55\xaa"
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, version)
    struct.pack_into("<II", setup, 0x248, 0, len(payload))
    return bytes(setup) + payload + struct.pack("<I", len(comp))

inner = compact_elf()
put("bzimage/gzip.bzimage", bzimage(gzip.compress(inner, mtime=0), inner))
put("bzimage/xz.bzimage", bzimage(lzma.compress(inner, check=lzma.CHECK_CRC32), inner))
put("bzimage/lzma.bzimage", bzimage(lzma.compress(inner, format=lzma.FORMAT_ALONE), inner))
put("bzimage/bzip2.bzimage", bzimage(bz2.compress(inner, 1), inner))
put("bzimage/old-protocol.bzimage", bzimage(gzip.compress(inner, mtime=0), inner, version=0x206))
# lz4 legacy frame of one block of literals only (no lz4 module needed):
# token 0xf0 with the literal length extended, then the bytes.
def lz4_literals(data):
    n = len(data) - 15
    ext = b"\xff" * (n // 255) + bytes([n % 255])
    block = b"\xf0" + ext + data
    return b"\x02\x21\x4c\x18" + struct.pack("<I", len(block)) + block
put("bzimage/lz4.bzimage", bzimage(lz4_literals(inner), inner))
# zstd raw-block frame: magic, frame header (single segment, 2-byte size).
def zstd_raw(data):
    fhd = 0x60   # Single_Segment_flag, Frame_Content_Size_flag = 1 (2 bytes)
    hdr = b"\x28\xb5\x2f\xfd" + bytes([fhd]) + struct.pack("<H", len(data) - 256)
    block = struct.pack("<I", (len(data) << 3) | 1)[:3]   # last, raw
    return hdr + block + data
put("bzimage/zstd.bzimage", bzimage(zstd_raw(inner), inner))

# ---- xs_wire: [conn][len16][bytes] records of raw ring input ----
XS = dict(READ=2, GET_PERMS=3, WATCH=4, UNWATCH=5, TRANSACTION_START=6,
          TRANSACTION_END=7, INTRODUCE=8, RELEASE=9, GET_DOMAIN_PATH=10,
          WRITE=11, MKDIR=12, RM=13, SET_PERMS=14, IS_DOMAIN_INTRODUCED=16,
          DIRECTORY=1, RESET_WATCHES=21)

def msg(kind, body, req_id=1, tx=0):
    return struct.pack("<IIII", XS[kind], req_id, tx, len(body)) + body

def record(conn, data):
    return bytes([conn]) + struct.pack("<H", len(data)) + data

put("xs_wire/session.bin", b"".join([
    record(1, msg("WRITE", b"data/x\0hello", 1)),
    record(1, msg("READ", b"data/x\0", 2)),
    record(1, msg("WATCH", b"data\0tok\0", 3)),
    record(0, msg("MKDIR", b"/local/domain/1/data/y\0", 4)),
    record(0, msg("SET_PERMS", b"/local/domain/1/data/y\0b1\0r2\0", 5)),
    record(1, msg("DIRECTORY", b"data\0", 6)),
    record(1, msg("TRANSACTION_START", b"\0", 7)),
    record(1, msg("WRITE", b"data/z\0in-tx", 8, tx=1)),
    record(1, msg("TRANSACTION_END", b"T\0", 9, tx=1)),
    record(2, msg("GET_PERMS", b"/local/domain/1/data/y\0", 10)),
    record(2, msg("GET_DOMAIN_PATH", b"2\0", 11)),
    record(0, msg("IS_DOMAIN_INTRODUCED", b"1\0", 12)),
    record(1, msg("RM", b"data\0", 13)),
    record(1, msg("UNWATCH", b"data\0tok\0", 14)),
    record(1, msg("RESET_WATCHES", b"", 15)),
    record(0, msg("RELEASE", b"2\0", 16)),
]))
whole = msg("WRITE", b"/a\0" + b"v" * 200, 1)
put("xs_wire/split.bin", record(1, whole[:7]) + record(1, whole[7:100]) + record(1, whole[100:]))
put("xs_wire/bad-length.bin", record(1, struct.pack("<IIII", 2, 1, 0, 5000)))
# 127 components: recursed past the xenstore domain's 16 KiB stack once.
DEEP = b"/a" * 127
put("xs_wire/regress-deep-path.bin", record(0, msg("WRITE", DEEP + b"\0x")) +
    record(1, msg("MKDIR", DEEP + b"\0", 2)))

# ---- xenstore tree: op scripts (see fuzz_xs_store.c for the encoding) ----
def op(code, domid, *args):
    out = bytes([code, domid])
    for a in args:
        out += bytes([len(a)]) + a
    return out

def perms(*pairs):
    return bytes([len(pairs)] + [(d << 2) | p for d, p in pairs])

IN_TX = 0x80
put("xs_store/ops.bin", b"".join([
    op(0, 1, b"data/a", b"one"), op(1, 1, b"data/a"), op(2, 1, b"data/b"),
    op(6, 1, b"data", b"t1"), op(8, 1), op(0 | IN_TX, 1, b"data/c", b"tx"),
    op(1 | IN_TX, 1, b"data/c"), op(9, 1) + b"\x01", op(4, 1, b"data"),
    op(5, 1, b"data/b") + perms((1, 0), (2, 1)), op(1, 2, b"/local/domain/1/data/b"),
    op(12, 2, b"/local/domain/1/data/b"), op(3, 1, b"data"), op(7, 1, b"data", b"t1"),
    op(6, 0, b"@releaseDomain", b"rel"), op(10, 2), op(11, 0),
]))
put("xs_store/quota.bin", b"".join(op(0, 2, b"q/%d" % i, b"x") for i in range(140)))
put("xs_store/regress-deep-path.bin", op(0, 1, DEEP, b"x") + op(2, 0, DEEP) +
    op(0, 1, b"/".join([b"a"] * 120), b"x"))

# ---- page types: op scripts (see fuzz_page_types.c for the encoding) ----
P, RW = 0x01, 0x02
L1, L2, L3, L4, WRITABLE = 0, 1, 2, 3, 4
def store(mfn, idx, target, flags):
    return bytes([9, mfn, 1, idx, target, flags, 0])
def update(mfn, idx, target, flags, d=1):
    return bytes([8, mfn, d, idx, target, flags, 0, 0])

put("page_types/build-l4.bin", b"".join([
    store(0, 0, 1, P | RW), store(1, 0, 2, P | RW), store(2, 0, 3, P | RW),
    store(3, 0, 4, P | RW), store(3, 1, 5, P), store(3, 2, 3, P),
    bytes([6, 0, 1, L4]),                 # pin frame 0 as an L4
    update(3, 1, 5, P | RW),              # ptwr-style: 5 becomes writable
    update(3, 3, 6, P),                   # d2's frame: refused
    update(3, 3, 2, P | RW),              # a live L2 mapped writable: refused
    bytes([0, 5, 1, WRITABLE]), bytes([1, 5, 1]),
    bytes([10, 0, 1, 0, 0]),              # walk to the L1
    update(0, 0xf0, 1, P | RW),           # a hypervisor slot: refused
    bytes([7, 0, 1]),                     # unpin: the tree goes
]))
put("page_types/pin-self-map.bin", b"".join([
    store(2, 0, 2, P | RW),               # an L1 mapping itself writable
    bytes([6, 2, 1, L1]), store(2, 1, 3, P), bytes([6, 2, 1, L1]),
    bytes([2, 4, 1, L2]), bytes([3, 4, 1]), bytes([4, 5, 1]), bytes([5, 5, 1]),
]))

# ---- ptwr decoder: instructions Linux uses on its page tables ----
for name, insn in {
    "mov-store": b"\x48\x89\x07",            # mov %rax,(%rdi)
    "mov-sib-disp32": b"\x48\x89\x84\x24\x00\x01\x00\x00",
    "mov-imm": b"\x48\xc7\x07\x00\x00\x00\x00",
    "xchg": b"\x48\x87\x07",
    "lock-cmpxchg": b"\xf0\x48\x0f\xb1\x17",
    "lock-or": b"\xf0\x48\x09\x07",
    "lock-and-imm8": b"\xf0\x48\x83\x27\xfd",
    "or-imm-byte": b"\x80\x0f\x01",
    "btr": b"\xf0\x48\x0f\xba\x37\x01",
    "mov16-imm": b"\x66\xc7\x07\x34\x12",
    "rip-relative": b"\x48\x89\x05\x10\x00\x00\x00",
}.items():
    # rax, source register, old entry, flags (CF|ZF), then the bytes.
    regs = struct.pack("<QQQH", 0x8000000000000063, 0x123067, 0x8000000000000063, 0x41)
    put("ptwr_decode/" + name, regs + insn + b"\x90" * 4)

# ---- domain builder: fields from tests/fuzz/fuzz_domain_build.c's table ----
# A value is a selector byte: (index << 2) | 1 the extreme itself,
# | 2 or | 3 plus a 16-bit offset in bytes or pages, | 0 then 8 raw bytes.
EXTREME = {0: 0, 0x1000: 3, 0x100000: 4, 1280: 9, 8192: 10, 0x8000000000: 13,
           0x400000000000: 16, 0xffffffff80000000: 20, 0xffffffffffeff001: 25}

def ext(v):
    return bytes([EXTREME[v] << 2 | 1])

def fields(vbase, koff, ksize, nr_pages, init_p2m=None, mod_pfn=0, initrd=None,
           segments=()):
    b = ext(vbase) + ext(koff) + ext(ksize)
    b += bytes([1]) + ext(init_p2m) if init_p2m is not None else bytes([0])
    b += bytes([mod_pfn]) + ext(nr_pages)
    b += bytes([1]) + ext(initrd) if initrd is not None else bytes([0])
    for va_off, filesz, extra in segments:   # filesz: page-halves, bytes
        b += ext(va_off) + bytes(filesz) + ext(extra)
    return b"\0" + b

# The review's kernel end (page count wrapped to 0), and its far segment.
put("domain_build/review-kernel-end", fields(0, 0x100000, 0xffffffffffeff001, 8192))
put("domain_build/linux-like", fields(0xffffffff80000000, 0x100000, 0x100000, 1280,
                                      initrd=0x1000,
                                      segments=[(0x100000, (1, 0x10), 0x1000),
                                                (0x400000000000, (0, 1), 0)]))
put("domain_build/init-p2m", fields(0xffffffff80000000, 0x100000, 0x1000, 1280,
                                    init_p2m=0x8000000000, mod_pfn=1, initrd=0x1000,
                                    segments=[(0x100000, (2, 0), 0xffffffffffeff001)]))
# Whole images (odd first byte, then nr_pages, ramdisk flag): test guests.
for guest in ("hello", "layout-p2m", "initrd-pfn", "bad-segment-overflow"):
    path = "build/guests/%s.elf" % guest
    if os.path.exists(path):
        with open(path, "rb") as f:
            put("domain_build/%s.elf" % guest,
                b"\1" + struct.pack("<H", 200) + b"\1\x10\x27" + f.read())
