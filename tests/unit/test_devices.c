/* SPDX-License-Identifier: GPL-2.0-only */
/* Disks and vifs in xl.cfg syntax (devspec.c, config.c): xl's DISKSPEC
 * forms, vdev numbers, MACs, every refusal with its line; and the
 * xenstore nodes the toolstack writes for them (devnodes.c), node by
 * node, as libxl writes them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "../../toolstack/parvus/config.h"
#include "../../toolstack/parvus/cpio.h"
#include "../../toolstack/parvus/dd.h"
#include "../../toolstack/parvus/ddpci.h"
#include "../../toolstack/parvus/devnodes.h"
#include "../../toolstack/parvus/hostfwd.h"
#include <parvus/manifest.h>

static struct domain_config cfg[3];
static char why[400];

static int parse(int i, const char *text)
{
	why[0] = '\0';
	return config_parse("g.cfg", text, strlen(text), &cfg[i], why, sizeof(why));
}

#define HEAD "name='g'\nkernel='k'\n"

Test(devices, vdev_numbers)
{
	cr_assert_eq(vdev_number("xvda"), 51712);
	cr_assert_eq(vdev_number("xvda1"), 51713);
	cr_assert_eq(vdev_number("xvdb"), 51728);
	cr_assert_eq(vdev_number("xvdp15"), 202 << 8 | 15 << 4 | 15);
	cr_assert_eq(vdev_number("xvdq"), 1 << 28 | 16 << 8, "past 15: the extended form");
	cr_assert_eq(vdev_number("xvda16"), 1 << 28 | 16, "a partition past 15 too");
	cr_assert_eq(vdev_number("xvdaa"), 1 << 28 | 26 << 8);
	cr_assert_eq(vdev_number("hda"), 3 << 8);
	cr_assert_eq(vdev_number("hdb2"), 3 << 8 | 64 | 2);
	cr_assert_eq(vdev_number("hdc"), 22 << 8);
	cr_assert_eq(vdev_number("hdd63"), 22 << 8 | 64 | 63);
	cr_assert_eq(vdev_number("sda"), 8 << 8);
	cr_assert_eq(vdev_number("sdb3"), 8 << 8 | 16 | 3);
	static const char *const bad[] = { "xvd", "xvda0", "xvda01", "xvda256", "hde", "hda64",
					   "sdq", "sda16", "vda", "51712", "xvdA", "xvda1x", "" };
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(vdev_number(bad[i]), -1, "%s", bad[i]);
}

Test(devices, disk_forms)
{
	cr_assert_eq(parse(0, HEAD "disk = [ 'format=raw, vdev=xvda, access=rw, backend=dd, "
			   "target=images/a,b.img ',\n"
			   "  'images/c.img,raw,xvdb1,ro,backend=dd',  # positional\n"
			   "  \"images/d.img,,hdc,,backendtype=phy,devtype=disk,backend=dd\", ]\n"),
		     0, "%s", why);
	cr_assert_eq(cfg[0].nr_disks, 3);
	cr_assert_str_eq(cfg[0].disks[0].target, "images/a,b.img ", "target= takes the rest");
	cr_assert_eq(cfg[0].disks[0].devnum, 51712);
	cr_assert(cfg[0].disks[0].writable);
	cr_assert_str_eq(cfg[0].disks[0].backend, "dd");
	cr_assert_eq(cfg[0].disks[0].line, 3);
	cr_assert_str_eq(cfg[0].disks[1].target, "images/c.img");
	cr_assert_str_eq(cfg[0].disks[1].vdev, "xvdb1");
	cr_assert_eq(cfg[0].disks[1].devnum, 51729);
	cr_assert_not(cfg[0].disks[1].writable);
	cr_assert_eq(cfg[0].disks[1].line, 4);
	cr_assert_eq(cfg[0].disks[2].devnum, 22 << 8);
	cr_assert(cfg[0].disks[2].writable, "access defaults to rw");
	cr_assert_eq(cfg[0].disks[2].line, 5);
	cr_assert_eq(parse(0, HEAD "disk=[',,xvda,r,backend=dd,target=x']\n"), 0,
		     "target= after an empty positional one: %s", why);
	cr_assert_str_eq(cfg[0].disks[0].target, "x");
}

Test(devices, vif_forms_and_made_macs)
{
	cr_assert_eq(parse(0, HEAD "vif = [ 'mac=00:16:3E:0a:0b:0c, bridge=br1, backend=dd, type=vif',\n"
			   "'backend=dd', 'backend=dd' ]\n"), 0, "%s", why);
	cr_assert_eq(cfg[0].nr_vifs, 3);
	cr_assert_eq(memcmp(cfg[0].vifs[0].mac, "\x00\x16\x3e\x0a\x0b\x0c", 6), 0);
	cr_assert_str_eq(cfg[0].vifs[0].bridge, "br1");
	cr_assert_not(cfg[0].vifs[0].mac_generated);
	cr_assert_str_eq(cfg[0].vifs[1].bridge, "xenbr0", "xl's default bridge");
	cr_assert(cfg[0].vifs[1].mac_generated);
	cr_assert_eq(memcmp(cfg[0].vifs[1].mac, "\x00\x16\x3e", 3), 0, "Xen's OUI");
	cr_assert_lt(cfg[0].vifs[1].mac[3], 0x80);
	cr_assert_neq(memcmp(cfg[0].vifs[1].mac, cfg[0].vifs[2].mac, 6), 0);
	uint8_t again[6];

	memcpy(again, cfg[0].vifs[1].mac, 6);
	cr_assert_eq(parse(0, HEAD "vif = [ 'backend=dd', 'backend=dd' ]\n"), 0);
	cr_assert_eq(memcmp(cfg[0].vifs[1].mac, again, 6), 0, "the same name and index, the same MAC");
}

Test(devices, refusals_with_file_line_and_reason)
{
	static const struct { const char *text, *why; } cases[] = {
		{ HEAD "disk=['a.img,raw,xvdz9,rw,backend=dd','b.img,raw,xvdq99999,rw,backend=dd']\n",
		  "g.cfg:3: disk 'b.img,raw,xvdq99999,rw,backend=dd': vdev=xvdq99999: not a Xen "
		  "virtual disk (xvdX, hdX with X a to d, or sdX with X a to p, each with an "
		  "optional partition number)" },
		{ HEAD "disk=['a.img,raw,xvda,rw,backend=dd',\n'b.img,raw,xvda,rw,backend=dd']\n",
		  "g.cfg:4: disk vdev=xvda: the same virtual device as vdev=xvda (line 3)" },
		{ HEAD "disk=['vdev=xvda,backend=dd,target=a.img,x', 'a.img,raw,xvda,rw,script=block-x']\n",
		  "g.cfg:3: disk 'a.img,raw,xvda,rw,script=block-x': script=: hotplug scripts do "
		  "not run under Parvus (the driver domain's parvus-devd sets devices up)" },
		{ HEAD "disk=['a.img,raw,xvda,rw,colour=red,backend=dd']\n",
		  "g.cfg:3: disk 'a.img,raw,xvda,rw,colour=red,backend=dd': unknown disk parameter \"colour\"" },
		{ HEAD "disk=['a.img,qcow2,xvda,rw,backend=dd']\n",
		  "g.cfg:3: disk 'a.img,qcow2,xvda,rw,backend=dd': format=qcow2: only raw images "
		  "(the driver domain backs a disk with a loop device)" },
		{ HEAD "disk=['a.img,raw,xvda,rx,backend=dd']\n",
		  "g.cfg:3: disk 'a.img,raw,xvda,rx,backend=dd': access=rx: expected ro, r, rw or w" },
		{ HEAD "disk=['a.img,raw,xvda,rw']\n",
		  "g.cfg:3: disk 'a.img,raw,xvda,rw': no backend= (Parvus has no dom0: name the "
		  "driver domain's config)" },
		{ HEAD "disk=['a.img,raw,,rw,backend=dd']\n",
		  "g.cfg:3: disk 'a.img,raw,,rw,backend=dd': no vdev (the guest's name for the "
		  "disk, as xvda)" },
		{ HEAD "disk=['a.img,raw,xvda,rw,vdev=xvdb,backend=dd']\n",
		  "g.cfg:3: disk 'a.img,raw,xvda,rw,vdev=xvdb,backend=dd': vdev given twice" },
		{ HEAD "disk=['a.img,raw,xvda,rw,xvdb,backend=dd']\n",
		  "g.cfg:3: disk 'a.img,raw,xvda,rw,xvdb,backend=dd': \"xvdb\": target, format, "
		  "vdev and access are given already" },
		{ HEAD "disk=['a.img,,xvda,,cdrom,backend=dd']\n",
		  "g.cfg:3: disk 'a.img,,xvda,,cdrom,backend=dd': devtype=cdrom: only disk (no "
		  "cdrom: Parvus guests are PV)" },
		{ HEAD "disk=['phy:/dev/sda,xvda,w']\n",
		  "g.cfg:3: disk 'phy:/dev/sda,xvda,w': \"phy:/dev/sda\": the deprecated \"phy:\" "
		  "prefix syntax is not supported (write target=PATH, vdev=..., access=...)" },
		{ HEAD "disk=['a.img,raw,xvda,rw,backendtype=qdisk,backend=dd']\n",
		  "g.cfg:3: disk 'a.img,raw,xvda,rw,backendtype=qdisk,backend=dd': "
		  "backendtype=qdisk: only phy (the driver domain's blkback)" },
		{ HEAD "vif=['mac=00:16:3e:00:00:01,backend=dd',\n'mac=00:16:3e:00:00:01,backend=dd']\n",
		  "g.cfg:4: vif: mac=00:16:3e:00:00:01 is also vif 0's (line 3)" },
		{ HEAD "vif=['mac=00:16:3e:00:00,backend=dd']\n",
		  "g.cfg:3: vif 'mac=00:16:3e:00:00,backend=dd': mac=00:16:3e:00:00: not a MAC "
		  "address (six hex pairs with ':')" },
		{ HEAD "vif=['mac=01:16:3e:00:00:01,backend=dd']\n",
		  "g.cfg:3: vif 'mac=01:16:3e:00:00:01,backend=dd': mac=01:16:3e:00:00:01: a "
		  "multicast address (the first byte is odd)" },
		{ HEAD "vif=['model=e1000,backend=dd']\n",
		  "g.cfg:3: vif 'model=e1000,backend=dd': unknown or unsupported vif key \"model\" "
		  "(Parvus takes mac, bridge, backend and type)" },
		{ HEAD "vif=['type=ioemu,backend=dd']\n",
		  "g.cfg:3: vif 'type=ioemu,backend=dd': type=ioemu: only vif (PV guests have no "
		  "emulated NIC)" },
		{ HEAD "vif=['script=vif-nat,backend=dd']\n",
		  "g.cfg:3: vif 'script=vif-nat,backend=dd': script=: hotplug scripts do not run "
		  "under Parvus (the driver domain's parvus-devd sets devices up)" },
		{ HEAD "vif=['bridge=a/b,backend=dd']\n",
		  "g.cfg:3: vif 'bridge=a/b,backend=dd': bridge=a/b: not an interface name" },
		{ HEAD "vif=['backend=dd','backend=dd','backend=dd','backend=dd','backend=dd',\n"
		  "'backend=dd','backend=dd','backend=dd','backend=dd']\n",
		  "g.cfg:4: vif: 9 vifs; at most 8 per guest" },
		{ HEAD "vif=['backend=dd' 'backend=dd']\n", "g.cfg:3: expected ',' or ']' in the list" },
		{ HEAD "vif=[ 1 ]\n", "g.cfg:3: a list holds \"strings\", separated by ','" },
		{ HEAD "vif='backend=dd'\n", "g.cfg:3: vif must be a list" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(parse(0, cases[i].text), -1, "accepted: %s", cases[i].text);
		cr_assert_str_eq(why, cases[i].why);
	}
}

Test(devices, too_many_disks)
{
	char text[2048];
	size_t n = (size_t)snprintf(text, sizeof(text), HEAD "disk = [\n");

	for (int i = 0; i < 17; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "'d%d.img,raw,xvd%c,rw,backend=dd',\n", i, 'a' + i);
	snprintf(text + n, sizeof(text) - n, "]\n");
	cr_assert_eq(parse(0, text), -1);
	cr_assert_str_eq(why, "g.cfg:20: disk: 17 disks; at most 16 per guest");
}

static const char *files[3] = { "dd.cfg", "g.cfg", "h.cfg" };

Test(devices, backends_and_macs_across_configs)
{
	cr_assert_eq(parse(0, "name='dd'\nkernel='k'\n"), 0);
	cr_assert_eq(parse(1, HEAD "vif=['mac=00:16:3e:00:00:01,backend=dd']\n"), 0);
	cr_assert_eq(parse(2, "name='h'\nkernel='k'\n\nvif=['mac=00:16:3e:00:00:01,backend=dd']\n"), 0);
	cr_assert_eq(devices_check(cfg, files, 3, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "h.cfg:4: vif mac=00:16:3e:00:00:01 is also a vif's of g (g.cfg:3)");
	cr_assert_eq(parse(2, "name='h'\nkernel='k'\ndisk=['a.img,raw,xvda,rw,backend=nobody']\n"), 0);
	cr_assert_eq(devices_check(cfg, files, 3, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "h.cfg:3: backend=nobody names no driver domain among the configs");
	cr_assert_eq(parse(2, "name='h'\nkernel='k'\nvif=['backend=h']\n"), 0);
	cr_assert_eq(devices_check(cfg, files, 3, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "h.cfg:3: backend=h is this domain itself");
	/* A made MAC that clashes with a given one is made again. */
	cr_assert_eq(parse(2, "name='h'\nkernel='k'\nvif=['backend=dd']\n"), 0);
	memcpy(cfg[1].vifs[0].mac, cfg[2].vifs[0].mac, 6);
	cr_assert_eq(devices_check(cfg, files, 3, why, sizeof(why)), 0, "%s", why);
	cr_assert_neq(memcmp(cfg[1].vifs[0].mac, cfg[2].vifs[0].mac, 6), 0);
}

/* The nodes of one disk and one vif of g (d3) served by dd (d2), line by
 * line: libxl's, with its permissions. */
Test(devices, nodes_as_libxl_writes_them)
{
	static char buf[MANIFEST_MAX_NODES * XS_SEED_NODE_LINE_MAX];
	static const char want[] =
		"node /local/domain/3/device/vbd \"\" perms=n3\n"
		"node /local/domain/2/backend/vbd \"\" perms=n2\n"
		"node /local/domain/2/backend/vbd/3 \"\" perms=n2\n"
		"node /local/domain/3/device/vbd/51712 \"\" perms=n3,r2\n"
		"node /local/domain/3/device/vbd/51712/backend /local/domain/2/backend/vbd/3/51712 perms=n3,r2\n"
		"node /local/domain/3/device/vbd/51712/backend-id 2 perms=n3,r2\n"
		"node /local/domain/3/device/vbd/51712/state 1 perms=n3,r2\n"
		"node /local/domain/3/device/vbd/51712/virtual-device 51712 perms=n3,r2\n"
		"node /local/domain/3/device/vbd/51712/device-type disk perms=n3,r2\n"
		"node /local/domain/2/backend/vbd/3/51712 \"\" perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/frontend /local/domain/3/device/vbd/51712 perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/frontend-id 3 perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/online 1 perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/state 1 perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/dev xvda perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/type phy perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/mode r perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/params image:vbd-3-51712 perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/removable 0 perms=n2,r3\n"
		"node /local/domain/2/backend/vbd/3/51712/bootable 1 perms=n2,r3\n"
		"node /local/domain/3/device/vif \"\" perms=n3\n"
		"node /local/domain/2/backend/vif \"\" perms=n2\n"
		"node /local/domain/2/backend/vif/3 \"\" perms=n2\n"
		"node /local/domain/3/device/vif/0 \"\" perms=n3,r2\n"
		"node /local/domain/3/device/vif/0/backend /local/domain/2/backend/vif/3/0 perms=n3,r2\n"
		"node /local/domain/3/device/vif/0/backend-id 2 perms=n3,r2\n"
		"node /local/domain/3/device/vif/0/state 1 perms=n3,r2\n"
		"node /local/domain/3/device/vif/0/handle 0 perms=n3,r2\n"
		"node /local/domain/3/device/vif/0/mac 00:16:3e:0a:0b:0c perms=n3,r2\n"
		"node /local/domain/2/backend/vif/3/0 \"\" perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/frontend /local/domain/3/device/vif/0 perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/frontend-id 3 perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/online 1 perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/state 1 perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/script /etc/xen/scripts/vif-bridge perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/mac 00:16:3e:0a:0b:0c perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/bridge xenbr0 perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/handle 0 perms=n2,r3\n"
		"node /local/domain/2/backend/vif/3/0/type vif perms=n2,r3\n";
	size_t len = 0;
	unsigned int nodes;

	cr_assert_eq(parse(0, "name='dd'\nkernel='k'\n"), 0);
	cr_assert_eq(parse(1, HEAD "disk=['a.img,raw,xvda,ro,backend=dd']\n"
			   "vif=['mac=00:16:3e:0a:0b:0c,backend=dd']\n"), 0, "%s", why);
	cfg[1].disks[0].size = 1 << 20;
	cr_assert_eq(devices_nodes(cfg, 2, buf, sizeof(buf), &len, &nodes, why, sizeof(why)), 0,
		     "%s", why);
	cr_assert_eq(nodes, 39);
	cr_assert_eq(len, strlen(buf));
	cr_assert_str_eq(buf, want);
}

/* Each node line reads back through the manifest parser; too many are
 * refused with the count. */
Test(devices, nodes_parse_as_a_manifest_and_are_bounded)
{
	static char buf[MANIFEST_MAX_NODES * XS_SEED_NODE_LINE_MAX + 256];
	static struct manifest m;
	char text[4096];
	size_t len;
	unsigned int nodes;

	cr_assert_eq(parse(0, "name='dd'\nkernel='k'\n"), 0);
	len = (size_t)snprintf(text, sizeof(text), HEAD "disk=[\n");
	for (int i = 0; i < 16; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"'d%d.img,raw,xvd%c,rw,backend=dd',\n", i, 'a' + i);
	len += (size_t)snprintf(text + len, sizeof(text) - len,
				"]\nvif=['backend=dd','backend=dd','backend=dd','backend=dd',"
				"'backend=dd','backend=dd','backend=dd','backend=dd']\n");
	cr_assert_eq(parse(1, text), 0, "%s", why);
	len = (size_t)snprintf(buf, sizeof(buf), "parvus-manifest 1\n"
			       "domain name=xenstore memory=16 kernel=1 role=xenstore\n"
			       "domain name=dd memory=16 kernel=2\ndomain name=g memory=16 kernel=3\n");
	cr_assert_eq(devices_nodes(cfg, 2, buf, sizeof(buf), &len, &nodes, why, sizeof(why)), 0,
		     "%s", why);
	cr_assert_eq(nodes, 16 * 17 + 8 * 16 + 6, "the most one guest may have");
	cr_assert_eq(manifest_parse(buf, len, 4, &m, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(m.nr_nodes, nodes);
	memcpy(&cfg[2], &cfg[1], sizeof(cfg[1]));
	strcpy(cfg[2].name, "h");
	len = 0;
	cr_assert_eq(devices_nodes(cfg, 3, buf, sizeof(buf), &len, &nodes, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "the devices need 810 xenstore nodes; a boot manifest carries at most 512");
}

/* The built-in driver domain (dd.c): wanted when a device names
 * backend=dd and no config is called dd; a DD is any config a device
 * names; its memory is 128 MiB and twice the images it serves. */
Test(devices, builtin_driver_domain)
{
	static char text[2048];
	static struct domain_config dd;

	cr_assert_eq(parse(0, HEAD "disk=['a.img,raw,xvda,rw,backend=dd']\n"), 0, "%s", why);
	cr_assert_eq(parse(1, "name='h'\nkernel='k'\nvif=['backend=dd']\n"), 0, "%s", why);
	cr_assert(dd_builtin_wanted(cfg, 2));
	cr_assert(dd_builtin_wanted(cfg, 1), "one such config is enough");
	cfg[0].disks[0].size = 8 << 20;
	cr_assert_eq(dd_images_mib(cfg, 2, "dd"), 8);
	cr_assert_eq(dd_images_mib(cfg, 2, "other"), 0);
	cr_assert_gt(dd_builtin_text(text, sizeof(text), "/c/vmlinuz", "/b/dd.cpio.gz", 8, false), 0);
	cr_assert_eq(config_parse("built-in", text, strlen(text), &dd, why, sizeof(why)), 0,
		     "%s", why);
	cr_assert_str_eq(dd.name, "dd");
	cr_assert_eq(dd.memory_mib, 128 + 2 * 8);
	cr_assert_str_eq(dd.kernel, "/c/vmlinuz");
	cr_assert_str_eq(dd.ramdisk, "/b/dd.cpio.gz");
	cr_assert_str_eq(dd.cmdline, "console=hvc0 ddserve");
	cr_assert_eq(dd_builtin_text(text, 40, "/c/vmlinuz", "/b/dd.cpio.gz", 8, false), -1,
		     "too small");
	cr_assert_gt(dd_builtin_text(text, sizeof(text), "/c/vmlinuz", "/b/dd.cpio.gz", 0, true), 0);
	cr_assert_not_null(strstr(text, "extra = \"console=hvc0 ddserve ddpci\"\n"), "%s", text);
	cr_assert_not_null(strstr(text, "memory = 128\n"), "%s", text);
	/* With the DD among the configs: not wanted, and it is the DD. */
	cfg[2] = dd;
	cr_assert_not(dd_builtin_wanted(cfg, 3));
	cr_assert(dd_is_driver_domain(cfg, 3, 2));
	cr_assert_not(dd_is_driver_domain(cfg, 3, 0));
	cr_assert_not(dd_is_driver_domain(cfg, 3, 1));
	/* No devices, or devices of another DD only: none wanted. */
	cr_assert_eq(parse(0, HEAD), 0, "%s", why);
	cr_assert_eq(parse(1, "name='h'\nkernel='k'\nvif=['backend=g']\n"), 0, "%s", why);
	cr_assert_not(dd_builtin_wanted(cfg, 2));
	cr_assert(dd_is_driver_domain(cfg, 2, 0));
}

/* cpio newc headers (cpio.c), as Linux's initramfs unpacker reads them:
 * 110 bytes of "070701" and 13 hex fields, the name and its NUL padded
 * to 4 bytes; what cannot be said is refused. */
Test(devices, cpio_headers)
{
	static char h[CPIO_HEADER_MAX], name[300];

	cr_assert_eq(cpio_header(h, "parvus-images/vbd-2-51712", 0100600, 8 << 20, 2), 136);
	cr_assert_eq(memcmp(h, "070701" "00000002" "00008180" "00000000" "00000000" "00000001"
			    "00000000" "00800000" "00000000" "00000000" "00000000" "00000000"
			    "0000001A" "00000000" "parvus-images/vbd-2-51712", 135), 0);
	cr_assert_eq(h[135], '\0');
	cr_assert_eq(cpio_header(h, "ab", 0040755, 0, 1), 116, "110 + 3, padded to 4");
	cr_assert_eq(memcmp(h + 38, "00000002", 8), 0, "a folder has two links");
	cr_assert(h[113] == 0 && h[114] == 0 && h[115] == 0);
	cr_assert_eq(cpio_header(h, "a", 0100600, 0xffffffffu, 1), 112);
	cr_assert_eq(cpio_header(h, "a", 0100600, 0x100000000u, 1), 0, "past 4 GiB - 1");
	cr_assert_eq(cpio_header(h, "", 0100600, 0, 1), 0, "no name");
	memset(name, 'n', 255);
	cr_assert_eq(cpio_header(h, name, 0100600, 0, 1), 368, "255 bytes: 110 + 256, padded");
	name[255] = 'n';
	cr_assert_eq(cpio_header(h, name, 0100600, 0, 1), 0, "256 bytes");
	cr_assert_eq(cpio_pad(5), 3);
	cr_assert_eq(cpio_pad(8), 0);
	cr_assert_eq(cpio_pad(0x100000003ull), 1);
}

/* --dd-devices=pci (ddpci.c): the DD's disks in config order at 00:04.0
 * on, the NIC at 00:03.0; QEMU's arguments (commas in a path doubled,
 * readonly=on for access=ro); the pci nodes of the contract. */
Test(devices, dd_pci_plan_and_qemu_args)
{
	static struct ddpci_plan p;
	static char buf[8192];
	const char *argv[40];
	int n = 0;

	cr_assert_eq(parse(0, HEAD "disk=['vdev=xvda,access=rw,backend=dd,target=a,b.img', 'c.img,raw,xvdb,ro,backend=dd']\n"),
		     0, "%s", why);
	cr_assert_eq(parse(1, "name='h'\nkernel='k'\ndisk=['d.img,raw,xvda,ro,backend=other']\n"
			   "vif=['backend=dd']\n"), 0, "%s", why);
	cr_assert_eq(ddpci_plan(cfg, 2, "dd", &p, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(p.nr_disks, 2, "another DD's disk is not ours");
	cr_assert_str_eq(p.pci, "00:04.0,00:05.0,00:03.0");
	cr_assert_eq(ddpci_qemu_args(&p, argv, &n, 40, buf, sizeof(buf)), 0);
	cr_assert_eq(n, 12);
	cr_assert_str_eq(argv[0], "-drive");
	cr_assert_str_eq(argv[1], "file=a,,b.img,if=none,id=disk0,format=raw");
	cr_assert_str_eq(argv[3], "virtio-blk-pci,drive=disk0,disable-legacy=on,addr=0x4,"
			 "serial=vbd-2-51712");
	cr_assert_str_eq(argv[5], "file=c.img,if=none,id=disk1,format=raw,readonly=on");
	cr_assert_str_eq(argv[7], "virtio-blk-pci,drive=disk1,disable-legacy=on,addr=0x5,"
			 "serial=vbd-2-51728");
	cr_assert_str_eq(argv[8], "-netdev");
	cr_assert_str_eq(argv[9], "user,id=net0,restrict=on");
	cr_assert_str_eq(argv[11], "virtio-net-pci,netdev=net0,disable-legacy=on,addr=0x3");
	cr_assert_null(argv[12]);
	n = 30;
	cr_assert_eq(ddpci_qemu_args(&p, argv, &n, 40, buf, sizeof(buf)), -1, "no room in argv");
	n = 0;
	cr_assert_eq(ddpci_qemu_args(&p, argv, &n, 40, buf, 64), -1, "no room in buf");
	/* Eight disks and the NIC are one more than pci= takes. */
	cr_assert_eq(parse(0, HEAD "disk=['a.img,raw,xvda,rw,backend=dd', 'b.img,raw,xvdb,rw,backend=dd',"
			   "'c.img,raw,xvdc,rw,backend=dd', 'd.img,raw,xvdd,rw,backend=dd',"
			   "'e.img,raw,xvde,rw,backend=dd', 'f.img,raw,xvdf,rw,backend=dd',"
			   "'g.img,raw,xvdg,rw,backend=dd']\n"), 0, "%s", why);
	cr_assert_eq(ddpci_plan(cfg, 1, "dd", &p, why, sizeof(why)), 0, "seven and the NIC");
	cr_assert_str_eq(p.pci, "00:04.0,00:05.0,00:06.0,00:07.0,00:08.0,00:09.0,00:0a.0,00:03.0");
	cr_assert_eq(ddpci_plan(cfg, 2, "dd", &p, why, sizeof(why)), 0, "h has a vif only");
	cr_assert_eq(parse(1, "name='h'\nkernel='k'\ndisk=['z.img,raw,xvda,ro,backend=dd']\n"), 0);
	cr_assert_eq(ddpci_plan(cfg, 2, "dd", &p, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "--dd-devices=pci: more than 7 disks for the driver domain dd (with "
			 "its NIC, at most 8 PCI devices; --dd-devices=memory takes up to 512 MiB of "
			 "images)");
}

/* --hostfwd (hostfwd.c): QEMU's syntax, spelled out; the host side only
 * 127.0.0.1, the guest side only a guest's address on 10.0.2.0/24. */
Test(devices, hostfwd_parse)
{
	static const char *const bad[][2] = {
		{ "0.0.0.0:80-:80", "host address 0.0.0.0: Parvus forwards only from 127.0.0.1" },
		{ "tcp:10.1.1.1:80-:80", "host address 10.1.1.1:" },
		{ "tcp::80-10.0.3.9:80", "guest address 10.0.3.9: not a guest's" },
		{ "tcp::80-10.0.2.2:80", "guest address 10.0.2.2:" },
		{ "tcp::80-10.0.2.255:80", "guest address 10.0.2.255:" },
		{ "tcp::80-host:80", "guest address host:" },
		{ "tcp::0-:80", "expected [tcp|udp:]" },
		{ "tcp::65536-:80", "expected" }, { "tcp::80-:8x", "expected" },
		{ "tcp:80-:80", "expected" }, { "tcp::80", "expected" },
		{ "tcp::80-:80-:81", "expected" }, { "sctp::80-:80", "host address sctp::" },
		{ "", "expected" },
	};
	char out[HOSTFWD_LEN];

	cr_assert_eq(hostfwd_parse("tcp::8022-:22", out, why, sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(out, "hostfwd=tcp:127.0.0.1:8022-10.0.2.15:22");
	cr_assert_eq(hostfwd_parse("::8080-10.0.2.16:80", out, why, sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(out, "hostfwd=tcp:127.0.0.1:8080-10.0.2.16:80");
	cr_assert_eq(hostfwd_parse("udp:127.0.0.1:5353-10.0.2.254:53", out, why, sizeof(why)), 0);
	cr_assert_str_eq(out, "hostfwd=udp:127.0.0.1:5353-10.0.2.254:53");
	cr_assert_eq(hostfwd_parse("127.0.0.1:65535-:1", out, why, sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(out, "hostfwd=tcp:127.0.0.1:65535-10.0.2.15:1");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(hostfwd_parse(bad[i][0], out, why, sizeof(why)), -1, "%s", bad[i][0]);
		cr_assert(strstr(why, bad[i][1]), "%s: %s", bad[i][0], why);
	}
}

/* --guestfwd (hostfwd.c): a guest's connection to an address of QEMU's
 * network runs `parvus connect PORT` (the path quoted, commas doubled);
 * the host side is 127.0.0.1 only. */
Test(devices, guestfwd_parse)
{
	static const char *const bad[][2] = {
		{ "10.0.2.100:8080-10.1.1.1:80", "the host side must be [127.0.0.1:]PORT" },
		{ "10.0.2.100:8080-0", "the host side must be" },
		{ "10.0.2.100:8080-:80", "the host side must be" },
		{ "10.0.2.2:8080-80", "10.0.2.2: not an address on QEMU's user network" },
		{ "10.0.3.100:8080-80", "10.0.3.100: not an address" },
		{ ":8080-80", "no address: not an address" },
		{ "10.0.2.100:0-80", "expected [tcp:]GUESTADDR" }, { "10.0.2.100-80", "expected" },
		{ "udp:10.0.2.100:53-53", "only tcp" }, { "10.0.2.100:1-2-3", "expected" },
	};
	char out[GUESTFWD_LEN];

	cr_assert_eq(guestfwd_parse("tcp:10.0.2.100:8080-127.0.0.1:8081", "/a,b/parvus", out, why,
				    sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(out, "guestfwd=tcp:10.0.2.100:8080-cmd:'/a,,b/parvus' connect 8081");
	cr_assert_eq(guestfwd_parse("10.0.2.4:1-65535", "p", out, why, sizeof(why)), 0, "%s", why);
	cr_assert_str_eq(out, "guestfwd=tcp:10.0.2.4:1-cmd:'p' connect 65535");
	cr_assert_eq(guestfwd_parse("10.0.2.100:80-80", "/it's/parvus", out, why, sizeof(why)), -1);
	cr_assert(strstr(why, "holds a quote"), "%s", why);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(guestfwd_parse(bad[i][0], "p", out, why, sizeof(why)), -1, "%s", bad[i][0]);
		cr_assert(strstr(why, bad[i][1]), "%s: %s", bad[i][0], why);
	}
}

/* The forwards go on the DD's -netdev user, after restrict=on; a bad one
 * or a ninth is refused. */
Test(devices, dd_pci_forward_args)
{
	static struct ddpci_plan p;
	static char buf[16384];
	const char *argv[40];
	struct ddpci_forwards f = { .hostfwd = { "tcp::8022-:22", "udp::5353-10.0.2.16:53" },
				    .nr_hostfwd = 2, .guestfwd = { "10.0.2.100:80-8080" },
				    .nr_guestfwd = 1, .parvus = "/x/parvus" };
	int n = 0;

	cr_assert_eq(parse(0, HEAD "vif=['backend=dd']\n"), 0, "%s", why);
	cr_assert_eq(ddpci_plan(cfg, 1, "dd", &p, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(ddpci_add_forwards(&p, &f, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(ddpci_qemu_args(&p, argv, &n, 40, buf, sizeof(buf)), 0);
	cr_assert_eq(n, 4);
	cr_assert_str_eq(argv[1], "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:8022-10.0.2.15:22,"
			 "hostfwd=udp:127.0.0.1:5353-10.0.2.16:53,"
			 "guestfwd=tcp:10.0.2.100:80-cmd:'/x/parvus' connect 8080");
	f.hostfwd[1] = "tcp:0.0.0.0:80-:80";
	cr_assert_eq(ddpci_add_forwards(&p, &f, why, sizeof(why)), -1);
	f.nr_hostfwd = 1;
	f.guestfwd[0] = "10.0.2.100:80-10.0.0.1:80";
	cr_assert_eq(ddpci_add_forwards(&p, &f, why, sizeof(why)), -1);
	f.nr_guestfwd = 9;
	cr_assert_eq(ddpci_add_forwards(&p, &f, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "--guestfwd: 9 forwards; at most 8");
}

Test(devices, dd_pci_nodes)
{
	static struct ddpci_plan p;
	static char buf[16384];
	static const char want[] =
		"node /local/domain/3/device/pci \"\" perms=n3\n"
		"node /local/domain/4/backend/pci \"\" perms=n4\n"
		"node /local/domain/4/backend/pci/3 \"\" perms=n4\n"
		"node /local/domain/3/device/pci/0 \"\" perms=n3,r4\n"
		"node /local/domain/3/device/pci/0/backend /local/domain/4/backend/pci/3/0 perms=n3,r4\n"
		"node /local/domain/3/device/pci/0/backend-id 4 perms=n3,r4\n"
		"node /local/domain/3/device/pci/0/state 1 perms=n3,r4\n"
		"node /local/domain/4/backend/pci/3/0 \"\" perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/frontend /local/domain/3/device/pci/0 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/frontend-id 3 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/online 1 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/domain dd perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/dev-0 0000:00:04.0 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/key-0 0000:00:04.0 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/vdev-0 0000:00:04.0 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/opts-0 msitranslate=0,power_mgmt=0,permissive=0,rdm_policy=strict perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/state-0 1 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/dev-1 0000:00:03.0 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/key-1 0000:00:03.0 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/vdev-1 0000:00:03.0 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/opts-1 msitranslate=0,power_mgmt=0,permissive=0,rdm_policy=strict perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/state-1 1 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/num_devs 2 perms=n4,r3\n"
		"node /local/domain/4/backend/pci/3/0/state 1 perms=n4,r3\n";
	size_t len = 0;
	unsigned int nodes = 0;

	cr_assert_eq(parse(0, HEAD "disk=['a.img,raw,xvda,rw,backend=dd']\n"), 0, "%s", why);
	cr_assert_eq(ddpci_plan(cfg, 1, "dd", &p, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(ddpci_nodes(&p, 3, "dd", 4, buf, sizeof(buf), &len, &nodes), 0);
	cr_assert_str_eq(buf, want);
	cr_assert_eq(nodes, 24);
	cr_assert_eq(len, strlen(want));
	len = 0;
	cr_assert_eq(ddpci_nodes(&p, 3, "dd", 4, buf, 300, &len, &nodes), -1, "does not fit");
	cr_assert_eq(len, 0, "nothing counted as written");
}
