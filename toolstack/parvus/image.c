/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading a kernel image for the CLI (see image.h): the file is read
 * whole; a bzImage (the x86 boot protocol's "HdrS" header, version 2.08
 * or later for the payload fields) has its payload decompressed; the ELF
 * is checked by libelf and then by the hypervisor's note parser. */
#include "image.h"
#include "bzimage.h"
#include "why.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_IMAGE	(512u << 20)	/* a kernel file, or what it unpacks to */

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
	struct bzimage bz;
	char inner[200];
	int rc;

	img->bzimage = true;
	rc = bzimage_unpack(img->file, img->file_len, MAX_IMAGE, &bz, &img->elf,
			    &img->elf_len, inner, sizeof(inner));
	img->boot_protocol = bz.boot_protocol;
	img->comp = bz.comp;
	img->payload_len = bz.payload_len;
	if (rc)
		return why_printf(why, wl, "%s: %s", img->path, inner);
	return 0;
}

int image_load(const char *path, struct kernel_image *img, char *why, size_t wl)
{
	memset(img, 0, sizeof(*img));
	img->path = path;
	if (read_file(path, img, why, wl))
		return -1;
	return image_parse(img, why, wl);
}

int image_parse(struct kernel_image *img, char *why, size_t wl)
{
	const char *path = img->path;
	char inner[200];

	if (bzimage_detect(img->file, img->file_len)) {
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
		fprintf(out, "Parvus can boot it as a PV guest (the builder needs memory = %lu or more).\n",
			img->min_memory_mib);
	else
		fprintf(out, "Parvus cannot boot it: %s\n", img->why_not);
}
