/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_xen_version (xen/version.h, XENVER_*): who we are and which
 * ABI features a guest may rely on. We implement the Xen 4.17 interface
 * (the libxen-dev headers we build against), so that is the version we
 * report; the extraversion says it is Parvus. Semantics follow Xen's
 * do_xen_version, including -EPERM for the queries Xen reserves to
 * privileged domains. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/string.h>
#include <parvus/xen.h>

#define PARVUS_XEN_MAJOR	4
#define PARVUS_XEN_MINOR	17
#define PARVUS_EXTRAVERSION	".0-parvus"
#ifndef PARVUS_CHANGESET
#define PARVUS_CHANGESET	"unknown"
#endif

/* Feature submap 0 for a PV guest: only what is really implemented (both
 * bits Linux requires: preserve-A/D updates and guest bits in grant
 * mappings). writable_page_tables stays clear for PV, as on Xen. */
#define PARVUS_FEATURES_SUBMAP0 ((1u << XENFEAT_mmu_pt_update_preserve_ad) | \
				 (1u << XENFEAT_gnttab_map_avail_bits))

static long copy_out(uint64_t arg, const void *src, size_t len)
{
	return copy_to_guest(arg, src, len) ? -XEN_EFAULT : 0;
}

static long version_get_features(uint64_t arg)
{
	xen_feature_info_t fi;

	if (copy_from_guest(&fi, arg, sizeof(fi)))
		return -XEN_EFAULT;
	if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
		return -XEN_EINVAL;
	fi.submap = PARVUS_FEATURES_SUBMAP0;
	return copy_out(arg, &fi, sizeof(fi));
}

static long version_compile_info(uint64_t arg)
{
	xen_compile_info_t ci;

	memset(&ci, 0, sizeof(ci));
	strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
	strlcpy(ci.compile_by, "parvus", sizeof(ci.compile_by));
	strlcpy(ci.compile_domain, "parvus", sizeof(ci.compile_domain));
	strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
	return copy_out(arg, &ci, sizeof(ci));
}

static long copy_string_out(uint64_t arg, const char *s, size_t field_size)
{
	char buf[XEN_CAPABILITIES_INFO_LEN];

	memset(buf, 0, field_size);
	strlcpy(buf, s, field_size);
	return copy_out(arg, buf, field_size);
}

long do_xen_version(struct vcpu *v, uint64_t cmd, uint64_t arg,
		    uint64_t a3, uint64_t a4, uint64_t a5)
{
	xen_platform_parameters_t pp = { .virt_start = HYPERVISOR_VIRT_START };
	xen_domain_handle_t handle = { 0 };

	switch ((uint32_t)cmd) {
	case XENVER_version:
		return (PARVUS_XEN_MAJOR << 16) | PARVUS_XEN_MINOR;
	case XENVER_extraversion:
		return copy_string_out(arg, PARVUS_EXTRAVERSION,
				       XEN_EXTRAVERSION_LEN);
	case XENVER_compile_info:
		return version_compile_info(arg);
	case XENVER_capabilities:
		return copy_string_out(arg, "xen-3.0-x86_64 ",
				       XEN_CAPABILITIES_INFO_LEN);
	case XENVER_changeset:
		return copy_string_out(arg, PARVUS_CHANGESET,
				       XEN_CHANGESET_INFO_LEN);
	case XENVER_platform_parameters:
		return copy_out(arg, &pp, sizeof(pp));
	case XENVER_get_features:
		return version_get_features(arg);
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_guest_handle:
		return copy_out(arg, handle, sizeof(handle));
	case XENVER_commandline:
	case XENVER_build_id:
		return -XEN_EPERM;	/* privileged domains only, as in Xen */
	default:
		return hypercall_nosys(v, __HYPERVISOR_xen_version, (long)cmd);
	}
}
