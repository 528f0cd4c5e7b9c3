// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Dump readers: every real map, every format, every error path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <cmocka.h>

#include "efivmap/mmap.h"
#include "efivmap/text.h"
#include "testlib.h"

#define UC EFIVMAP_EFI_MEMORY_UC
#define WC EFIVMAP_EFI_MEMORY_WC
#define WT EFIVMAP_EFI_MEMORY_WT
#define WB EFIVMAP_EFI_MEMORY_WB
#define WP EFIVMAP_EFI_MEMORY_WP
#define XP EFIVMAP_EFI_MEMORY_XP
#define RO EFIVMAP_EFI_MEMORY_RO
#define RT EFIVMAP_EFI_MEMORY_RUNTIME

static const size_t strides[] = { 40, 48, 64 };

/* A parse result owned by the test. */
struct parsed {
	uint8_t *buf;
	size_t desc_size;
	struct efivmap_text_info info;
};

static const struct efivmap_efi_desc *pd(const struct parsed *p, size_t i)
{
	assert_true(i < p->info.count);
	return (const struct efivmap_efi_desc *)(const void *)
		(p->buf + i * p->desc_size);
}

/* Parse with the two-call protocol and check the sizing contract. */
static void parse_ok(const char *text, size_t len, uint32_t format,
		     size_t desc_size, struct parsed *p)
{
	struct efivmap_diag diag;
	int ret;

	memset(&diag, 0, sizeof(diag));
	ret = efivmap_text_parse(text, len, format, NULL, 0, desc_size,
				 &p->info, &diag);
	if (ret != -EFIVMAP_ERR_NOSPACE)
		fail_msg("first call: %d (%s) at line %u", ret,
			 diag.what ? diag.what : "", diag.line);
	assert_int_equal(diag.err, -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(p->info.needed, p->info.count * desc_size);
	p->desc_size = desc_size;
	p->buf = malloc(p->info.needed + 8);
	assert_non_null(p->buf);
	memset(p->buf, 0xA5, p->info.needed + 8);
	ret = efivmap_text_parse(text, len, format, p->buf, p->info.needed,
				 desc_size, &p->info, &diag);
	if (ret)
		fail_msg("second call: %d (%s) at line %u", ret,
			 diag.what ? diag.what : "", diag.line);
	/* Nothing past the exact-size buffer. */
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(p->buf[p->info.needed + i], 0xA5);
	/* Every stride's tail is zeroed, and the pad word. */
	for (size_t i = 0; i < p->info.count; i++) {
		const uint8_t *d = p->buf + i * desc_size;

		assert_int_equal(pd(p, i)->pad, 0);
		for (size_t b = 40; b < desc_size; b++)
			assert_int_equal(d[b], 0);
	}
}

static void parse_str(const char *text, uint32_t format, struct parsed *p)
{
	parse_ok(text, strlen(text), format, 48, p);
}

/* Expect a failure; check the diagnostics and that info stayed put. */
static struct efivmap_diag parse_fail(const char *text, uint32_t format,
				      int err)
{
	struct efivmap_text_info info;
	struct efivmap_diag diag;
	uint8_t out[64 * 48];
	int ret;

	memset(&info, 0x5A, sizeof(info));
	memset(&diag, 0, sizeof(diag));
	memset(out, 0xA5, sizeof(out));
	ret = efivmap_text_parse(text, strlen(text), format, out, sizeof(out),
				 48, &info, &diag);
	assert_int_equal(ret, -err);
	assert_int_equal(diag.err, -err);
	assert_non_null(diag.what);
	for (size_t i = 0; i < sizeof(info); i++)
		assert_int_equal(((uint8_t *)&info)[i], 0x5A);
	for (size_t i = 0; i < sizeof(out); i++)
		assert_int_equal(out[i], 0xA5);
	return diag;
}

static void expect_desc(const struct efivmap_efi_desc *d, uint32_t type,
			uint64_t phys, uint64_t pages, uint64_t attr)
{
	assert_int_equal(d->type, type);
	assert_int_equal(d->phys_start, phys);
	assert_int_equal(d->num_pages, pages);
	assert_int_equal(d->attribute, attr);
}

static struct parsed parse_file(const char *name, size_t desc_size)
{
	struct parsed p;
	size_t len;
	char *text = tl_read_data(name, &len);

	parse_ok(text, len, EFIVMAP_TEXT_AUTO, desc_size, &p);
	free(text);
	return p;
}

/*
 * Every real map in tests/data with the descriptor count its header gives
 * ("Complete: ... N entries", "mem00..memNN", "N of N"). Three headers give
 * no number; their counts are the descriptor lines of the table, checked
 * by hand and, for the two Shell dumps, by the per-type footer totals in
 * test_text_shell_totals_match_footer.
 */
static const struct {
	const char *name;
	size_t count;
	uint32_t format;
} real_maps[] = {
	{ "adlink-lec-imx8mp-uboot.txt", 481, EFIVMAP_TEXT_UEFI_SHELL },
	{ "asus-zenbook-ux391fa.txt", 49, EFIVMAP_TEXT_LINUX_X86 },
	{ "espressobin-ultra-uboot-2025.txt", 15, EFIVMAP_TEXT_UBOOT },
	{ "huawei-d05.txt", 53, EFIVMAP_TEXT_LINUX_ARM64 },
	{ "intel-mac-2006-efi32-linux.txt", 35, EFIVMAP_TEXT_LINUX_OLD },
	{ "kontron-pitx-imx8mq-uboot.txt", 32, EFIVMAP_TEXT_UEFI_SHELL },
	{ "kontron-sl-imx8mm-uboot.txt", 31, EFIVMAP_TEXT_UEFI_SHELL },
	{ "kontron-sl28-ls1028a-uboot.txt", 32, EFIVMAP_TEXT_UEFI_SHELL },
	{ "nxp-imx8mm-evk-foundries-uboot.txt", 96, EFIVMAP_TEXT_UEFI_SHELL },
	{ "ovmf-x86_64-q35-secureboot.txt", 127, EFIVMAP_TEXT_LINUX_X86 },
	{ "qemu-virt-aavmf-via-uboot-efi-app.txt", 35, EFIVMAP_TEXT_UBOOT },
	{ "qemu-virt-arm64-uboot-efi-64k.txt", 34, EFIVMAP_TEXT_LINUX_ARM64 },
	{ "rpi4-edk2-uefi-shell.txt", 42, EFIVMAP_TEXT_UEFI_SHELL },
	{ "rpi4-uboot-efi.txt", 26, EFIVMAP_TEXT_LINUX_ARM64 },
	{ "toybrick-rk3399prod-uboot.txt", 102, EFIVMAP_TEXT_UEFI_SHELL },
	{ "toybrick-rk3568x0-uboot.txt", 22, EFIVMAP_TEXT_UEFI_SHELL },
	{ "uboot-qemu-arm64-ctf-uefi-shell.txt", 15, EFIVMAP_TEXT_UEFI_SHELL },
	{ "x86-ami-aptio4-desktop-hackintosh-guide.txt", 85,
	  EFIVMAP_TEXT_UEFI_SHELL },
};

/* Captures: count (also checked against "# count"), desc_size. */
static const struct {
	const char *name;
	size_t count;
	size_t desc_size;
} captures[] = {
	{ "edk2-aavmf-1G-ebs", 28, 48 },
	{ "edk2-aavmf-1G-mat", 21, 48 },
	{ "edk2-aavmf-1G-pre-ebs", 28, 48 },
	{ "edk2-aavmf-1G-vmap", 7, 48 },
	{ "edk2-aavmf-4G-ebs", 28, 48 },
	{ "edk2-aavmf-4G-mat", 21, 48 },
	{ "edk2-aavmf-4G-pre-ebs", 28, 48 },
	{ "edk2-aavmf-4G-vmap", 7, 48 },
	{ "edk2-qemuefi-bios-1G-ebs", 28, 48 },
	{ "edk2-qemuefi-bios-1G-mat", 21, 48 },
	{ "edk2-qemuefi-bios-1G-pre-ebs", 28, 48 },
	{ "edk2-qemuefi-bios-1G-vmap", 7, 48 },
	{ "uboot-qemu_arm64-1G-ebs", 15, 40 },
	{ "uboot-qemu_arm64-1G-pre-ebs", 15, 40 },
	{ "uboot-qemu_arm64-1G-vmap", 4, 40 },
	{ "uboot-qemu_arm64-4G-ebs", 17, 40 },
	{ "uboot-qemu_arm64-4G-pre-ebs", 17, 40 },
	{ "uboot-qemu_arm64-4G-vmap", 5, 40 },
};

static void test_text_every_real_map_parses_to_its_count(void **state)
{
	char **names = tl_list_data(".txt");
	size_t n = 0;

	(void)state;
	for (char **f = names; *f; f++, n++) {
		size_t i;

		for (i = 0; i < sizeof(real_maps) / sizeof(real_maps[0]); i++)
			if (!strcmp(real_maps[i].name, *f))
				break;
		if (i == sizeof(real_maps) / sizeof(real_maps[0]))
			fail_msg("%s has no expected count in the table", *f);

		struct parsed p = parse_file(*f, 48);
		struct efivmap_mmap v;
		struct efivmap_diag diag;

		if (p.info.count != real_maps[i].count)
			fail_msg("%s: %zu descriptors, header says %zu", *f,
				 p.info.count, real_maps[i].count);
		assert_int_equal(p.info.format, real_maps[i].format);
		assert_false(p.info.has_virt);
		assert_true(p.info.first_line > 1);
		/* The readers hand on what the mmap module accepts. */
		assert_int_equal(efivmap_mmap_init(&v, p.buf, p.info.needed, 48,
						   EFIVMAP_EFI_DESC_VERSION,
						   &diag), 0);
		free(p.buf);

		/* Forcing the detected format reads the same. */
		size_t len;
		char *text = tl_read_data(*f, &len);
		struct parsed q;

		parse_ok(text, len, real_maps[i].format, 48, &q);
		assert_int_equal(q.info.count, real_maps[i].count);
		free(q.buf);
		free(text);
	}
	assert_int_equal(n, sizeof(real_maps) / sizeof(real_maps[0]));
	tl_free_names(names);
}

/* "# count N" of a capture file, or SIZE_MAX. */
static size_t header_count(const char *text)
{
	const char *p = strstr(text, "\n# count ");
	unsigned long n;

	if (!p || sscanf(p, "\n# count %lu", &n) != 1)
		return SIZE_MAX;
	return n;
}

static void test_text_captures_equal_their_bin(void **state)
{
	const char *dir = getenv("EFIVMAP_TEST_DATA");
	char path[4096];
	size_t seen = 0;
	DIR *d;
	struct dirent *e;

	(void)state;
	/* Every capture on disk is in the table. */
	snprintf(path, sizeof(path), "%s/captured", dir ? dir : "tests/data");
	d = opendir(path);
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), i;

		if (l < 4 || strcmp(e->d_name + l - 4, ".txt"))
			continue;
		for (i = 0; i < sizeof(captures) / sizeof(captures[0]); i++)
			if (!strncmp(captures[i].name, e->d_name, l - 4) &&
			    strlen(captures[i].name) == l - 4)
				break;
		if (i == sizeof(captures) / sizeof(captures[0]))
			fail_msg("captured/%s is not in the table", e->d_name);
		seen++;
	}
	closedir(d);
	assert_int_equal(seen, sizeof(captures) / sizeof(captures[0]));

	for (size_t i = 0; i < sizeof(captures) / sizeof(captures[0]); i++) {
		char tname[256], bname[256];
		size_t tlen, blen, ds = captures[i].desc_size;
		char *text;
		uint8_t *bin;
		struct parsed p;

		snprintf(tname, sizeof(tname), "captured/%s.txt",
			 captures[i].name);
		snprintf(bname, sizeof(bname), "captured/%s.bin",
			 captures[i].name);
		text = tl_read_data(tname, &tlen);
		bin = tl_read_data(bname, &blen);
		assert_int_equal(header_count(text), captures[i].count);
		parse_ok(text, tlen, EFIVMAP_TEXT_AUTO, ds, &p);
		assert_int_equal(p.info.format, EFIVMAP_TEXT_CAPTURE);
		assert_int_equal(p.info.count, captures[i].count);
		assert_int_equal(p.info.in_desc_size, ds);
		assert_int_equal(p.info.desc_version, 1);
		assert_int_equal(p.info.has_virt,
				 strstr(captures[i].name, "vmap") != NULL);
		assert_int_equal(blen, p.info.needed);
		/*
		 * U-Boot fills VirtualStart with PhysicalStart; a capture
		 * without the virt column cannot say so, so clear it in the
		 * expected bytes. Every other byte must match.
		 */
		if (!p.info.has_virt)
			for (size_t k = 0; k < p.info.count; k++)
				memset(bin + k * ds + 16, 0, 8);
		if (memcmp(bin, p.buf, blen))
			fail_msg("%s differs from its .bin", tname);
		free(p.buf);
		free(text);
		free(bin);
	}
}

static void test_text_linux_arm64_values(void **state)
{
	struct parsed p;

	(void)state;
	/* 4.9: "Conventional Memory", timestamps, MMIO|RUN with UC only */
	p = parse_file("huawei-d05.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0, 0x80,
		    UC | WC | WT | WB);
	expect_desc(pd(&p, 52), EFIVMAP_EFI_LOADER_DATA, 0x0413fbff0000, 0x10,
		    UC | WC | WT | WB);
	assert_int_equal(pd(&p, 0)->virt_start, 0);
	free(p.buf);
	/* 6.1: short names, 15 flag columns, 4 KiB runtime data */
	p = parse_file("qemu-virt-arm64-uboot-efi-64k.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x7dfd,
		    WB);
	expect_desc(pd(&p, 1), EFIVMAP_EFI_ACPI_RECLAIM, 0x47dfd000, 0x206,
		    WB);
	expect_desc(pd(&p, 3), EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0xffffe000,
		    1, WB | RT);
	expect_desc(pd(&p, 33), EFIVMAP_EFI_LOADER_DATA, 0x43ff20000, 0xe0,
		    WB);
	free(p.buf);
	/* MMIO|RUN with no cacheability bit at all */
	p = parse_file("rpi4-uboot-efi.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_RESERVED, 0, 1, WB);
	expect_desc(pd(&p, 25), EFIVMAP_EFI_MMIO, 0xfe100000, 1, RT);
	free(p.buf);
}

static void test_text_linux_x86_values(void **state)
{
	struct parsed p;

	(void)state;
	p = parse_file("asus-zenbook-ux391fa.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0, 1,
		    UC | WC | WT | WB);
	/* "|attr=0x...]": undefined bits kept */
	expect_desc(pd(&p, 41), EFIVMAP_EFI_RESERVED, 0x7a700000, 0x100,
		    UINT64_C(0x070000000000000f));
	expect_desc(pd(&p, 39), EFIVMAP_EFI_RESERVED, 0xa0000, 0x60, 0);
	expect_desc(pd(&p, 48), EFIVMAP_EFI_MMIO, 0xff000000, 0x1000,
		    RT | WP | WB | WT | UC);
	free(p.buf);
	p = parse_file("ovmf-x86_64-q35-secureboot.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_BOOT_SERVICES_CODE, 0, 1,
		    UC | WC | WT | WB);
	expect_desc(pd(&p, 126), EFIVMAP_EFI_RESERVED, 0xb0000000, 0x10000,
		    UC);
	free(p.buf);
}

static void test_text_linux_old_exclusive_end(void **state)
{
	struct parsed p;

	(void)state;
	p = parse_file("intel-mac-2006-efi32-linux.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0, 0x8f, 0xf);
	expect_desc(pd(&p, 1), EFIVMAP_EFI_ACPI_NVS, 0x8f000, 1, 0xf);
	expect_desc(pd(&p, 31), EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x7eeff000,
		    1, RT | 0xf);
	expect_desc(pd(&p, 34), EFIVMAP_EFI_MMIO, 0xfffb0000, 0x30, RT);
	free(p.buf);
}

static void test_text_uefi_shell_values(void **state)
{
	struct parsed p;

	(void)state;
	p = parse_file("rpi4-edk2-uefi-shell.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_RESERVED, 0, 0x1d0, 0xe);
	expect_desc(pd(&p, 1), EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x1d0000,
		    0x20, RT | 0xe);
	expect_desc(pd(&p, 41), EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x40000,
		    0xe);
	free(p.buf);
	/* runtime MMIO without UC, first in an unsorted map */
	p = parse_file("kontron-sl28-ls1028a-uboot.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_MMIO, 0x1e60000, 1, RT);
	free(p.buf);
	/* markdown-indented table */
	p = parse_file("uboot-qemu-arm64-ctf-uefi-shell.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x2ce,
		    WB);
	free(p.buf);
	/* the largest map */
	p = parse_file("adlink-lec-imx8mp-uboot.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x7ef1,
		    WB);
	free(p.buf);
}

static uint64_t type_pages(const struct parsed *p, uint32_t type)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < p->info.count; i++)
		if (pd(p, i)->type == type)
			sum += pd(p, i)->num_pages;
	return sum;
}

/* The Shell's own per-type summary must agree with what was read. */
static void test_text_shell_totals_match_footer(void **state)
{
	struct parsed p;

	(void)state;
	p = parse_file("rpi4-edk2-uefi-shell.txt", 48);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_RESERVED), 1230);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_LOADER_CODE), 294);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_BOOT_SERVICES_CODE), 1143);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_BOOT_SERVICES_DATA), 9525);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_RUNTIME_SERVICES_CODE),
			 496);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_RUNTIME_SERVICES_DATA),
			 608);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_ACPI_RECLAIM), 16);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_CONVENTIONAL), 491264);
	free(p.buf);
	p = parse_file("x86-ami-aptio4-desktop-hackintosh-guide.txt", 48);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_RESERVED), 18689);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_LOADER_CODE), 401);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_LOADER_DATA), 256);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_BOOT_SERVICES_CODE), 1613);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_BOOT_SERVICES_DATA),
			 47748);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_RUNTIME_SERVICES_CODE),
			 146);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_RUNTIME_SERVICES_DATA),
			 876);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_ACPI_RECLAIM), 5);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_ACPI_NVS), 2244);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_MMIO), 20490);
	assert_int_equal(type_pages(&p, EFIVMAP_EFI_CONVENTIONAL), 969334);
	free(p.buf);
}

static void test_text_uboot_values(void **state)
{
	struct parsed p;

	(void)state;
	p = parse_file("espressobin-ultra-uboot-2025.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0, 0x4000, WB);
	expect_desc(pd(&p, 1), EFIVMAP_EFI_BOOT_SERVICES_DATA, 0x4000000,
		    0x200, WB);
	expect_desc(pd(&p, 13), EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x3ff00000,
		    0x10, WB | RT);
	expect_desc(pd(&p, 14), EFIVMAP_EFI_BOOT_SERVICES_CODE, 0x3ff10000,
		    0xf0, WB);
	free(p.buf);
	/* multi-word types, IO appended last */
	p = parse_file("qemu-virt-aavmf-via-uboot-efi-app.txt", 48);
	expect_desc(pd(&p, 15), EFIVMAP_EFI_ACPI_RECLAIM, 0x13c3e0000, 0x10,
		    WB);
	expect_desc(pd(&p, 33), EFIVMAP_EFI_MMIO, 0x4000000, 0x4000, UC | RT);
	expect_desc(pd(&p, 34), EFIVMAP_EFI_MMIO, 0x9010000, 1, UC | RT);
	free(p.buf);
}

static void test_text_capture_virt_column(void **state)
{
	struct parsed p;

	(void)state;
	p = parse_file("captured/uboot-qemu_arm64-1G-vmap.txt", 40);
	assert_true(p.info.has_virt);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x7de9d000,
		    2, WB | RT);
	assert_int_equal(pd(&p, 0)->virt_start, 0x2000d000);
	assert_int_equal(pd(&p, 3)->virt_start, 0x20030000);
	free(p.buf);
	p = parse_file("captured/edk2-aavmf-1G-ebs.txt", 48);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x4000,
		    WB);
	assert_int_equal(pd(&p, 0)->virt_start, 0);
	free(p.buf);
}

static void test_text_xen(void **state)
{
	static const char text[] =
		"(XEN) EFI memory map:\n"
		"(XEN)  0000000000000-000000009dfff type=7 attr=000000000000000f\n"
		"(XEN)  000000009e000-000000009efff type=0 attr=000000000000000f\n"
		"(XEN) [    1.234567]  00000fee00000-00000fee00fff type=11 attr=8000000000000001\n"
		"(XEN) Using APIC driver default\n";
	struct parsed p;

	(void)state;
	parse_str(text, EFIVMAP_TEXT_AUTO, &p);
	assert_int_equal(p.info.format, EFIVMAP_TEXT_XEN);
	assert_int_equal(p.info.count, 3);
	assert_int_equal(p.info.first_line, 2);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0, 0x9e, 0xf);
	expect_desc(pd(&p, 1), EFIVMAP_EFI_RESERVED, 0x9e000, 1, 0xf);
	expect_desc(pd(&p, 2), EFIVMAP_EFI_MMIO, 0xfee00000, 1, RT | UC);
	free(p.buf);
}

static void test_text_freebsd(void **state)
{
	static const char text[] =
		"EFI memory map:\n"
		"                   Type         Physical          Virtual   #Pages Attr\n"
		"     ConventionalMemory 000040000000 000040000000 00007ef4 WB \n"
		"    RuntimeServicesData 0000f6b27000 0000f6b27000 00000001 WB RUNTIME \n"
		"         MemoryMappedIO 000009010000 000009010000 00000001 UC RUNTIME \n"
		"      ACPIReclaimMemory 000047ef4000 ffff000047ef4000 00000018 UC WC WT WB XP RO MORE_RELIABLE\n"
		"Physical memory chunk(s):\n";
	struct parsed p;

	(void)state;
	parse_str(text, EFIVMAP_TEXT_AUTO, &p);
	assert_int_equal(p.info.format, EFIVMAP_TEXT_FREEBSD);
	assert_int_equal(p.info.count, 4);
	assert_true(p.info.has_virt);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x7ef4,
		    WB);
	expect_desc(pd(&p, 1), EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0xf6b27000,
		    1, WB | RT);
	assert_int_equal(pd(&p, 1)->virt_start, 0xf6b27000);
	expect_desc(pd(&p, 2), EFIVMAP_EFI_MMIO, 0x9010000, 1, UC | RT);
	expect_desc(pd(&p, 3), EFIVMAP_EFI_ACPI_RECLAIM, 0x47ef4000, 0x18,
		    UC | WC | WT | WB | XP | RO |
		    EFIVMAP_EFI_MEMORY_MORE_RELIABLE);
	assert_int_equal(pd(&p, 3)->virt_start, UINT64_C(0xffff000047ef4000));
	free(p.buf);
}

/* Log noise around and inside a Linux arm64 dump, as mail delivers it. */
static void test_text_noise_is_skipped(void **state)
{
	static const char text[] =
		"From: someone\r\n"
		"> [    0.000000] efi: EFI v2.70 by EDK II\r\n"
		"> [    0.000000] efi:  ACPI 2.0=0x39cb0000  SMBIOS 3.0=0x39fd0000 \r\n"
		"> [    0.000000] efi: Processing EFI memory map:\r\n"
		">\t[    0.000000] efi:   0x000040000000-0x00004007ffff [Conventional Memory|   |  |  |  |  |  |  |   |WB|WT|WC|UC]\r\n"
		"> > <6>[    0.000000] efi:   0x000040080000-0x00004008ffff [Runtime Code|RUN|  |  |  |  |  |  |  |  |   |WB|  |  |  ]*\r\n"
		"\t[    0.000000] memblock_add: [0x40000000-0x7fffffff]\r\n"
		"\tefi:   0x000040090000-0x00004009ffff [type=1879048193|   |  |  |  |  |  |  |  |  |   |WB|  |  |  ]*\r\n"
		"\r\n"
		"efi:   0x0000400a0000-0x0000400affff [Reserved    |attr=0x0f0000000000000f]\n"
		"[    0.000000] efi: mem00: this is not a descriptor line\n"
		"  Available :        369,330 Pages (1,512,775,680 Bytes)\n"
		"-- \n"
		"signature";
	struct parsed p;

	(void)state;
	parse_str(text, EFIVMAP_TEXT_AUTO, &p);
	assert_int_equal(p.info.format, EFIVMAP_TEXT_LINUX_ARM64);
	assert_int_equal(p.info.count, 4);
	assert_int_equal(p.info.first_line, 5);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x80,
		    UC | WC | WT | WB);
	expect_desc(pd(&p, 1), EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x40080000,
		    0x10, WB | RT);
	expect_desc(pd(&p, 2), 0x70000001, 0x40090000, 0x10, WB);
	expect_desc(pd(&p, 3), EFIVMAP_EFI_RESERVED, 0x400a0000, 0x10,
		    UINT64_C(0x0f0000000000000f));
	free(p.buf);
}

/*
 * A PhysicalStart that is not 4 KiB aligned is passed on as printed, for
 * efivmap_mmap_init() to reject; the reader only checks the size.
 */
static void test_text_unaligned_start_is_kept(void **state)
{
	struct parsed p;
	struct efivmap_mmap v;
	struct efivmap_diag d;

	(void)state;
	parse_str("efi: mem00: [Reserved|  |UC] range=[0x0000000040000800-0x00000000400017ff] (0MB)\n",
		  EFIVMAP_TEXT_AUTO, &p);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_RESERVED, 0x40000800, 1, UC);
	assert_int_equal(efivmap_mmap_init(&v, p.buf, p.info.needed, 48, 1,
					   &d), -EFIVMAP_ERR_ALIGN);
	free(p.buf);
}

/*
 * A real file run through a mail client: quoted with "> " or indented
 * with a tab, with CRLF line ends. It must read exactly as the original.
 */
static char *mangle(const char *text, size_t len, const char *prefix,
		    size_t *out_len)
{
	size_t pl = strlen(prefix), n = 0;
	char *out = malloc(len * (pl + 2) + pl + 2);
	bool bol = true;

	assert_non_null(out);
	for (size_t i = 0; i < len; i++) {
		if (bol) {
			memcpy(out + n, prefix, pl);
			n += pl;
		}
		if (text[i] == '\n')
			out[n++] = '\r';
		out[n++] = text[i];
		bol = text[i] == '\n';
	}
	*out_len = n;
	return out;
}

static void test_text_quoted_and_crlf_files_read_the_same(void **state)
{
	static const char *const files[] = {
		"huawei-d05.txt", "asus-zenbook-ux391fa.txt",
		"intel-mac-2006-efi32-linux.txt", "rpi4-edk2-uefi-shell.txt",
		"espressobin-ultra-uboot-2025.txt",
		"captured/uboot-qemu_arm64-4G-vmap.txt",
	};
	static const char *const prefixes[] = { "> ", "\t", "> > ", "" };

	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct parsed ref = parse_file(files[f], 48);
		size_t len;
		char *text = tl_read_data(files[f], &len);

		for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]);
		     k++) {
			size_t ml;
			char *m = mangle(text, len, prefixes[k], &ml);
			struct parsed p;

			parse_ok(m, ml, EFIVMAP_TEXT_AUTO, 48, &p);
			assert_int_equal(p.info.format, ref.info.format);
			assert_int_equal(p.info.count, ref.info.count);
			assert_memory_equal(p.buf, ref.buf, ref.info.needed);
			free(p.buf);
			free(m);
		}
		free(text);
		free(ref.buf);
	}
}

/* One dump read at strides 40, 48 and 64 gives the same descriptors. */
static void test_text_output_strides(void **state)
{
	struct parsed p[3];

	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct efivmap_mmap v;

		p[s] = parse_file("kontron-pitx-imx8mq-uboot.txt", strides[s]);
		assert_int_equal(p[s].info.needed, 32 * strides[s]);
		assert_int_equal(efivmap_mmap_init(&v, p[s].buf,
						   p[s].info.needed,
						   strides[s], 1, NULL), 0);
		assert_int_equal(efivmap_mmap_count(&v), 32);
		expect_desc(efivmap_mmap_get(&v, 31),
			    EFIVMAP_EFI_BOOT_SERVICES_DATA, 0x80000000,
			    0xc0000, WB);
		for (size_t i = 0; i < 32; i++)
			assert_memory_equal(pd(&p[s], i), pd(&p[0], i), 40);
	}
	for (size_t s = 0; s < 3; s++)
		free(p[s].buf);
}

/* The library's own efi=debug output reads back, at every stride. */
static void test_text_reads_back_mmap_format(void **state)
{
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct tl_map m;
		char *text = malloc(64 * 256), *t = text;
		struct parsed p;

		tl_map_init(&m, strides[s]);
		tl_map_add(&m, EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x100,
			   UC | WC | WT | WB);
		tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x40100000,
			   0x10, WB | RT | RO);
		tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x40110000,
			   1, WB | RT | XP);
		tl_map_add(&m, EFIVMAP_EFI_MMIO, 0x09010000, 1, UC | RT);
		tl_map_add(&m, EFIVMAP_EFI_PERSISTENT, 0x80000000, 0x800,
			   WB | EFIVMAP_EFI_MEMORY_NV);
		tl_map_add(&m, EFIVMAP_EFI_RESERVED, 0x90000000, 4,
			   UINT64_C(0x0700000000000001));
		for (size_t i = 0; i < m.count; i++) {
			t += sprintf(t, "efi:   ");
			efivmap_mmap_format_desc(tl_map_desc(&m, i), t, 200);
			t += strlen(t);
			*t++ = '\n';
		}
		*t = '\0';
		parse_ok(text, strlen(text), EFIVMAP_TEXT_AUTO, strides[s],
			 &p);
		assert_int_equal(p.info.format, EFIVMAP_TEXT_LINUX_ARM64);
		assert_int_equal(p.info.count, m.count);
		for (size_t i = 0; i < m.count; i++)
			assert_memory_equal(pd(&p, i), tl_map_desc(&m, i), 40);
		free(p.buf);
		free(text);
		tl_map_free(&m);
	}
}

static void test_text_syntax_error_names_line(void **state)
{
	struct efivmap_diag d;

	(void)state;
	d = parse_fail("efi: Processing EFI memory map:\n"
		       "efi:   0x000040000000-0x00004007ffff [Conventional|   |WB]\n"
		       "efi:   0x000040080000-0x00004008ffff [Conventionl |   |WB]\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 3);
	assert_int_equal(d.index, 1);
	assert_string_equal(d.what, "unknown memory type name");
	/* broken first descriptor: detected from a later line, still named */
	d = parse_fail("efi:   0x000040000000-0x00004007ffff [Conventional|XX|WB]\n"
		       "efi:   0x000040080000-0x00004008ffff [Conventional|  |WB]\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 1);
	assert_int_equal(d.index, 0);
	/* the only descriptor line is broken: still a syntax error */
	d = parse_fail("Type       Start            End              # Pages          Attributes\n"
		       "Available  0000000040000000-0000000047EF0FFF 0000000000007EF1 000000000000000X\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 2);
	d = parse_fail("efi:   0x000040000000-0x00004007ffff [Conventional|WB\n",
		       EFIVMAP_TEXT_LINUX_ARM64, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 1);
	d = parse_fail("efi:   0x000040000000-0x00004007ffff [Conventional|WB] x\n",
		       EFIVMAP_TEXT_LINUX_ARM64, EFIVMAP_ERR_SYNTAX);
	d = parse_fail("efi:   0x1000000000000000000-0x00004007ffff [Conventional|WB]\n",
		       EFIVMAP_TEXT_LINUX_ARM64, EFIVMAP_ERR_SYNTAX);
	assert_string_equal(d.what, "number does not fit in 64 bits");
	d = parse_fail("efi: mem00: [Conventional|WB] range=[0x0-0xfff] (0MB)\n"
		       "efi: mem01: [Conventional|WB] rang=[0x1000-0x1fff] (0MB)\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 2);
	d = parse_fail("mem00: type=7, attr=0xf, range=[0x0-0x1000) (0MB)\n"
		       "mem01: type=7 attr=0xf, range=[0x1000-0x2000) (0MB)\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 2);
	d = parse_fail("Type       Start            End              # Pages          Attributes\n"
		       "Available  0000000040000000-0000000047EF0FFF 0000000000007EF1 0000000000000008\n"
		       "Available  0000000047EF1000-0000000047EF1FFF 000000000000000Z 0000000000000008\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 3);
	d = parse_fail("Available  0000000040000000-0000000047EF0FFF 0000000000007EF1\n",
		       EFIVMAP_TEXT_UEFI_SHELL, EFIVMAP_ERR_SYNTAX);
	assert_string_equal(d.what, "missing Attributes column");
	d = parse_fail("CONVENTIONAL     0000000000000000-0000000004000000 WB\n"
		       "BOOT DATA        0000000004000000-0000000004200000 WB|XX\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 2);
	assert_string_equal(d.what, "unknown attribute name");
	d = parse_fail("(unknown)        0000000000000000-0000000004000000 WB\n",
		       EFIVMAP_TEXT_UBOOT, EFIVMAP_ERR_SYNTAX);
	assert_string_equal(d.what, "memory type printed as (unknown)");
	d = parse_fail("(XEN)  0000000000000-000000009dfff type=7 attr=000000000000000f\n"
		       "(XEN)  000000009e000-000000009efff typ=0 attr=000000000000000f\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 2);
	d = parse_fail("              <INVALID> 000040000000 000040000000 00007ef4 WB\n",
		       EFIVMAP_TEXT_FREEBSD, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 1);
	d = parse_fail("# desc_size 48\n"
		       "7 0x0000000040000000 0x4000 0x8\n"
		       "7 0x0000000044000000 0x4000\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_SYNTAX);
	assert_int_equal(d.line, 3);
	assert_int_equal(d.index, 1);
}

static void test_text_range_error_names_convention(void **state)
{
	struct efivmap_diag d;

	(void)state;
	/* inclusive end given as exclusive */
	d = parse_fail("efi:   0x000040000000-0x000040080000 [Conventional|WB]\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_RANGE);
	assert_int_equal(d.line, 1);
	assert_int_equal(d.addr, 0x40000000);
	assert_non_null(strstr(d.what, "inclusive in Linux efi=debug"));
	assert_non_null(strstr(d.what, "not whole 4 KiB pages"));
	d = parse_fail("efi:   0x000040000000-0x00003fffffff [Conventional|WB]\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_RANGE);
	assert_non_null(strstr(d.what, "end below start"));
	/* exclusive end given as inclusive */
	d = parse_fail("Type             Start            End              Attributes\n"
		       "CONVENTIONAL     0000000000000000-0000000003ffffff WB\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_RANGE);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.what, "exclusive in U-Boot"));
	d = parse_fail("CONVENTIONAL     0000000004000000-0000000004000000 WB\n",
		       EFIVMAP_TEXT_UBOOT, EFIVMAP_ERR_RANGE);
	assert_int_equal(d.addr, 0x4000000);
	d = parse_fail("mem00: type=7, attr=0xf, range=[0x0-0x8ffff) (0MB)\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_RANGE);
	assert_non_null(strstr(d.what, "exclusive"));
	d = parse_fail("Available  0000000040000000-0000000047EF0FFF 0000000000007EF2 0000000000000008\n",
		       EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_RANGE);
	assert_non_null(strstr(d.what, "# Pages disagrees"));
	d = parse_fail("(XEN)  0000000001000-0000000000fff type=7 attr=000000000000000f\n",
		       EFIVMAP_TEXT_XEN, EFIVMAP_ERR_RANGE);
	assert_non_null(strstr(d.what, "inclusive in Xen"));
}

static void test_text_unknown_format(void **state)
{
	struct efivmap_diag d;
	size_t len;
	char *text;
	struct efivmap_text_info info;

	(void)state;
	d = parse_fail("hello\nworld\n", EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_FORMAT);
	assert_int_equal(d.line, EFIVMAP_DIAG_NONE);
	parse_fail("", EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_FORMAT);
	parse_fail("# desc_size 48\n# only a header\n", EFIVMAP_TEXT_CAPTURE,
		   EFIVMAP_ERR_FORMAT);
	/* a forced format that the text does not contain */
	text = tl_read_data("huawei-d05.txt", &len);
	assert_int_equal(efivmap_text_parse(text, len, EFIVMAP_TEXT_XEN, NULL,
					    0, 48, &info, &d),
			 -EFIVMAP_ERR_FORMAT);
	free(text);
}

static void test_text_bad_arguments(void **state)
{
	struct efivmap_text_info info;
	struct efivmap_diag d;
	static const char t[] = "7 0x40000000 0x10 0x8\n";

	(void)state;
	assert_int_equal(efivmap_text_parse(t, sizeof(t) - 1, 0, NULL, 0, 48,
					    NULL, &d), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_text_parse(NULL, 5, 0, NULL, 0, 48, &info,
					    &d), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_text_parse(t, sizeof(t) - 1, 42, NULL, 0, 48,
					    &info, &d), -EFIVMAP_ERR_INVAL);
	assert_int_equal(d.err, -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_text_parse(t, sizeof(t) - 1, 0, NULL, 0, 36,
					    &info, &d),
			 -EFIVMAP_ERR_DESC_SIZE);
	assert_int_equal(efivmap_text_parse(t, sizeof(t) - 1, 0, NULL, 0, 44,
					    &info, &d),
			 -EFIVMAP_ERR_DESC_SIZE);
	assert_int_equal(efivmap_text_parse(t, sizeof(t) - 1, 0, NULL, 0, 0,
					    &info, NULL),
			 -EFIVMAP_ERR_DESC_SIZE);
}

/*
 * count * desc_size past SIZE_MAX is NOSPACE like any other, with info
 * filled as the header promises: needed is SIZE_MAX.
 */
static void test_text_nospace_on_size_overflow_fills_info(void **state)
{
	static const char text[] =
		"efi:   0x000040000000-0x000040000fff [Runtime Data|RUN|WB]\n"
		"efi:   0x000040001000-0x000040001fff [Runtime Data|RUN|WB]\n";
	uint8_t raw[96] = { 0 };
	size_t huge = (SIZE_MAX / 2 + 8) & ~(size_t)7;
	struct efivmap_text_info info;
	struct efivmap_diag diag;

	(void)state;
	memset(&info, 0x5a, sizeof(info));
	assert_int_equal(efivmap_text_parse(text, sizeof(text) - 1, 0, NULL, 0,
					    huge, &info, &diag),
			 -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(info.count, 2);
	assert_int_equal(info.needed, SIZE_MAX);
	assert_int_equal(diag.err, -EFIVMAP_ERR_NOSPACE);
	memset(&info, 0x5a, sizeof(info));
	assert_int_equal(efivmap_text_parse_raw(raw, sizeof(raw), 48, NULL, 0,
						huge, &info, NULL),
			 -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(info.count, 2);
	assert_int_equal(info.needed, SIZE_MAX);
	assert_int_equal(info.in_desc_size, 48);
}

/* Too small by one byte: NOSPACE, exact needed size, nothing written. */
static void test_text_nospace_writes_nothing(void **state)
{
	static const char t[] =
		"7 0x0000000040000000 0x4000 0x8\n"
		"6 0x0000000044000000 0x1 0x8000000000000008 0x20000000\n";

	(void)state;
	for (size_t s = 0; s < 3; s++) {
		size_t need = 2 * strides[s];
		uint8_t buf[2 * 64 + 16];
		struct efivmap_text_info info;
		struct efivmap_diag d;

		memset(buf, 0xA5, sizeof(buf));
		assert_int_equal(efivmap_text_parse(t, sizeof(t) - 1, 0, buf,
						    need - 1, strides[s],
						    &info, &d),
				 -EFIVMAP_ERR_NOSPACE);
		assert_int_equal(info.needed, need);
		assert_int_equal(info.count, 2);
		assert_int_equal(d.addr, need);
		for (size_t i = 0; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 0xA5);
		assert_int_equal(efivmap_text_parse(t, sizeof(t) - 1, 0, buf,
						    need, strides[s], &info,
						    &d), 0);
		for (size_t i = need; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 0xA5);
		assert_true(info.has_virt);
		assert_int_equal(((struct efivmap_efi_desc *)(void *)
				  (buf + strides[s]))->virt_start, 0x20000000);
	}
}

static void test_text_raw_binary(void **state)
{
	size_t blen, tlen;
	uint8_t *bin = tl_read_data("captured/edk2-aavmf-4G-ebs.bin", &blen);
	char *text = tl_read_data("captured/edk2-aavmf-4G-ebs.txt", &tlen);
	struct efivmap_text_info info;
	struct efivmap_diag d;

	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct parsed ref;
		uint8_t *out;

		parse_ok(text, tlen, EFIVMAP_TEXT_AUTO, strides[s], &ref);
		assert_int_equal(efivmap_text_parse_raw(bin, blen, 48, NULL, 0,
							strides[s], &info,
							&d),
				 -EFIVMAP_ERR_NOSPACE);
		assert_int_equal(info.format, EFIVMAP_TEXT_RAW);
		assert_int_equal(info.count, 28);
		assert_int_equal(info.in_desc_size, 48);
		assert_int_equal(info.needed, 28 * strides[s]);
		out = malloc(info.needed);
		memset(out, 0xA5, info.needed);
		assert_int_equal(efivmap_text_parse_raw(bin, blen, 48, out,
							info.needed,
							strides[s], &info, &d),
				 0);
		assert_memory_equal(out, ref.buf, info.needed);
		free(out);
		free(ref.buf);
	}
	/* EFIVMAP_TEXT_RAW through the main entry: same stride in and out */
	{
		uint8_t *out = malloc(blen);

		assert_int_equal(efivmap_text_parse((const char *)bin, blen,
						    EFIVMAP_TEXT_RAW, out,
						    blen, 48, &info, &d), 0);
		assert_memory_equal(out, bin, blen);
		free(out);
	}
	assert_int_equal(efivmap_text_parse_raw(bin, blen - 8, 48, NULL, 0, 48,
						&info, &d),
			 -EFIVMAP_ERR_MAP_SIZE);
	assert_int_equal(d.err, -EFIVMAP_ERR_MAP_SIZE);
	assert_int_equal(efivmap_text_parse_raw(bin, blen, 44, NULL, 0, 48,
						&info, &d),
			 -EFIVMAP_ERR_DESC_SIZE);
	assert_int_equal(efivmap_text_parse_raw(bin, blen, 48, NULL, 0, 32,
						&info, &d),
			 -EFIVMAP_ERR_DESC_SIZE);
	assert_int_equal(efivmap_text_parse_raw(NULL, 48, 48, NULL, 0, 48,
						&info, &d),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_text_parse_raw(bin, 48, 48, NULL, 0, 48,
						NULL, &d),
			 -EFIVMAP_ERR_INVAL);
	/* an empty raw map is valid and needs no buffer */
	assert_int_equal(efivmap_text_parse_raw(NULL, 0, 40, NULL, 0, 48,
						&info, &d), 0);
	assert_int_equal(info.count, 0);
	assert_int_equal(info.needed, 0);
	free(bin);
	free(text);
}

static void test_text_format_names(void **state)
{
	static const char *const names[] = {
		"auto", "linux-arm64", "linux-x86", "linux-old", "uefi-shell",
		"uboot", "xen", "freebsd", "capture", "raw",
	};
	uint32_t f = 77;

	(void)state;
	assert_int_equal(sizeof(names) / sizeof(names[0]),
			 EFIVMAP_TEXT_NR_FORMATS);
	for (uint32_t i = 0; i < EFIVMAP_TEXT_NR_FORMATS; i++) {
		assert_string_equal(efivmap_text_format_name(i), names[i]);
		assert_int_equal(efivmap_text_format_from_name(names[i], &f),
				 0);
		assert_int_equal(f, i);
	}
	assert_string_equal(efivmap_text_format_name(EFIVMAP_TEXT_NR_FORMATS),
			    "unknown");
	f = 77;
	assert_int_equal(efivmap_text_format_from_name("linux", &f),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_text_format_from_name("linux-arm64x", &f),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(f, 77);
	assert_int_equal(efivmap_text_format_from_name(NULL, &f),
			 -EFIVMAP_ERR_INVAL);
}

static void test_text_detect_reports_format_and_line(void **state)
{
	uint32_t f = 77, line = 0;
	size_t len;
	char *text = tl_read_data("rpi4-uboot-efi.txt", &len);

	(void)state;
	assert_int_equal(efivmap_text_detect(text, len, &f, &line), 0);
	assert_int_equal(f, EFIVMAP_TEXT_LINUX_ARM64);
	assert_int_equal(line, 15);
	free(text);
	f = 77;
	assert_int_equal(efivmap_text_detect("no map here\n", 12, &f, NULL),
			 -EFIVMAP_ERR_FORMAT);
	assert_int_equal(f, 77);
	assert_int_equal(efivmap_text_detect("x", 1, NULL, NULL),
			 -EFIVMAP_ERR_INVAL);
}

/*
 * The benchmark's size: 16,384 descriptors in one dump. Reading stays
 * a handful of linear passes (no timing assertion, only correctness).
 */
static void test_text_large_dump(void **state)
{
	const size_t n = 16384;
	char *text = malloc(n * 128), *t = text;
	struct parsed p;

	(void)state;
	for (size_t i = 0; i < n; i++)
		t += sprintf(t, "[    0.000000] efi:   0x%012llx-0x%012llx [%s|   |  |  |  |  |  |  |  |  |   |WB|  |  |  ]\n",
			     (unsigned long long)(0x40000000 + i * 0x2000),
			     (unsigned long long)(0x40000000 + i * 0x2000 + 0x1fff),
			     i % 2 ? "Runtime Data" : "Conventional");
	parse_ok(text, (size_t)(t - text), EFIVMAP_TEXT_AUTO, 48, &p);
	assert_int_equal(p.info.count, n);
	expect_desc(pd(&p, n - 1), EFIVMAP_EFI_RUNTIME_SERVICES_DATA,
		    0x40000000 + (n - 1) * 0x2000, 2, WB);
	free(p.buf);
	free(text);
}

/* ---- variants users paste (tests/data/variants) ---- */

/* Parse through _ex with a findings list; ask twice, like parse_ok(). */
static void parse_ex_ok(const char *text, size_t len, struct parsed *p,
			struct efivmap_findings *f,
			struct efivmap_finding *list, size_t cap)
{
	struct efivmap_diag diag;
	int ret;

	memset(&diag, 0, sizeof(diag));
	efivmap_findings_init(f, list, cap);
	ret = efivmap_text_parse_ex(text, len, EFIVMAP_TEXT_AUTO, NULL, 0, 48,
				    &p->info, f, &diag);
	assert_int_equal(ret, -EFIVMAP_ERR_NOSPACE);
	p->desc_size = 48;
	p->buf = malloc(p->info.needed + 8);
	assert_non_null(p->buf);
	efivmap_findings_init(f, list, cap);
	ret = efivmap_text_parse_ex(text, len, EFIVMAP_TEXT_AUTO, p->buf,
				    p->info.needed, 48, &p->info, f, &diag);
	if (ret)
		fail_msg("parse_ex: %d (%s) at line %u", ret,
			 diag.what ? diag.what : "", diag.line);
}

static void test_text_efi110_shell_type_names(void **state)
{
	static const uint32_t types[] = {
		7, 0, 1, 2, 3, 4, 7, 5, 6, 9, 10, 8, 13, 11, 12,
	};
	struct parsed p = parse_file("variants/efi110-shell.txt", 48);
	const char *more =
		"LD_code   0000000000100000-0000000000100FFF 0000000000000001 0000000000000009\n"
		"LD_data   0000000000101000-0000000000101FFF 0000000000000001 0000000000000009\n"
		"LDR_code  0000000000102000-0000000000102FFF 0000000000000001 0000000000000009\n"
		"RuntimeData 0000000000103000-0000000000103FFF 0000000000000001 8000000000000009\n"
		"BootServiceCode 0000000000104000-0000000000104FFF 0000000000000001 0000000000000009\n"
		"RuntimeServicesCode 0000000000105000-0000000000105FFF 0000000000000001 8000000000000009\n";
	static const uint32_t more_types[] = { 1, 2, 1, 6, 3, 5 };
	struct parsed q;

	(void)state;
	assert_int_equal(p.info.format, EFIVMAP_TEXT_UEFI_SHELL);
	assert_int_equal(p.info.count, 15);
	for (size_t i = 0; i < 15; i++)
		assert_int_equal(pd(&p, i)->type, types[i]);
	expect_desc(pd(&p, 7), EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x3f000000,
		    0x20, RT | WB | UC);
	assert_int_equal(p.info.rt_inferred, 0);
	free(p.buf);
	parse_str(more, EFIVMAP_TEXT_AUTO, &q);
	assert_int_equal(q.info.count, 6);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(pd(&q, i)->type, more_types[i]);
	free(q.buf);
}

static void test_text_utf16_refused_then_converted(void **state)
{
	size_t len, n = 0, n2;
	uint8_t *raw = tl_read_data("variants/uefi-shell-utf16.txt", &len);
	struct efivmap_text_info info;
	struct efivmap_diag diag;
	uint32_t f = 77;
	char *text;
	struct parsed p;

	(void)state;
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(efivmap_text_parse((char *)raw, len, EFIVMAP_TEXT_AUTO,
					    NULL, 0, 48, &info, &diag),
			 -EFIVMAP_ERR_FORMAT);
	assert_non_null(strstr(diag.what, "UTF-16"));
	assert_non_null(strstr(diag.what, "efivmap_text_from_utf16"));
	assert_int_equal(efivmap_text_detect((char *)raw, len, &f, NULL),
			 -EFIVMAP_ERR_FORMAT);
	assert_int_equal(f, 77);
	/* Ask, then convert; the BOM goes, one char per code unit. */
	assert_int_equal(efivmap_text_from_utf16(raw, len, NULL, 0, &n),
			 -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(n, (len - 2) / 2);
	text = malloc(n);
	assert_int_equal(efivmap_text_from_utf16(raw, len, text, n - 1, &n2),
			 -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(efivmap_text_from_utf16(raw, len, text, n, &n2), 0);
	assert_int_equal(n2, n);
	assert_true(text[0] == '#');
	parse_ok(text, n, EFIVMAP_TEXT_AUTO, 48, &p);
	assert_int_equal(p.info.format, EFIVMAP_TEXT_UEFI_SHELL);
	assert_int_equal(p.info.count, 5);
	expect_desc(pd(&p, 1), EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x60000000,
		    0x30, RT | WB | WT | WC | UC);
	free(p.buf);
	free(text);
	free(raw);
	/* The hostile-input seed: one RT_Data line. */
	raw = tl_read_data("repro/utf16.txt", &len);
	text = malloc(len);
	assert_int_equal(efivmap_text_from_utf16(raw, len, text, len, &n), 0);
	parse_ok(text, n, EFIVMAP_TEXT_AUTO, 48, &p);
	assert_int_equal(p.info.count, 1);
	free(p.buf);
	free(text);
	free(raw);
}

static void test_text_utf16_converter_edges(void **state)
{
	/* Big endian with BOM; a non-ASCII unit; a lone last byte. */
	static const uint8_t be[] = { 0xfe, 0xff, 0, 'A', 0x20, 0xac, 0, 'B' };
	static const uint8_t le[] = { 'x', 0, 0xe9, 0, 'y' };
	char out[8];
	size_t n = 0;

	(void)state;
	assert_int_equal(efivmap_text_from_utf16(be, sizeof(be), out,
						 sizeof(out), &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "A?B", 3);
	assert_int_equal(efivmap_text_from_utf16(le, sizeof(le), out,
						 sizeof(out), &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "x??", 3);
	assert_int_equal(efivmap_text_from_utf16(NULL, 0, NULL, 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(efivmap_text_from_utf16(le, 2, out, 8, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_text_from_utf16(NULL, 2, out, 8, &n),
			 -EFIVMAP_ERR_INVAL);
}

static void test_text_uboot_enum_names_empty_attributes(void **state)
{
	struct parsed p = parse_file("variants/uboot-enum-names.txt", 48);

	(void)state;
	assert_int_equal(p.info.format, EFIVMAP_TEXT_UBOOT);
	assert_int_equal(p.info.count, 9);
	expect_desc(pd(&p, 0), EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x3d000,
		    WB);
	expect_desc(pd(&p, 2), EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x7de00000,
		    1, WB | RT);
	expect_desc(pd(&p, 6), EFIVMAP_EFI_RESERVED, 0x80000000, 0x200, 0);
	expect_desc(pd(&p, 7), EFIVMAP_EFI_MMIO, 0x9000000, 1, RT);
	expect_desc(pd(&p, 8), EFIVMAP_EFI_ACPI_RECLAIM, 0x80200000, 0x10, 0);
	/* An attribute field U-Boot left empty is 0, not a guess. */
	assert_int_equal(p.info.rt_inferred, 0);
	free(p.buf);
}

static void test_text_uboot_efi_mem(void **state)
{
	struct parsed p = parse_file("variants/uboot-efi-mem.txt", 48);

	(void)state;
	assert_int_equal(p.info.format, EFIVMAP_TEXT_UBOOT);
	assert_int_equal(p.info.count, 11);
	assert_int_equal(p.info.first_line, 7);
	assert_true(p.info.has_virt);
	expect_desc(pd(&p, 3), EFIVMAP_EFI_ACPI_NVS, 0x800000, 8,
		    UC | WC | WT | WB);
	expect_desc(pd(&p, 6), EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x1f9ef000,
		    0x100, RT | UC | WC | WT | WB);
	expect_desc(pd(&p, 10), EFIVMAP_EFI_RESERVED, 0xb0000000, 0x10000,
		    UC);
	free(p.buf);
	/* A size that is not whole pages is a range error with its line. */
	parse_fail(" 0  7:conv          0000001000  0000000000  0000000800  f\n",
		   EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_RANGE);
}

static void test_text_linux_314_runtime_inferred(void **state)
{
	size_t len;
	char *text = tl_read_data("variants/linux-3.14-arm64.txt", &len);
	struct efivmap_finding list[8];
	struct efivmap_findings f;
	struct efivmap_diag diag;
	struct efivmap_text_info info;
	struct parsed p;
	static const uint32_t idx[] = { 6, 7, 9 }, line[] = { 13, 14, 16 };

	(void)state;
	parse_ex_ok(text, len, &p, &f, list, 8);
	assert_int_equal(p.info.format, EFIVMAP_TEXT_LINUX_ARM64);
	assert_int_equal(p.info.count, 12);
	assert_int_equal(p.info.rt_inferred, 3);
	assert_int_equal(f.count, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(list[i].cls, EFIVMAP_FIND_RT_INFERRED);
		assert_int_equal(list[i].repair, EFIVMAP_REPAIR_INFERRED);
		assert_int_equal(list[i].index, idx[i]);
		assert_int_equal(list[i].line, line[i]);
		assert_int_equal(list[i].addr, pd(&p, idx[i])->phys_start);
		assert_int_equal(pd(&p, idx[i])->attribute, RT | WB);
	}
	expect_desc(pd(&p, 0), EFIVMAP_EFI_MMIO, 0x08000000, 0x4000, 0);
	expect_desc(pd(&p, 7), EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0xfe610000,
		    0x20, RT | WB);
	free(p.buf);
	/* Without findings the info still tells, and strict refuses. */
	parse_ok(text, len, EFIVMAP_TEXT_AUTO, 48, &p);
	assert_int_equal(p.info.rt_inferred, 3);
	free(p.buf);
	efivmap_findings_init(&f, NULL, 0);
	f.flags = EFIVMAP_FINDINGS_STRICT;
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(efivmap_text_parse_ex(text, len, EFIVMAP_TEXT_AUTO,
					       NULL, 0, 48, &info, &f, &diag),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(diag.line, 13);
	assert_int_equal(diag.index, 6);
	free(text);
}

static void test_text_linux_318_without_efi_prefix(void **state)
{
	struct parsed p = parse_file("variants/linux-3.18-arm64.txt", 48);
	struct parsed q;

	(void)state;
	assert_int_equal(p.info.format, EFIVMAP_TEXT_LINUX_ARM64);
	assert_int_equal(p.info.count, 7);
	assert_int_equal(p.info.rt_inferred, 0);
	expect_desc(pd(&p, 3), EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x7fbf0000,
		    0x10, RT | WB | WT | WC | UC);
	expect_desc(pd(&p, 6), EFIVMAP_EFI_MMIO, 0x09000000, 1, RT | UC);
	free(p.buf);
	/* With a timestamp and nothing but the type, as 3.14 printed it. */
	parse_str("[    0.000000]   0x000040000000-0x00004000ffff [Runtime Data       ]\n",
		  EFIVMAP_TEXT_AUTO, &q);
	expect_desc(pd(&q, 0), EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x40000000,
		    0x10, RT | WB);
	assert_int_equal(q.info.rt_inferred, 1);
	free(q.buf);
}

static void test_text_memattr_lines_are_a_mat(void **state)
{
	size_t len;
	char *text = tl_read_data("variants/linux-memattr-arm64.txt", &len);
	struct efivmap_text_info info;
	struct efivmap_diag diag;
	struct parsed p;
	uint8_t *mat;
	const struct efivmap_efi_desc *e;

	(void)state;
	parse_ok(text, len, EFIVMAP_TEXT_AUTO, 48, &p);
	assert_int_equal(p.info.count, 7);
	assert_int_equal(p.info.mat_entries, 5);
	assert_int_equal(p.info.repeated, 0);
	free(p.buf);
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(efivmap_text_parse_mat(text, len, NULL, 0, 48, &info,
						NULL, &diag),
			 -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(info.count, 5);
	assert_int_equal(info.first_line, 14);
	mat = malloc(info.needed);
	assert_int_equal(efivmap_text_parse_mat(text, len, mat, info.needed, 48,
						&info, NULL, &diag), 0);
	e = (const void *)(mat + 2 * 48);
	expect_desc(e, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0xbf601000, 0x1f,
		    RT | RO);
	e = (const void *)mat;
	expect_desc(e, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0xbf5f0000, 0x10,
		    RT | XP);
	free(mat);
	/* A map without memattr lines has no MAT ... */
	assert_int_equal(efivmap_text_parse_mat("efi:   0x000040000000-0x00004000ffff [Conventional|   |WB]\n",
						58, NULL, 0, 48, &info, NULL,
						&diag),
			 -EFIVMAP_ERR_FORMAT);
	/* ... and memattr lines alone are not a map; '!' entries are read. */
	diag = parse_fail("efi: memattr:  0x000040000000-0x00004000ffff [Runtime Code|RUN|RO]\n",
			  EFIVMAP_TEXT_LINUX_ARM64, EFIVMAP_ERR_FORMAT);
	assert_non_null(strstr(diag.what, "memattr"));
	diag = parse_fail("efi: memattr:  0x000040000000-0x00004000ffff [Runtime Code|RUN|RO]\n",
			  EFIVMAP_TEXT_AUTO, EFIVMAP_ERR_FORMAT);
	assert_non_null(strstr(diag.what, "efivmap_text_parse_mat"));
	assert_int_equal(efivmap_text_parse_mat("efi: memattr: ! 0x000040000000-0x00004000ffff [Boot Code|   |XP]\n",
						66, NULL, 0, 48, &info, NULL,
						&diag),
			 -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(info.count, 1);
	free(text);
}

static void test_text_repeated_map_first_copy(void **state)
{
	size_t len;
	char *text = tl_read_data("variants/linux-repeated-arm64.txt", &len);
	struct efivmap_finding list[4];
	struct efivmap_findings f;
	struct efivmap_text_info info;
	struct efivmap_diag diag;
	struct parsed p;

	(void)state;
	parse_ex_ok(text, len, &p, &f, list, 4);
	assert_int_equal(p.info.count, 7);
	assert_int_equal(p.info.repeated, 7);
	assert_int_equal(p.info.needed, 7 * 48);
	assert_int_equal(p.info.first_line, 6);
	assert_int_equal(f.count, 1);
	assert_int_equal(list[0].cls, EFIVMAP_FIND_MAP_REPEATED);
	assert_int_equal(list[0].repair, EFIVMAP_REPAIR_FIRST_COPY);
	assert_int_equal(list[0].index, 7);
	assert_int_equal(list[0].line, 17);
	expect_desc(pd(&p, 6), EFIVMAP_EFI_BOOT_SERVICES_CODE, 0xbf640000,
		    0x9c0, WB | WT | WC | UC);
	free(p.buf);
	efivmap_findings_init(&f, NULL, 0);
	f.flags = EFIVMAP_FINDINGS_STRICT;
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(efivmap_text_parse_ex(text, len, EFIVMAP_TEXT_AUTO,
					       NULL, 0, 48, &info, &f, &diag),
			 -EFIVMAP_ERR_OVERLAP);
	assert_int_equal(diag.line, 17);
	free(text);
	/* One descriptor again is not a copy of the map: kept as printed. */
	parse_str("efi:   0x000040000000-0x00004000ffff [Conventional|   |WB]\n"
		  "efi:   0x000040010000-0x00004001ffff [Boot Data|   |WB]\n"
		  "efi:   0x000040000000-0x00004000ffff [Conventional|   |WB]\n",
		  EFIVMAP_TEXT_AUTO, &p);
	assert_int_equal(p.info.count, 3);
	assert_int_equal(p.info.repeated, 0);
	free(p.buf);
	/* Three copies read as one. */
	parse_str("efi:   0x000040000000-0x00004000ffff [Conventional|   |WB]\n"
		  "efi:   0x000040000000-0x00004000ffff [Conventional|   |WB]\n"
		  "efi:   0x000040000000-0x00004000ffff [Conventional|   |WB]\n",
		  EFIVMAP_TEXT_AUTO, &p);
	assert_int_equal(p.info.count, 1);
	assert_int_equal(p.info.repeated, 2);
	free(p.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_every_real_map_parses_to_its_count),
		cmocka_unit_test(test_text_captures_equal_their_bin),
		cmocka_unit_test(test_text_linux_arm64_values),
		cmocka_unit_test(test_text_linux_x86_values),
		cmocka_unit_test(test_text_linux_old_exclusive_end),
		cmocka_unit_test(test_text_uefi_shell_values),
		cmocka_unit_test(test_text_shell_totals_match_footer),
		cmocka_unit_test(test_text_uboot_values),
		cmocka_unit_test(test_text_capture_virt_column),
		cmocka_unit_test(test_text_xen),
		cmocka_unit_test(test_text_freebsd),
		cmocka_unit_test(test_text_noise_is_skipped),
		cmocka_unit_test(test_text_unaligned_start_is_kept),
		cmocka_unit_test(test_text_quoted_and_crlf_files_read_the_same),
		cmocka_unit_test(test_text_output_strides),
		cmocka_unit_test(test_text_reads_back_mmap_format),
		cmocka_unit_test(test_text_syntax_error_names_line),
		cmocka_unit_test(test_text_range_error_names_convention),
		cmocka_unit_test(test_text_unknown_format),
		cmocka_unit_test(test_text_bad_arguments),
		cmocka_unit_test(test_text_nospace_writes_nothing),
		cmocka_unit_test(test_text_nospace_on_size_overflow_fills_info),
		cmocka_unit_test(test_text_raw_binary),
		cmocka_unit_test(test_text_format_names),
		cmocka_unit_test(test_text_detect_reports_format_and_line),
		cmocka_unit_test(test_text_large_dump),
		cmocka_unit_test(test_text_efi110_shell_type_names),
		cmocka_unit_test(test_text_utf16_refused_then_converted),
		cmocka_unit_test(test_text_utf16_converter_edges),
		cmocka_unit_test(test_text_uboot_enum_names_empty_attributes),
		cmocka_unit_test(test_text_uboot_efi_mem),
		cmocka_unit_test(test_text_linux_314_runtime_inferred),
		cmocka_unit_test(test_text_linux_318_without_efi_prefix),
		cmocka_unit_test(test_text_memattr_lines_are_a_mat),
		cmocka_unit_test(test_text_repeated_map_first_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
