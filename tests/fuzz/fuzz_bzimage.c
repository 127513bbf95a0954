/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the CLI's kernel unpacking (toolstack/parvus/bzimage.c and
 * decompress.c): a bzImage-shaped input goes through the header and its
 * payload's decompression, any other input straight to the decompressor
 * its magic names. Either way the result is an error with a reason and
 * nothing allocated, or at most `limit` bytes that a second run, with a
 * limit of exactly that many, reproduces (and one with a byte less
 * refuses). Then the whole of `parvus inspect` runs on it (image.c: libelf,
 * the hypervisor's note parser, the note listing), into /dev/null. */
#include "../../toolstack/parvus/bzimage.h"
#include "../../toolstack/parvus/image.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

#define LIMIT		(4u << 20)	/* small enough to keep each run fast */

/* The limit is exact: the same input decompressed again with just room
 * for its output gives the same bytes, and with a byte less fails. */
static void check_exact_limit(enum compression c, const uint8_t *in, size_t n,
			      const uint8_t *out, size_t out_len)
{
	uint8_t *again = NULL;
	size_t again_len = 0;
	char why[200];

	CHECK(decompress(c, in, n, out_len, &again, &again_len, why, sizeof(why)) == 0);
	CHECK(again_len == out_len && !memcmp(again, out, out_len));
	free(again);
	again = NULL;
	if (out_len)
		CHECK(decompress(c, in, n, out_len - 1, &again, &again_len, why,
				 sizeof(why)) == -1 && !again);
}

static void check_raw(const uint8_t *data, size_t size)
{
	enum compression c = compression_detect(data, size);
	uint8_t *out = NULL;
	size_t out_len = 0;
	char why[200] = "";
	int rc;

	CHECK(c >= COMP_NONE && c <= COMP_UNKNOWN && compression_name(c));
	if (c == COMP_NONE)
		return;
	rc = decompress(c, data, size, LIMIT, &out, &out_len, why, sizeof(why));
	CHECK(rc == 0 || rc == -1);
	if (rc) {
		CHECK(why[0] && !out);
		return;
	}
	CHECK(c != COMP_UNKNOWN && out && out_len <= LIMIT);
	check_exact_limit(c, data, size, out, out_len);
	free(out);
}

static FILE *devnull;

/* parvus inspect on the bytes: a verdict, and a description of whatever
 * was accepted as a kernel. */
static void check_inspect(const uint8_t *data, size_t size)
{
	struct kernel_image img = { .path = "fuzz" };
	char why[256] = "";

	img.file = malloc(size ? size : 1);
	img.file_len = size;
	memcpy(img.file, data, size);
	if (image_parse(&img, why, sizeof(why))) {
		CHECK(why[0]);
	} else {
		CHECK(img.elf && img.elf_len >= 4);
		CHECK(img.bootable || img.why_not[0]);
		image_describe(devnull, &img);
	}
	image_free(&img);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *file = malloc(size ? size : 1), *out = NULL;
	struct bzimage bz;
	size_t out_len = 0;
	char why[200] = "";
	int rc;

	memcpy(file, data, size);	/* exact size: ASan sees any overread */
	check_inspect(data, size);
	if (!bzimage_detect(file, size)) {
		check_raw(file, size);
		free(file);
		return 0;
	}
	rc = bzimage_unpack(file, size, LIMIT, &bz, &out, &out_len, why, sizeof(why));
	CHECK(rc == 0 || rc == -1);
	if (rc) {
		CHECK(why[0] && !out);
	} else {
		CHECK(bz.boot_protocol >= 0x208);
		CHECK(bz.payload_offset < size && bz.payload_len <= size - bz.payload_offset);
		CHECK(bz.comp != COMP_NONE && bz.comp != COMP_UNKNOWN);
		CHECK(out && out_len <= LIMIT);
		check_exact_limit(bz.comp, file + bz.payload_offset, bz.payload_len, out, out_len);
	}
	free(out);
	free(file);
	return 0;
}
