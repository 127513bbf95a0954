/* SPDX-License-Identifier: GPL-2.0-only */
/* The built-in driver domain and the DD role (see dd.h). */
#include "dd.h"
#include <stdio.h>
#include <string.h>

/* Does any disk or vif of cfgs[0..nr) name backend=name? */
static bool named_as_backend(const struct domain_config *cfgs, int nr, const char *name)
{
	for (int i = 0; i < nr; i++) {
		for (unsigned int j = 0; j < cfgs[i].nr_disks; j++)
			if (!strcmp(cfgs[i].disks[j].backend, name))
				return true;
		for (unsigned int j = 0; j < cfgs[i].nr_vifs; j++)
			if (!strcmp(cfgs[i].vifs[j].backend, name))
				return true;
	}
	return false;
}

bool dd_builtin_wanted(const struct domain_config *cfgs, int nr)
{
	for (int i = 0; i < nr; i++)
		if (!strcmp(cfgs[i].name, DD_BUILTIN_NAME))
			return false;
	return named_as_backend(cfgs, nr, DD_BUILTIN_NAME);
}

bool dd_is_driver_domain(const struct domain_config *cfgs, int nr, int i)
{
	return named_as_backend(cfgs, nr, cfgs[i].name);
}

unsigned long dd_images_mib(const struct domain_config *cfgs, int nr, const char *name)
{
	unsigned long mib = 0;

	for (int i = 0; i < nr; i++)
		for (unsigned int j = 0; j < cfgs[i].nr_disks; j++)
			if (!strcmp(cfgs[i].disks[j].backend, name))
				mib += (unsigned long)(cfgs[i].disks[j].size >> 20);
	return mib;
}

int dd_builtin_text(char *out, size_t size, const char *kernel, const char *ramdisk,
		    unsigned long images_mib, bool pci)
{
	int n = snprintf(out, size,
			 "name = \"%s\"\n"
			 "memory = %lu\n"
			 "kernel = \"%s\"\n"
			 "ramdisk = \"%s\"\n"
			 "extra = \"console=hvc0 ddserve%s\"\n"
			 "on_crash = \"restart\"\n",
			 DD_BUILTIN_NAME, DD_BASE_MIB + 2 * images_mib, kernel, ramdisk,
			 pci ? " ddpci" : "");

	return n < 0 || (size_t)n >= size ? -1 : n;
}
