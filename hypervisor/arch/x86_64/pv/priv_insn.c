/* SPDX-License-Identifier: GPL-2.0-only */
/* Recognises the privileged instructions a PV guest kernel may still try to
 * execute natively (it runs in ring 3, so the CPU raises #GP instead). This
 * names them for diagnostics; the emulator for the ones Linux needs builds
 * on it. Pure logic over the instruction bytes. */
#include <arch/traps.h>

struct opcode_name {
	uint8_t op;
	int8_t reg;		/* ModRM.reg for group opcodes, or -1 */
	const char *name;
};

static const struct opcode_name one_byte[] = {
	{ 0xfa, -1, "cli" }, { 0xfb, -1, "sti" }, { 0xf4, -1, "hlt" },
	{ 0xe4, -1, "in" }, { 0xe5, -1, "in" }, { 0xec, -1, "in" },
	{ 0xed, -1, "in" }, { 0xe6, -1, "out" }, { 0xe7, -1, "out" },
	{ 0xee, -1, "out" }, { 0xef, -1, "out" }, { 0x6c, -1, "ins" },
	{ 0x6d, -1, "ins" }, { 0x6e, -1, "outs" }, { 0x6f, -1, "outs" },
	{ 0xcd, -1, "int" }, { 0xcf, -1, "iret" },
};

static const struct opcode_name two_byte[] = {
	{ 0x20, -1, "mov from %cr" }, { 0x22, -1, "mov to %cr" },
	{ 0x21, -1, "mov from %dr" }, { 0x23, -1, "mov to %dr" },
	{ 0x30, -1, "wrmsr" }, { 0x32, -1, "rdmsr" }, { 0x31, -1, "rdtsc" },
	{ 0x33, -1, "rdpmc" }, { 0x06, -1, "clts" }, { 0x08, -1, "invd" },
	{ 0x09, -1, "wbinvd" }, { 0x0b, -1, "ud2" }, { 0x07, -1, "sysret" },
	{ 0x01, 2, "lgdt" }, { 0x01, 3, "lidt" }, { 0x01, 6, "lmsw" },
	{ 0x01, 7, "invlpg" }, { 0x00, 2, "lldt" }, { 0x00, 3, "ltr" },
};

static bool is_prefix(uint8_t b)
{
	return b == 0x66 || b == 0x67 || b == 0xf2 || b == 0xf3 ||
	       b == 0x2e || b == 0x36 || b == 0x3e || b == 0x26 ||
	       b == 0x64 || b == 0x65 || b == 0xf0 || (b & 0xf0) == 0x40;
}

static const char *lookup(const struct opcode_name *t, size_t n, uint8_t op,
			  int modrm)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].op != op)
			continue;
		if (t[i].reg < 0)
			return t[i].name;
		if (modrm >= 0 && ((modrm >> 3) & 7) == t[i].reg &&
		    !(op == 0x01 && modrm >= 0xc0))
			return t[i].name;
	}
	return NULL;
}

const char *priv_insn_name(const uint8_t *b, size_t len)
{
	size_t i = 0;

	while (i < len && i < 15 && is_prefix(b[i]))
		i++;
	if (i >= len)
		return NULL;
	if (b[i] != 0x0f)
		return lookup(one_byte, ARRAY_SIZE(one_byte), b[i], -1);
	if (i + 1 >= len)
		return NULL;
	if (b[i + 1] == 0x01 && i + 2 < len && b[i + 2] == 0xf8)
		return "swapgs";
	return lookup(two_byte, ARRAY_SIZE(two_byte), b[i + 1],
		      i + 2 < len ? b[i + 2] : -1);
}
