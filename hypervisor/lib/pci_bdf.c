/* SPDX-License-Identifier: GPL-2.0-only */
/* PCI addresses as the boot manifest writes them (pci=00:04.0 or
 * 0000:00:04.0, xl.cfg's BDF notation): parsed and printed. Pure. */
#include <parvus/pci.h>
#include <parvus/string.h>

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly n hex digits at *s, then the separator sep (or the end, for
 * sep 0). */
static bool hex_field(const char **s, const char *end, unsigned int n, char sep,
		      unsigned int *out)
{
	unsigned int v = 0;

	if (end - *s < (long)n + (sep ? 1 : 0))
		return false;
	for (unsigned int i = 0; i < n; i++) {
		int h = hex_digit((*s)[i]);

		if (h < 0)
			return false;
		v = v << 4 | (unsigned int)h;
	}
	*s += n;
	if (sep) {
		if (**s != sep)
			return false;
		(*s)++;
	}
	*out = v;
	return true;
}

bool pci_parse_bdf(const char *s, size_t len, struct pci_bdf *out)
{
	const char *end = s + len;
	unsigned int seg = 0, bus, dev, fn;

	if (len == 12 && !hex_field(&s, end, 4, ':', &seg))
		return false;
	if (end - s != 7 || !hex_field(&s, end, 2, ':', &bus) ||
	    !hex_field(&s, end, 2, '.', &dev) || !hex_field(&s, end, 1, 0, &fn))
		return false;
	if (dev > 0x1f || fn > 7)
		return false;
	*out = (struct pci_bdf){ .seg = (uint16_t)seg, .bus = (uint8_t)bus,
				 .devfn = PCI_DEVFN(dev, fn) };
	return true;
}

void pci_format_bdf(char *buf, size_t size, const struct pci_bdf *bdf)
{
	snprintf(buf, size, "%04x:%02x:%02x.%u", bdf->seg, bdf->bus,
		 PCI_SLOT(bdf->devfn), PCI_FUNC(bdf->devfn));
}
