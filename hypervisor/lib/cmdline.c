/* SPDX-License-Identifier: GPL-2.0-only */
/* Command-line helpers shared by the hypervisor's own options and the
 * guests' (pure logic). */
#include <parvus/boot_info.h>
#include <parvus/string.h>

const char *cmdline_skip_image_name(const struct boot_info *bi,
				    const char *cmdline)
{
	if (!strncmp(bi->loader, "GRUB 2", 6))
		return cmdline;
	while (*cmdline == ' ')
		cmdline++;
	while (*cmdline && *cmdline != ' ')
		cmdline++;
	while (*cmdline == ' ')
		cmdline++;
	return cmdline;
}

bool cmdline_get(const char *cmdline, const char *name, char *value,
		 size_t size)
{
	size_t name_len = strlen(name);
	const char *p = cmdline;

	while (*p) {
		const char *word = p;
		size_t len;

		while (*p && *p != ' ')
			p++;
		len = p - word;
		while (*p == ' ')
			p++;
		if (len > name_len && !strncmp(word, name, name_len) &&
		    word[name_len] == '=') {
			len -= name_len + 1;
			if (size) {
				len = MIN(len, size - 1);
				memcpy(value, word + name_len + 1, len);
				value[len] = '\0';
			}
			return true;
		}
	}
	return false;
}

bool parse_size(const char *s, uint64_t *bytes)
{
	uint64_t v = 0;
	unsigned int shift = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	switch (*s) {
	case 'K': case 'k': shift = 10; s++; break;
	case 'M': case 'm': shift = 20; s++; break;
	case 'G': case 'g': shift = 30; s++; break;
	}
	if (*s || (shift && v > (UINT64_MAX >> shift)))
		return false;
	*bytes = v << shift;
	return true;
}
