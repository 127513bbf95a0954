/* Loading a kernel image for the CLI (see image.h): the file is read
 * whole; a bzImage (the x86 boot protocol's "HdrS" header, version 2.08
 * or later for the payload fields) has its payload decompressed; the ELF
 * is checked by libelf and then by the hypervisor's note parser. */
#include "image.h"
#include "why.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_IMAGE	(512u << 20)	/* a kernel file, or what it unpacks to */
#define SETUP_SECTS	0x1f1
#define HDR_MAGIC	0x202
#define HDR_VERSION	0x206
#define PAYLOAD_OFFSET	0x248
#define PAYLOAD_LENGTH	0x24c

static uint32_t le(const uint8_t *p, unsigned int bytes)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static int read_file(const char *path, struct kernel_image *img, char *why, size_t wl)
{
	FILE *f = fopen(path, "rb");
	struct stat st;

	if (!f)
		return why_printf(why, wl, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) || st.st_size > MAX_IMAGE) {
		fclose(f);
		return why_printf(why, wl, "%s: not a regular file of at most %u MiB", path, MAX_IMAGE >> 20);
	}
	img->file_len = (size_t)st.st_size;
	img->file = malloc(img->file_len ? img->file_len : 1);
	if (!img->file || fread(img->file, 1, img->file_len, f) != img->file_len) {
		fclose(f);
		return why_printf(why, wl, "%s: cannot read it", path);
	}
	fclose(f);
	return 0;
}

/* The payload of a bzImage, decompressed into img->elf. */
static int unpack_bzimage(struct kernel_image *img, char *why, size_t wl)
{
	const uint8_t *f = img->file;
	size_t setup, off;

	img->bzimage = true;
	img->boot_protocol = le(f + HDR_VERSION, 2);
	if (img->boot_protocol < 0x208)
		return why_printf(why, wl, "%s: bzImage boot protocol %u.%02u has no payload "
			   "fields (2.08 or later needed)", img->path,
			   img->boot_protocol >> 8, img->boot_protocol & 0xff);
	setup = f[SETUP_SECTS] ? f[SETUP_SECTS] : 4;
	off = (setup + 1) * 512 + le(f + PAYLOAD_OFFSET, 4);
	img->payload_len = le(f + PAYLOAD_LENGTH, 4);
	if (off >= img->file_len || img->payload_len > img->file_len - off)
		return why_printf(why, wl, "%s: truncated bzImage (payload past the end of the file)",
			   img->path);
	img->comp = compression_detect(f + off, img->payload_len);
	if (img->comp == COMP_UNKNOWN || img->comp == COMP_NONE)
		return why_printf(why, wl, "%s: bzImage payload in an unknown format", img->path);
	if (decompress(img->comp, f + off, img->payload_len, MAX_IMAGE, &img->elf,
		       &img->elf_len, why, wl)) {
		char inner[200];

		snprintf(inner, sizeof(inner), "%s", why);
		return why_printf(why, wl, "%s: bzImage payload: %s", img->path, inner);
	}
	return 0;
}

int image_load(const char *path, struct kernel_image *img, char *why, size_t wl)
{
	char inner[200];

	memset(img, 0, sizeof(*img));
	img->path = path;
	if (read_file(path, img, why, wl))
		return -1;
	if (img->file_len > HDR_MAGIC + 4 && !memcmp(img->file + HDR_MAGIC, "HdrS", 4)) {
		if (unpack_bzimage(img, why, wl))
			return -1;
	} else if (img->file_len >= 4 && !memcmp(img->file, "\x7f" "ELF", 4)) {
		img->elf = img->file;
		img->elf_len = img->file_len;
	} else {
		return why_printf(why, wl, "%s: not a kernel image (neither ELF nor a Linux bzImage)", path);
	}
	if (elf_summarize(img->elf, img->elf_len, &img->elf_info, inner, sizeof(inner)))
		return why_printf(why, wl, "%s: %s", path, inner);
	image_xen_check(img);
	return 0;
}

void image_free(struct kernel_image *img)
{
	if (img->elf != img->file)
		free(img->elf);
	free(img->file);
	img->elf = img->file = NULL;
}

void image_describe(FILE *out, const struct kernel_image *img)
{
	const struct elf_summary *e = &img->elf_info;

	if (img->bzimage)
		fprintf(out, "%s: Linux bzImage, boot protocol %u.%02u, %s payload "
			"(%zu bytes, %zu unpacked)\n", img->path, img->boot_protocol >> 8,
			img->boot_protocol & 0xff, compression_name(img->comp),
			img->payload_len, img->elf_len);
	else
		fprintf(out, "%s: ELF file, %zu bytes\n", img->path, img->elf_len);
	fprintf(out, "ELF: %d-bit, machine %u%s, entry 0x%llx, %u program headers (%u PT_LOAD)\n",
		e->elf_class, e->machine, e->machine == 62 ? " (x86-64)" : "",
		(unsigned long long)e->entry, e->nr_phdrs, e->nr_loads);
	image_print_xen_notes(out, img);
	if (img->bootable)
		fprintf(out, "Parvus can boot it as a PV guest.\n");
	else
		fprintf(out, "Parvus cannot boot it: %s\n", img->why_not);
}
