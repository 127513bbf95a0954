/* SPDX-License-Identifier: GPL-2.0-only */
/* The CLI's kernel image path (toolstack/parvus/image.c, image_xen.c) on
 * bytes in memory, as `parvus inspect` sees them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../toolstack/parvus/image.h"

static char *describe(const char *path, size_t *len)
{
	struct kernel_image img = { .path = path };
	char why[256], *text = NULL;
	FILE *f = fopen(path, "rb"), *out;

	cr_assert_not_null(f, "%s missing: run make first", path);
	fseek(f, 0, SEEK_END);
	img.file_len = (size_t)ftell(f);
	rewind(f);
	img.file = malloc(img.file_len);
	cr_assert_eq(fread(img.file, 1, img.file_len, f), img.file_len);
	fclose(f);
	cr_assert_eq(image_parse(&img, why, sizeof(why)), 0, "%s", why);
	out = open_memstream(&text, len);
	image_describe(out, &img);
	fclose(out);
	image_free(&img);
	return text;
}

Test(image, a_test_guest_lists_its_notes)
{
	size_t len;
	char *text = describe("build/guests/hello.elf", &len);

	cr_assert(strstr(text, "GUEST_OS"), "%s", text);
	cr_assert(strstr(text, "\"Parvus-test\""), "%s", text);
	cr_assert(strstr(text, "Parvus can boot it"), "%s", text);
	free(text);
}

/* Found by fuzzing: a note whose descsz rounds past 4 GiB made the
 * listing's 32-bit arithmetic wrap, and it read the description far past
 * the end of the file (ASan: heap overflow); such a note is not listed. */
Test(image, a_note_longer_than_the_file_is_not_listed)
{
	size_t len;
	char *text = describe("tests/fuzz/corpus/bzimage/regress-inspect-note-size-wrap", &len);

	cr_assert(strstr(text, "Xen ELF notes: none"), "%s", text);
	cr_assert(strstr(text, "Parvus cannot boot it"), "%s", text);
	free(text);
}
