// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The /chosen handoff: prepare/commit/read/carry round trips, exact-size
 * buffers, the ExitBootServices hook run twice, hostile blobs, and
 * cross-checks against the dtc tools (dtc builds inputs, fdtget and fdtdump
 * read our outputs).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>
#include <libfdt.h>

#include "efivmap/fdt.h"
#include "testlib.h"

#define RT EFIVMAP_EFI_MEMORY_RUNTIME
#define WB EFIVMAP_EFI_MEMORY_WB

#define SYSTAB     UINT64_C(0x7fe60018)
#define MMAP_START UINT64_C(0x7c3e1018)

/* ---- helpers --------------------------------------------------------- */

static void *abuf(size_t n, int fill)
{
	void *p = aligned_alloc(8, (n + 7) & ~(size_t)7);

	assert_non_null(p);
	memset(p, fill, (n + 7) & ~(size_t)7);
	return p;
}

static void *dup_blob(const void *blob, size_t n)
{
	void *p = abuf(n, 0);

	memcpy(p, blob, n);
	return p;
}

static struct efivmap_fdt_boot boot_plain(void)
{
	struct efivmap_fdt_boot b;

	memset(&b, 0, sizeof(b));
	b.system_table = SYSTAB;
	return b;
}

static struct efivmap_fdt_boot boot_full(void)
{
	struct efivmap_fdt_boot b = boot_plain();

	b.bootargs = "console=ttyAMA0 efi=debug";
	b.initrd_start = 0x48000000;
	b.initrd_end = 0x48a00000;
	b.kaslr_seed = UINT64_C(0x0123456789abcdef);
	b.secure_boot = 2;	/* efi_secureboot_mode_disabled */
	b.flags = EFIVMAP_FDT_SET_INITRD | EFIVMAP_FDT_SET_KASLR_SEED |
		  EFIVMAP_FDT_SET_SECURE_BOOT;
	return b;
}

/* Prepare into a buffer of exactly the size asked for. */
static void *prepare_exact(const void *base, size_t base_size,
			   const struct efivmap_fdt_boot *b, size_t *size)
{
	size_t need = 0;
	void *buf;

	assert_int_equal(efivmap_fdt_prepare(NULL, 0, base, base_size, b,
					     &need, NULL),
			 -EFIVMAP_ERR_NOSPACE);
	assert_true(need > 0);
	buf = abuf(need, 0x5a);
	assert_int_equal(efivmap_fdt_prepare(buf, need, base, base_size, b,
					     NULL, NULL), 0);
	*size = need;
	return buf;
}

static uint64_t get_u(const void *fdt, const char *path, const char *name,
		      int want_len)
{
	int node = fdt_path_offset(fdt, path), len;
	const uint8_t *p;
	uint64_t v = 0;

	assert_true(node >= 0);
	p = fdt_getprop(fdt, node, name, &len);
	assert_non_null(p);
	assert_int_equal(len, want_len);
	for (int i = 0; i < len; i++)
		v = v << 8 | p[i];
	return v;
}

static bool has_prop(const void *fdt, const char *path, const char *name)
{
	int node = fdt_path_offset(fdt, path);

	return node >= 0 && fdt_getprop(fdt, node, name, NULL) != NULL;
}

/* A tree with room, for building test inputs by hand. */
static void *tree_new(size_t size)
{
	void *t = abuf(size, 0);

	assert_int_equal(fdt_create_empty_tree(t, (int)size), 0);
	return t;
}

static int node_add(void *t, const char *path)
{
	const char *slash = strrchr(path, '/');
	char parent[128];
	int p, n;

	n = fdt_path_offset(t, path);
	if (n >= 0)
		return n;
	if (slash == path) {
		p = 0;
	} else {
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - path),
			 path);
		p = node_add(t, parent);
	}
	n = fdt_add_subnode(t, p, slash + 1);
	assert_true(n >= 0);
	return n;
}

static void prop_be(void *t, const char *path, const char *name, uint64_t v,
		    int len)
{
	uint8_t b[16];

	for (int i = 0; i < len; i++) {
		int sh = 8 * (len - 1 - i);

		/* Longer than 8 bytes: the value sits in the low bytes. */
		b[i] = sh < 64 ? (uint8_t)(v >> sh) : 0;
	}
	assert_int_equal(fdt_setprop(t, node_add(t, path), name, b, len), 0);
}

static void packed(void *t)
{
	assert_int_equal(fdt_pack(t), 0);
}

/* A /chosen with all five UEFI properties, in the given cell sizes. */
static void *tree_uefi(const char *path, const char *prefix, int l64, int l32,
		       uint64_t mmsize, uint64_t dcsize)
{
	void *t = tree_new(4096);
	char n[64];

	snprintf(n, sizeof(n), "%s,uefi-system-table", prefix);
	prop_be(t, path, n, SYSTAB, l64);
	snprintf(n, sizeof(n), "%s,uefi-mmap-start", prefix);
	prop_be(t, path, n, MMAP_START, l64);
	snprintf(n, sizeof(n), "%s,uefi-mmap-size", prefix);
	prop_be(t, path, n, mmsize, l32);
	snprintf(n, sizeof(n), "%s,uefi-mmap-desc-size", prefix);
	prop_be(t, path, n, dcsize, l32);
	snprintf(n, sizeof(n), "%s,uefi-mmap-desc-ver", prefix);
	prop_be(t, path, n, 1, l32);
	return t;
}

/* ---- the dtc tools --------------------------------------------------- */

static void need_tool(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	if (system(cmd) != 0)
		fail_msg("%s is required for this test but was not found in "
			 "PATH (Debian package device-tree-compiler)", tool);
}

static char *tmp_path(const char *suffix)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (!dir || !*dir)
		dir = P_tmpdir;
	assert_true(asprintf(&path, "%s/efivmap-fdt-XXXXXX%s", dir,
			     suffix) > 0);
	fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	close(fd);
	return path;
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Run @cmd, return its stdout; the command must succeed. */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *out = calloc(1, 65536);
	size_t n;

	assert_non_null(p);
	assert_non_null(out);
	n = fread(out, 1, 65535, p);
	out[n] = '\0';
	if (pclose(p) != 0)
		fail_msg("command failed: %s\noutput: %s", cmd, out);
	return out;
}

static char *fdtget(const char *file, const char *args)
{
	char *cmd, *out;

	need_tool("fdtget");
	assert_true(asprintf(&cmd, "fdtget %s %s", file, args) > 0);
	out = run(cmd);
	free(cmd);
	return out;
}

/* fdtget @args on @file must print exactly @want. */
static void assert_fdtget(const char *file, const char *args,
			  const char *want)
{
	char *out = fdtget(file, args);

	assert_string_equal(out, want);
	free(out);
}

/* Compile @dts with the real dtc; @extra adds options (padding etc.). */
static void *dtc_blob(const char *dts, const char *extra, size_t *size)
{
	char *src = tmp_path(".dts"), *dtb = tmp_path(".dtb"), *cmd;
	FILE *f;
	long len;
	void *blob;

	need_tool("dtc");
	write_file(src, dts, strlen(dts));
	assert_true(asprintf(&cmd, "dtc -q -I dts -O dtb %s -o %s %s", extra,
			     dtb, src) > 0);
	free(run(cmd));
	f = fopen(dtb, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	blob = abuf((size_t)len, 0);
	assert_int_equal(fread(blob, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	unlink(src);
	unlink(dtb);
	free(src);
	free(dtb);
	free(cmd);
	*size = (size_t)len;
	return blob;
}

/* Shaped like QEMU virt's tree, with a previous kernel's /chosen. */
static const char virt_dts[] =
	"/dts-v1/;\n"
	"/memreserve/ 0x48000000 0x100000;\n"
	"/ {\n"
	"	#address-cells = <2>;\n"
	"	#size-cells = <2>;\n"
	"	compatible = \"linux,dummy-virt\";\n"
	"	chosen {\n"
	"		stdout-path = \"/pl011@9000000\";\n"
	"		bootargs = \"console=ttyAMA0 root=/dev/vda\";\n"
	"		linux,initrd-start = <0x0 0x44000000>;\n"
	"		linux,initrd-end = <0x0 0x44800000>;\n"
	"		kaslr-seed = <0x0 0x0>;\n"
	"	};\n"
	"	memory@40000000 {\n"
	"		device_type = \"memory\";\n"
	"		reg = <0x0 0x40000000 0x0 0x40000000>;\n"
	"	};\n"
	"	pl011@9000000 {\n"
	"		compatible = \"arm,pl011\", \"arm,primecell\";\n"
	"		reg = <0x0 0x9000000 0x0 0x1000>;\n"
	"	};\n"
	"};\n";

static const char nochosen_dts[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	#address-cells = <2>;\n"
	"	#size-cells = <2>;\n"
	"	memory@40000000 {\n"
	"		device_type = \"memory\";\n"
	"		reg = <0x0 0x40000000 0x0 0x40000000>;\n"
	"	};\n"
	"};\n";

/* ---- real memory maps ------------------------------------------------ */

struct real_map {
	char name[128];
	void *buf;
	size_t size;
	uint32_t desc_size;
};

/* Every captured SetVirtualAddressMap input (runtime descriptors with
 * their VirtualStart), with the stride its capture header states. */
static size_t real_maps(struct real_map *out, size_t max)
{
	const char *data = getenv("EFIVMAP_TEST_DATA");
	char dir[4096];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/captured", data ? data : "tests/data");
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		char txt[256], *hdr, *ds;

		if (l < 9 || strcmp(e->d_name + l - 9, "-vmap.bin") != 0)
			continue;
		snprintf(out[n].name, sizeof(out[n].name), "captured/%s",
			 e->d_name);
		out[n].buf = tl_read_data(out[n].name, &out[n].size);
		snprintf(txt, sizeof(txt), "captured/%.*s.txt", (int)(l - 4),
			 e->d_name);
		hdr = tl_read_data(txt, NULL);
		ds = strstr(hdr, "# desc_size ");
		assert_non_null(ds);
		out[n].desc_size = (uint32_t)strtoul(ds + 12, NULL, 0);
		free(hdr);
		n++;
	}
	closedir(d);
	assert_true(n >= 3);
	return n;
}

static void free_maps(struct real_map *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].buf);
}

/* ---- writing --------------------------------------------------------- */

static void test_fdt_round_trip_from_empty_tree(void **state)
{
	struct efivmap_fdt_boot b = boot_full();
	struct efivmap_fdt_uefi u;
	size_t size;
	void *t;
	int node, len;
	const char *s;

	(void)state;
	t = prepare_exact(NULL, 0, &b, &size);
	assert_int_equal(fdt_check_full(t, size), 0);
	/* Placeholders exist, at their final lengths, and are zero. */
	assert_int_equal(get_u(t, "/chosen", "linux,uefi-mmap-start", 8), 0);
	assert_int_equal(get_u(t, "/chosen", "linux,uefi-mmap-size", 4), 0);
	assert_int_equal(get_u(t, "/", "#address-cells", 4), 2);
	assert_int_equal(get_u(t, "/", "#size-cells", 4), 2);

	assert_int_equal(efivmap_fdt_commit(t, MMAP_START, 48 * 37, 48, 1,
					    NULL), 0);
	memset(&u, 0, sizeof(u));
	assert_int_equal(efivmap_fdt_read(t, size, &u, NULL), 0);
	assert_int_equal(u.system_table, SYSTAB);
	assert_int_equal(u.mmap_start, MMAP_START);
	assert_int_equal(u.mmap_size, 48 * 37);
	assert_int_equal(u.desc_size, 48);
	assert_int_equal(u.desc_ver, 1);
	assert_int_equal(u.flags, 0);

	node = fdt_path_offset(t, "/chosen");
	s = fdt_getprop(t, node, "bootargs", &len);
	assert_non_null(s);
	assert_string_equal(s, "console=ttyAMA0 efi=debug");
	assert_int_equal(len, (int)strlen(s) + 1);
	assert_int_equal(get_u(t, "/chosen", "linux,initrd-start", 8),
			 0x48000000);
	assert_int_equal(get_u(t, "/chosen", "linux,initrd-end", 8),
			 0x48a00000);
	assert_int_equal(get_u(t, "/chosen", "kaslr-seed", 8),
			 UINT64_C(0x0123456789abcdef));
	assert_int_equal(get_u(t, "/chosen", "linux,uefi-secure-boot", 4), 2);
	free(t);

	/* Without the flag the property is left out. */
	b.flags &= ~EFIVMAP_FDT_SET_SECURE_BOOT;
	t = prepare_exact(NULL, 0, &b, &size);
	assert_int_equal(fdt_getprop(t, fdt_path_offset(t, "/chosen"),
				     "linux,uefi-secure-boot", &len), NULL);
	free(t);
}

static void test_fdt_round_trip_keeps_base_tree(void **state)
{
	struct efivmap_fdt_boot b = boot_plain();
	struct efivmap_fdt_uefi u;
	size_t bsize, size;
	uint64_t addr, rsize;
	void *base = dtc_blob(virt_dts, "", &bsize), *t;
	const char *s;

	(void)state;
	b.bootargs = "console=ttyAMA0";
	b.flags = EFIVMAP_FDT_CLEAR_INITRD;
	t = prepare_exact(base, bsize, &b, &size);
	assert_int_equal(efivmap_fdt_commit(t, MMAP_START, 40 * 4, 40, 1,
					    NULL), 0);
	assert_int_equal(efivmap_fdt_read(t, size, &u, NULL), 0);
	assert_int_equal(u.mmap_size, 160);
	assert_int_equal(u.desc_size, 40);

	/* Everything not ours survives, memory reservations included. */
	s = fdt_getprop(t, fdt_path_offset(t, "/chosen"), "stdout-path", NULL);
	assert_string_equal(s, "/pl011@9000000");
	s = fdt_getprop(t, fdt_path_offset(t, "/chosen"), "bootargs", NULL);
	assert_string_equal(s, "console=ttyAMA0");
	assert_int_equal(get_u(t, "/memory@40000000", "reg", 16) &
			 0xffffffff, 0x40000000);
	assert_true(fdt_path_offset(t, "/pl011@9000000") >= 0);
	assert_int_equal(fdt_num_mem_rsv(t), 1);
	assert_int_equal(fdt_get_mem_rsv(t, 0, &addr, &rsize), 0);
	assert_int_equal(addr, 0x48000000);
	assert_int_equal(rsize, 0x100000);
	/* Asked to, the previous kernel's initrd is gone; the seed stays. */
	assert_false(has_prop(t, "/chosen", "linux,initrd-start"));
	assert_false(has_prop(t, "/chosen", "linux,initrd-end"));
	assert_true(has_prop(t, "/chosen", "kaslr-seed"));
	free(t);
	free(base);
}

static void test_fdt_prepare_creates_missing_chosen(void **state)
{
	struct efivmap_fdt_boot b = boot_plain();
	struct efivmap_fdt_uefi u;
	size_t bsize, size;
	void *base = dtc_blob(nochosen_dts, "", &bsize), *t;

	(void)state;
	assert_true(fdt_path_offset(base, "/chosen") < 0);
	t = prepare_exact(base, bsize, &b, &size);
	assert_true(fdt_path_offset(t, "/chosen") >= 0);
	assert_int_equal(efivmap_fdt_commit(t, MMAP_START, 48, 48, 1, NULL),
			 0);
	assert_int_equal(efivmap_fdt_read(t, size, &u, NULL), 0);
	assert_int_equal(u.system_table, SYSTAB);
	assert_true(fdt_path_offset(t, "/memory@40000000") >= 0);
	free(t);
	free(base);
}

static void test_fdt_prepare_in_place(void **state)
{
	struct efivmap_fdt_boot b = boot_full();
	struct efivmap_fdt_uefi u;
	size_t bsize, need = 0;
	void *base = dtc_blob(virt_dts, "", &bsize), *buf;

	(void)state;
	assert_int_equal(efivmap_fdt_prepare(NULL, 0, base, bsize, &b, &need,
					     NULL), -EFIVMAP_ERR_NOSPACE);
	buf = abuf(need, 0);
	memcpy(buf, base, bsize);
	assert_int_equal(efivmap_fdt_prepare(buf, need, buf, bsize, &b, NULL,
					     NULL), 0);
	assert_int_equal(efivmap_fdt_commit(buf, MMAP_START, 96, 48, 1, NULL),
			 0);
	assert_int_equal(efivmap_fdt_read(buf, need, &u, NULL), 0);
	assert_int_equal(u.mmap_size, 96);
	assert_int_equal(fdt_totalsize(buf), need);
	free(buf);
	free(base);
}

/*
 * For every kind of input tree: one byte short fails with NOSPACE and
 * leaves the buffer as it was (in place too), the exact size succeeds.
 */
static void check_exact_size(const void *base, size_t bsize,
			     const struct efivmap_fdt_boot *b)
{
	size_t need = 0, need2 = 0;
	struct efivmap_diag diag;
	uint8_t *buf, *copy;

	assert_int_equal(efivmap_fdt_prepare(NULL, 0, base, bsize, b, &need,
					     NULL), -EFIVMAP_ERR_NOSPACE);

	buf = abuf(need - 1, 0xc3);
	copy = dup_blob(buf, need - 1);
	assert_int_equal(efivmap_fdt_prepare(buf, need - 1, base, bsize, b,
					     &need2, &diag),
			 -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(need2, need);
	assert_int_equal(diag.err, -EFIVMAP_ERR_NOSPACE);
	assert_memory_equal(buf, copy, need - 1);
	free(buf);
	free(copy);

	if (base) {
		/* In place: the tree sits in a buffer one byte too small. */
		buf = abuf(need - 1, 0xc3);
		memcpy(buf, base, bsize < need - 1 ? bsize : need - 1);
		copy = dup_blob(buf, need - 1);
		assert_int_equal(efivmap_fdt_prepare(buf, need - 1, buf,
						     bsize, b, NULL, NULL),
				 -EFIVMAP_ERR_NOSPACE);
		assert_memory_equal(buf, copy, need - 1);
		free(buf);
		free(copy);
	}

	buf = abuf(need, 0xc3);
	assert_int_equal(efivmap_fdt_prepare(buf, need, base, bsize, b, &need2,
					     NULL), 0);
	assert_int_equal(need2, need);
	assert_int_equal(fdt_check_full(buf, need), 0);
	assert_int_equal(efivmap_fdt_commit(buf, MMAP_START, 480, 48, 1,
					    NULL), 0);
	free(buf);

	if (base) {
		/* In place, in a buffer of exactly the size asked for. */
		buf = abuf(need, 0xc3);
		memcpy(buf, base, bsize < need ? bsize : need);
		assert_int_equal(efivmap_fdt_prepare(buf, need, buf, bsize, b,
						     NULL, NULL), 0);
		assert_int_equal(fdt_check_full(buf, need), 0);
		free(buf);
	}
}

static void test_fdt_prepare_exact_size_buffers(void **state)
{
	struct efivmap_fdt_boot plain = boot_plain(), full = boot_full();
	struct efivmap_fdt_boot clear = boot_plain();
	size_t s1, s2, s3, s4;
	void *virt = dtc_blob(virt_dts, "", &s1);
	void *padded = dtc_blob(virt_dts, "-p 512", &s2);
	void *nochosen = dtc_blob(nochosen_dts, "", &s3);
	void *prepared;

	(void)state;
	clear.flags = EFIVMAP_FDT_CLEAR_INITRD;
	check_exact_size(NULL, 0, &plain);
	check_exact_size(NULL, 0, &full);
	check_exact_size(virt, s1, &plain);
	check_exact_size(virt, s1, &full);
	check_exact_size(virt, s1, &clear);
	/* Trailing free space is kept by libfdt, so it counts. */
	check_exact_size(padded, s2, &full);
	check_exact_size(nochosen, s3, &full);
	/* Preparing an already prepared tree again. */
	prepared = prepare_exact(virt, s1, &full, &s4);
	check_exact_size(prepared, s4, &full);
	free(prepared);
	free(virt);
	free(padded);
	free(nochosen);
}

/* Strings block before the structure block: libfdt rebuilds the tree. */
static void test_fdt_prepare_reorders_misordered_tree(void **state)
{
	struct efivmap_fdt_boot b = boot_full();
	size_t bsize, hdr_rsv, st_off, st_len, str_off, str_len, size;
	uint8_t *base, *mis;
	struct efivmap_fdt_uefi u;
	void *t;

	(void)state;
	base = dtc_blob(virt_dts, "", &bsize);
	st_off = fdt_off_dt_struct(base);
	st_len = fdt_size_dt_struct(base);
	str_off = fdt_off_dt_strings(base);
	str_len = fdt_size_dt_strings(base);
	hdr_rsv = st_off;
	mis = abuf(bsize + 8, 0);
	memcpy(mis, base, hdr_rsv);
	memcpy(mis + hdr_rsv, base + str_off, str_len);
	st_off = (hdr_rsv + str_len + 7) & ~(size_t)7;
	memcpy(mis + st_off, base + fdt_off_dt_struct(base), st_len);
	fdt_set_off_dt_strings(mis, (uint32_t)hdr_rsv);
	fdt_set_off_dt_struct(mis, (uint32_t)st_off);
	fdt_set_totalsize(mis, (uint32_t)(st_off + st_len));
	assert_int_equal(fdt_check_full(mis, bsize + 8), 0);

	check_exact_size(mis, bsize + 8, &b);
	t = prepare_exact(mis, bsize + 8, &b, &size);
	assert_int_equal(efivmap_fdt_commit(t, MMAP_START, 48, 48, 1, NULL),
			 0);
	assert_int_equal(efivmap_fdt_read(t, size, &u, NULL), 0);
	assert_int_equal(u.system_table, SYSTAB);
	free(t);
	free(mis);
	free(base);
}

static void test_fdt_prepare_rejects_bad_arguments(void **state)
{
	struct efivmap_fdt_boot b = boot_plain();
	struct efivmap_diag diag;
	size_t need = 7;
	uint8_t *buf = abuf(4096, 0x11), *copy = dup_blob(buf, 4096);

	(void)state;
	assert_int_equal(efivmap_fdt_prepare(buf, 4096, NULL, 0, NULL, &need,
					     NULL), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_fdt_prepare(NULL, 64, NULL, 0, &b, &need,
					     NULL), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_fdt_prepare(buf + 4, 4000, NULL, 0, &b,
					     &need, NULL), -EFIVMAP_ERR_INVAL);
	b.flags = 0x80;
	assert_int_equal(efivmap_fdt_prepare(buf, 4096, NULL, 0, &b, &need,
					     &diag), -EFIVMAP_ERR_INVAL);
	assert_int_equal(diag.err, -EFIVMAP_ERR_INVAL);
	b.flags = EFIVMAP_FDT_SET_INITRD | EFIVMAP_FDT_CLEAR_INITRD;
	assert_int_equal(efivmap_fdt_prepare(buf, 4096, NULL, 0, &b, &need,
					     NULL), -EFIVMAP_ERR_INVAL);
	b.flags = EFIVMAP_FDT_SET_INITRD;
	b.initrd_start = 0x2000;
	b.initrd_end = 0x1000;
	assert_int_equal(efivmap_fdt_prepare(buf, 4096, NULL, 0, &b, &need,
					     NULL), -EFIVMAP_ERR_RANGE);
	/* A corrupt base is refused before anything is written. */
	b = boot_plain();
	memcpy(copy, buf, 4096);
	assert_int_equal(efivmap_fdt_prepare(buf, 4096, copy, 4096, &b, &need,
					     &diag), -EFIVMAP_ERR_FDT);
	assert_string_equal(diag.what, "not a device tree (bad magic)");
	assert_memory_equal(buf, copy, 4096);
	assert_int_equal(need, 7);

	/* An output that overlaps the base without being it. */
	assert_int_equal(fdt_create_empty_tree(buf, 2048), 0);
	memcpy(copy, buf, 4096);
	assert_int_equal(efivmap_fdt_prepare(buf + 8, 4000, buf, 2048, &b,
					     &need, NULL), -EFIVMAP_ERR_INVAL);
	assert_memory_equal(buf, copy, 4096);
	free(buf);
	free(copy);
}

/* ---- commit (the ExitBootServices hook) ------------------------------ */

static void test_fdt_commit_twice_like_a_retried_hook(void **state)
{
	struct efivmap_fdt_boot b = boot_full();
	size_t bsize, size;
	void *base = dtc_blob(virt_dts, "", &bsize);
	uint8_t *t, *first, *again;
	struct efivmap_fdt_uefi u;
	size_t diff = 0;

	(void)state;
	t = prepare_exact(base, bsize, &b, &size);
	/* First ExitBootServices attempt. */
	assert_int_equal(efivmap_fdt_commit(t, MMAP_START, 48 * 30, 48, 1,
					    NULL), 0);
	first = dup_blob(t, size);
	/* It failed; the map grew and moved by a descriptor; run again. */
	assert_int_equal(efivmap_fdt_commit(t, MMAP_START + 0x1000, 48 * 31,
					    48, 1, NULL), 0);
	assert_int_equal(efivmap_fdt_read(t, size, &u, NULL), 0);
	assert_int_equal(u.mmap_start, MMAP_START + 0x1000);
	assert_int_equal(u.mmap_size, 48 * 31);
	/* Nothing moved: only bytes of the two changed values differ. */
	assert_int_equal(fdt_totalsize(t), fdt_totalsize(first));
	for (size_t i = 0; i < size; i++)
		diff += t[i] != first[i];
	assert_true(diff >= 1 && diff <= 12);
	assert_int_equal(fdt_off_dt_strings(t), fdt_off_dt_strings(first));
	assert_int_equal(fdt_size_dt_struct(t), fdt_size_dt_struct(first));
	/* The same values twice give the same bytes. */
	again = dup_blob(t, size);
	assert_int_equal(efivmap_fdt_commit(t, MMAP_START + 0x1000, 48 * 31,
					    48, 1, NULL), 0);
	assert_memory_equal(t, again, size);
	free(again);
	free(first);
	free(t);
	free(base);
}

/* Every refusal leaves the tree as it was. */
static void commit_fails(void *t, uint64_t start, uint64_t size,
			 uint64_t dsize, int err, const char *what)
{
	size_t n = fdt_totalsize(t);
	uint8_t *copy = dup_blob(t, n);
	struct efivmap_diag diag;

	memset(&diag, 0, sizeof(diag));
	assert_int_equal(efivmap_fdt_commit(t, start, size, dsize, 1, &diag),
			 err);
	assert_int_equal(diag.err, err);
	if (what)
		assert_string_equal(diag.what, what);
	assert_memory_equal(t, copy, n);
	free(copy);
}

static void test_fdt_commit_refuses_unprepared_trees(void **state)
{
	struct efivmap_fdt_boot b = boot_plain();
	size_t size;
	void *t, *u;

	(void)state;
	/* No /chosen at all. */
	t = tree_new(1024);
	commit_fails(t, MMAP_START, 48, 48, -EFIVMAP_ERR_FDT_NOPROP,
		     "device tree has no /chosen node");
	/* /chosen without placeholders. */
	node_add(t, "/chosen");
	commit_fails(t, MMAP_START, 48, 48, -EFIVMAP_ERR_FDT_NOPROP,
		     "/chosen has no linux,uefi-mmap-start");
	free(t);

	/* A placeholder whose length prepare would not have given it. */
	t = prepare_exact(NULL, 0, &b, &size);
	u = tree_new(size + 64);
	assert_int_equal(fdt_open_into(t, u, (int)size + 64), 0);
	prop_be(u, "/chosen", "linux,uefi-mmap-desc-size", 0, 8);
	commit_fails(u, MMAP_START, 48, 48, -EFIVMAP_ERR_FDT_BADLEN,
		     "linux,uefi-mmap-desc-size has the wrong length");
	assert_int_equal(fdt_delprop(u, fdt_path_offset(u, "/chosen"),
				     "linux,uefi-mmap-desc-ver"), 0);
	commit_fails(u, MMAP_START, 48, 48, -EFIVMAP_ERR_FDT_BADLEN, NULL);
	prop_be(u, "/chosen", "linux,uefi-mmap-desc-size", 0, 4);
	commit_fails(u, MMAP_START, 48, 48, -EFIVMAP_ERR_FDT_NOPROP,
		     "/chosen has no linux,uefi-mmap-desc-ver");
	free(u);

	/* Values the reader would refuse are refused here too. */
	commit_fails(t, MMAP_START, UINT64_C(1) << 32, 48,
		     -EFIVMAP_ERR_MAP_SIZE, NULL);
	commit_fails(t, MMAP_START, 48, 32, -EFIVMAP_ERR_DESC_SIZE, NULL);
	commit_fails(t, MMAP_START, 48, UINT64_C(1) << 32,
		     -EFIVMAP_ERR_DESC_SIZE, NULL);
	commit_fails(t, UINT64_MAX - 0x10, 48, 48, -EFIVMAP_ERR_OVERFLOW,
		     NULL);
	/* A corrupt header. */
	fdt_set_magic(t, 0x12345678);
	commit_fails(t, MMAP_START, 48, 48, -EFIVMAP_ERR_FDT, NULL);
	assert_int_equal(efivmap_fdt_commit(NULL, 0, 48, 48, 1, NULL),
			 -EFIVMAP_ERR_INVAL);
	free(t);
}

/* ---- reading ---------------------------------------------------------- */

static void test_fdt_read_accepts_both_cell_sizes(void **state)
{
	struct efivmap_fdt_uefi u;
	void *t;

	(void)state;
	/* 4-byte u64s, 8-byte u32s: Linux reads both. */
	t = tree_uefi("/chosen", "linux", 4, 8, 480, 48);
	assert_int_equal(efivmap_fdt_read(t, fdt_totalsize(t), &u, NULL), 0);
	assert_int_equal(u.system_table, SYSTAB);
	assert_int_equal(u.mmap_start, MMAP_START);
	assert_int_equal(u.mmap_size, 480);
	assert_int_equal(u.desc_size, 48);
	assert_int_equal(u.desc_ver, 1);
	free(t);

	t = tree_uefi("/chosen", "linux", 8, 4, 480, 40);
	assert_int_equal(efivmap_fdt_read(t, fdt_totalsize(t), &u, NULL), 0);
	assert_int_equal(u.desc_size, 40);
	free(t);
}

static void test_fdt_read_saturates_u32_values(void **state)
{
	struct efivmap_fdt_uefi u;
	void *t;

	(void)state;
	t = tree_uefi("/chosen", "linux", 8, 8, UINT64_C(0x100000030), 48);
	assert_int_equal(efivmap_fdt_read(t, fdt_totalsize(t), &u, NULL), 0);
	assert_int_equal(u.mmap_size, UINT32_MAX);
	free(t);
	t = tree_uefi("/chosen", "linux", 8, 8, 480,
		      UINT64_C(0xffffffffffff0030));
	assert_int_equal(efivmap_fdt_read(t, fdt_totalsize(t), &u, NULL), 0);
	assert_int_equal(u.desc_size, UINT32_MAX);
	free(t);
}

static void test_fdt_read_xen_hypervisor_node(void **state)
{
	struct efivmap_fdt_uefi u;
	struct efivmap_diag diag;
	void *t;

	(void)state;
	t = tree_uefi("/hypervisor/uefi", "xen", 8, 4, 96, 48);
	assert_int_equal(efivmap_fdt_read(t, fdt_totalsize(t), &u, NULL), 0);
	assert_int_equal(u.flags, EFIVMAP_FDT_UEFI_XEN);
	assert_int_equal(u.mmap_start, MMAP_START);
	assert_int_equal(u.mmap_size, 96);
	free(t);

	/* As in Linux, an existing /hypervisor/uefi decides even when
	 * /chosen would be complete. */
	t = tree_uefi("/chosen", "linux", 8, 4, 96, 48);
	assert_int_equal(fdt_open_into(t, t, 4096), 0);
	node_add(t, "/hypervisor/uefi");
	assert_int_equal(efivmap_fdt_read(t, 4096, &u, &diag),
			 -EFIVMAP_ERR_FDT_NOPROP);
	assert_string_equal(diag.what,
			    "/hypervisor/uefi has no xen,uefi-system-table");
	free(t);
}

/* Values carried into /chosen would hide behind the old Xen node. */
static void test_fdt_carry_refuses_xen_handoff(void **state)
{
	struct efivmap_fdt_boot b;
	struct efivmap_fdt_uefi u;
	struct efivmap_diag diag;
	uint8_t out[8192] __attribute__((aligned(8)));
	size_t needed = 0;
	void *t;

	(void)state;
	t = tree_uefi("/hypervisor/uefi", "xen", 8, 4, 96, 48);
	assert_int_equal(efivmap_fdt_read(t, fdt_totalsize(t), &u, NULL), 0);
	memset(out, 0x3c, sizeof(out));
	assert_int_equal(efivmap_fdt_carry(out, sizeof(out), t,
					   fdt_totalsize(t), &u, NULL,
					   &needed, &diag),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(diag.err, -EFIVMAP_ERR_UNSUPPORTED);
	b = boot_plain();
	assert_int_equal(efivmap_fdt_prepare(out, sizeof(out), t,
					     fdt_totalsize(t), &b, &needed,
					     NULL), -EFIVMAP_ERR_UNSUPPORTED);
	for (size_t i = 0; i < sizeof(out); i++)
		assert_int_equal(out[i], 0x3c);
	free(t);

	/* Even an empty node: Linux then reports no UEFI at all. */
	t = tree_uefi("/chosen", "linux", 8, 4, 96, 48);
	assert_int_equal(fdt_open_into(t, t, 4096), 0);
	node_add(t, "/hypervisor/uefi");
	assert_int_equal(efivmap_fdt_prepare(out, sizeof(out), t, 4096, &b,
					     &needed, NULL),
			 -EFIVMAP_ERR_UNSUPPORTED);
	free(t);
}

static void read_fails(const void *t, size_t size, int err, const char *what)
{
	struct efivmap_fdt_uefi u;
	struct efivmap_diag diag;

	memset(&u, 0x77, sizeof(u));
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(efivmap_fdt_read(t, size, &u, &diag), err);
	assert_int_equal(diag.err, err);
	if (what)
		assert_string_equal(diag.what, what);
	/* The output is untouched. */
	for (size_t i = 0; i < sizeof(u); i++)
		assert_int_equal(((uint8_t *)&u)[i], 0x77);
}

static void test_fdt_read_names_missing_properties(void **state)
{
	static const char *const names[] = {
		"linux,uefi-system-table", "linux,uefi-mmap-start",
		"linux,uefi-mmap-size", "linux,uefi-mmap-desc-size",
		"linux,uefi-mmap-desc-ver",
	};
	char what[128];
	void *t;

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		t = tree_uefi("/chosen", "linux", 8, 4, 96, 48);
		assert_int_equal(fdt_delprop(t, fdt_path_offset(t, "/chosen"),
					     names[i]), 0);
		snprintf(what, sizeof(what), "/chosen has no %s", names[i]);
		read_fails(t, fdt_totalsize(t), -EFIVMAP_ERR_FDT_NOPROP, what);
		free(t);
	}
	t = tree_new(256);
	read_fails(t, 256, -EFIVMAP_ERR_FDT_NOPROP,
		   "device tree has no /chosen node");
	free(t);
}

static void test_fdt_read_rejects_bad_values(void **state)
{
	struct efivmap_diag diag;
	struct efivmap_fdt_uefi u;
	void *t;

	(void)state;
	/* Lengths Linux would misread: 2, 12 and 0 bytes. */
	t = tree_uefi("/chosen", "linux", 8, 4, 96, 48);
	prop_be(t, "/chosen", "linux,uefi-mmap-size", 96, 2);
	read_fails(t, fdt_totalsize(t), -EFIVMAP_ERR_FDT_BADLEN,
		   "linux,uefi-mmap-size has the wrong length");
	free(t);
	t = tree_uefi("/chosen", "linux", 8, 4, 96, 48);
	prop_be(t, "/chosen", "linux,uefi-mmap-start", 0, 12);
	read_fails(t, fdt_totalsize(t), -EFIVMAP_ERR_FDT_BADLEN,
		   "linux,uefi-mmap-start has the wrong length");
	free(t);
	t = tree_uefi("/chosen", "linux", 8, 4, 96, 48);
	assert_int_equal(fdt_setprop(t, fdt_path_offset(t, "/chosen"),
				     "linux,uefi-system-table", NULL, 0), 0);
	read_fails(t, fdt_totalsize(t), -EFIVMAP_ERR_FDT_BADLEN, NULL);
	free(t);

	t = tree_uefi("/chosen", "linux", 8, 4, 96, 32);
	read_fails(t, fdt_totalsize(t), -EFIVMAP_ERR_DESC_SIZE, NULL);
	assert_int_equal(efivmap_fdt_read(t, fdt_totalsize(t), &u, &diag),
			 -EFIVMAP_ERR_DESC_SIZE);
	assert_int_equal(diag.addr, 32);
	free(t);

	t = tree_new(4096);
	prop_be(t, "/chosen", "linux,uefi-system-table", SYSTAB, 8);
	prop_be(t, "/chosen", "linux,uefi-mmap-start", UINT64_MAX - 0xfff, 8);
	prop_be(t, "/chosen", "linux,uefi-mmap-size", 0x2000, 4);
	prop_be(t, "/chosen", "linux,uefi-mmap-desc-size", 48, 4);
	prop_be(t, "/chosen", "linux,uefi-mmap-desc-ver", 1, 4);
	read_fails(t, 4096, -EFIVMAP_ERR_OVERFLOW, NULL);
	/* Ending exactly at the top of the address space is fine. */
	prop_be(t, "/chosen", "linux,uefi-mmap-size", 0x1000, 4);
	assert_int_equal(efivmap_fdt_read(t, 4096, &u, NULL), 0);
	free(t);
}

static void set_be32(void *blob, size_t off, uint32_t v)
{
	uint8_t *p = (uint8_t *)blob + off;

	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Offset of a property's header (its FDT_PROP tag) in the blob. */
static size_t prop_offset(const void *t, const char *name)
{
	int off;

	fdt_for_each_property_offset(off, t, fdt_path_offset(t, "/chosen")) {
		const char *n;

		fdt_getprop_by_offset(t, off, &n, NULL);
		if (strcmp(n, name) == 0)
			return fdt_off_dt_struct(t) + (size_t)off;
	}
	fail_msg("no property %s", name);
	return 0;
}

static void test_fdt_read_rejects_hostile_blobs(void **state)
{
	size_t n;
	uint8_t *good, *t;

	(void)state;
	good = tree_uefi("/chosen", "linux", 8, 4, 96, 48);
	packed(good);
	n = fdt_totalsize(good);
	assert_int_equal(efivmap_fdt_read(good, n,
					  &(struct efivmap_fdt_uefi){ 0 },
					  NULL), 0);

	/* Truncated: the buffer ends before totalsize, or inside the header. */
	read_fails(good, n - 1, -EFIVMAP_ERR_FDT, NULL);
	read_fails(good, 20, -EFIVMAP_ERR_FDT, "device tree truncated");
	read_fails(good, 0, -EFIVMAP_ERR_FDT, "device tree truncated");

	t = dup_blob(good, n);
	fdt_set_magic(t, 0xedfe0dd0);
	read_fails(t, n, -EFIVMAP_ERR_FDT, "not a device tree (bad magic)");
	free(t);

	t = dup_blob(good, n);
	fdt_set_version(t, 1);
	fdt_set_last_comp_version(t, 1);
	read_fails(t, n, -EFIVMAP_ERR_FDT, "unsupported device tree version");
	free(t);

	/* Block offsets and sizes pointing outside the blob. */
	t = dup_blob(good, n);
	fdt_set_off_dt_struct(t, (uint32_t)n + 64);
	read_fails(t, n, -EFIVMAP_ERR_FDT, NULL);
	free(t);
	t = dup_blob(good, n);
	fdt_set_off_dt_strings(t, 0xfffffff0);
	read_fails(t, n, -EFIVMAP_ERR_FDT, NULL);
	free(t);
	t = dup_blob(good, n);
	fdt_set_size_dt_struct(t, (uint32_t)n);
	read_fails(t, n, -EFIVMAP_ERR_FDT, NULL);
	free(t);
	t = dup_blob(good, n);
	fdt_set_off_mem_rsvmap(t, (uint32_t)n - 8);
	read_fails(t, n, -EFIVMAP_ERR_FDT, NULL);
	free(t);

	/* A property whose name offset leaves the strings block. */
	t = dup_blob(good, n);
	set_be32(t, prop_offset(good, "linux,uefi-mmap-size") + 8, 0x7fff0000);
	read_fails(t, n, -EFIVMAP_ERR_FDT, NULL);
	free(t);
	/* A property whose length runs past the structure block. */
	t = dup_blob(good, n);
	set_be32(t, prop_offset(good, "linux,uefi-mmap-desc-ver") + 4,
		 0x10000);
	read_fails(t, n, -EFIVMAP_ERR_FDT, NULL);
	free(t);
	/* A property that claims 8 bytes where the value holds 4: the next
	 * tag becomes part of the value and the structure breaks. */
	t = dup_blob(good, n);
	set_be32(t, prop_offset(good, "linux,uefi-mmap-desc-ver") + 4, 8);
	read_fails(t, n, -EFIVMAP_ERR_FDT, NULL);
	free(t);
	/* A structure block that never ends its root node. */
	t = dup_blob(good, n);
	set_be32(t, fdt_off_dt_struct(good) + fdt_size_dt_struct(good) - 4,
		 FDT_NOP);
	read_fails(t, n, -EFIVMAP_ERR_FDT, NULL);
	free(t);

	/* A misaligned blob is the caller's error. */
	t = abuf(n + 8, 0);
	memcpy(t + 4, good, n);
	read_fails(t + 4, n, -EFIVMAP_ERR_INVAL, NULL);
	free(t);
	free(good);
}

/*
 * Flip bits in every byte of a valid blob: whatever happens, the reader
 * answers with one of its documented codes, and what it accepts is usable.
 */
/*
 * A fuzzer-found version-15 blob on which libfdt 1.6.1's fdt_check_full()
 * reads through a NULL pointer; it must be refused before that.
 */
static void test_fdt_read_refuses_crafted_old_version(void **state)
{
	size_t n;
	void *t = tl_read_data("fdt-crafted-v15.dtb", &n);

	(void)state;
	assert_int_equal(fdt_version(t), 15);
	read_fails(t, n, -EFIVMAP_ERR_FDT, "unsupported device tree version");
	free(t);
}

static void test_fdt_read_survives_every_byte_corrupted(void **state)
{
	static const uint8_t flips[] = { 0x01, 0x08, 0x80, 0xff };
	size_t n, accepted = 0, refused = 0;
	uint8_t *good, *t;

	(void)state;
	good = tree_uefi("/chosen", "linux", 8, 4, 96, 48);
	packed(good);
	n = fdt_totalsize(good);
	t = abuf(n, 0);
	for (size_t i = 0; i < n; i++) {
		for (size_t f = 0; f < sizeof(flips); f++) {
			struct efivmap_fdt_uefi u;
			int err;

			memcpy(t, good, n);
			t[i] ^= flips[f];
			err = efivmap_fdt_read(t, n, &u, NULL);
			if (err == 0) {
				accepted++;
				assert_true(u.desc_size >= 40);
				assert_true(u.mmap_size == 0 ||
					    u.mmap_start + u.mmap_size - 1 >=
					    u.mmap_start);
				continue;
			}
			refused++;
			assert_true(err == -EFIVMAP_ERR_FDT ||
				    err == -EFIVMAP_ERR_FDT_NOPROP ||
				    err == -EFIVMAP_ERR_FDT_BADLEN ||
				    err == -EFIVMAP_ERR_DESC_SIZE ||
				    err == -EFIVMAP_ERR_OVERFLOW);
		}
	}
	/* Value bytes may change freely; structure bytes may not. */
	assert_true(accepted > 0);
	assert_true(refused > 0);
	free(t);
	free(good);
}

/* ---- memory map view and carry ---------------------------------------- */

static void test_fdt_mmap_view_over_real_maps(void **state)
{
	struct real_map maps[16];
	size_t n = real_maps(maps, 16);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct efivmap_fdt_boot b = boot_plain();
		struct efivmap_fdt_uefi u;
		struct efivmap_mmap map;
		size_t size;
		void *t;

		t = prepare_exact(NULL, 0, &b, &size);
		assert_int_equal(efivmap_fdt_commit(t, MMAP_START,
						    maps[i].size,
						    maps[i].desc_size, 1,
						    NULL), 0);
		assert_int_equal(efivmap_fdt_read(t, size, &u, NULL), 0);
		assert_int_equal(efivmap_fdt_mmap(&u, maps[i].buf,
						  maps[i].size, &map, NULL),
				 0);
		assert_int_equal(map.desc_size, maps[i].desc_size);
		assert_int_equal(map.count, maps[i].size / maps[i].desc_size);
		/* Every descriptor of a vmap capture is runtime, with a VA. */
		assert_int_equal(efivmap_mmap_count_runtime(&map), map.count);
		for (size_t d = 0; d < map.count; d++)
			assert_true(efivmap_mmap_get(&map, d)->virt_start != 0);
		/* A short read of the map is refused. */
		assert_int_equal(efivmap_fdt_mmap(&u, maps[i].buf,
						  maps[i].size - 8, &map,
						  NULL),
				 -EFIVMAP_ERR_MAP_SIZE);
		free(t);
	}
	free_maps(maps, n);
}

static void test_fdt_mmap_view_at_every_stride(void **state)
{
	static const size_t strides[] = { 40, 48, 64 };

	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct efivmap_fdt_uefi u;
		struct efivmap_mmap map;
		struct efivmap_diag diag;
		struct efivmap_findings fs;
		struct efivmap_finding fnd;
		struct tl_map m;

		tl_map_init(&m, strides[s]);
		tl_map_add(&m, EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x100, WB);
		tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x40100000,
			   0x10, WB | RT);
		tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x40110000,
			   0x20, WB | RT);
		memset(&u, 0, sizeof(u));
		u.mmap_start = MMAP_START;
		u.mmap_size = (uint32_t)tl_map_size(&m);
		u.desc_size = (uint32_t)strides[s];
		u.desc_ver = 1;
		assert_int_equal(efivmap_fdt_mmap(&u, m.buf, tl_map_size(&m),
						  &map, NULL), 0);
		assert_int_equal(map.count, 3);
		assert_int_equal(efivmap_mmap_get(&map, 2)->phys_start,
				 0x40110000);
		/* A size that is not whole descriptors, a bad version. */
		u.mmap_size -= 8;
		assert_int_equal(efivmap_fdt_mmap(&u, m.buf, tl_map_size(&m),
						  &map, NULL),
				 -EFIVMAP_ERR_MAP_SIZE);
		u.mmap_size += 8;
		/* version 2: tolerated, as Linux only warns; strict refuses */
		u.desc_ver = 2;
		assert_int_equal(efivmap_fdt_mmap(&u, m.buf, tl_map_size(&m),
						  &map, &diag), 0);
		efivmap_findings_init(&fs, &fnd, 1);
		assert_int_equal(efivmap_fdt_mmap_ex(&u, m.buf, tl_map_size(&m),
						     &map, &fs, &diag), 0);
		assert_int_equal(fs.count, 1);
		assert_int_equal(fnd.cls, EFIVMAP_FIND_DESC_VERSION);
		fs.flags = EFIVMAP_FINDINGS_STRICT;
		assert_int_equal(efivmap_fdt_mmap_ex(&u, m.buf, tl_map_size(&m),
						     &map, &fs, &diag),
				 -EFIVMAP_ERR_VERSION);
		tl_map_free(&m);
	}
}

static void test_fdt_carry_round_trip_real_maps(void **state)
{
	struct real_map maps[16];
	size_t n = real_maps(maps, 16), bsize;
	void *base = dtc_blob(virt_dts, "", &bsize);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct efivmap_fdt_boot b = boot_plain(), next;
		struct efivmap_fdt_uefi u, u2;
		size_t size, need = 0;
		void *cur, *out;

		/* The tree the first kernel got from the boot stub. */
		b.bootargs = "console=ttyAMA0";
		cur = prepare_exact(base, bsize, &b, &size);
		assert_int_equal(efivmap_fdt_commit(cur, MMAP_START,
						    maps[i].size,
						    maps[i].desc_size, 1,
						    NULL), 0);
		assert_int_equal(efivmap_fdt_read(cur, size, &u, NULL), 0);

		/* The next kernel's, with a new command line, no initrd. */
		memset(&next, 0, sizeof(next));
		next.bootargs = "console=ttyAMA0 kexec=2";
		next.kaslr_seed = 42;
		next.flags = EFIVMAP_FDT_CLEAR_INITRD |
			     EFIVMAP_FDT_SET_KASLR_SEED;
		out = abuf(size + 256, 0);
		assert_int_equal(efivmap_fdt_carry(out, size + 256, cur, size,
						   &u, &next, &need, NULL), 0);
		/* Packed, so it can go to a file as it is. */
		assert_int_equal(need, fdt_totalsize(out));
		assert_int_equal(fdt_totalsize(out),
				 fdt_off_dt_strings(out) +
				 fdt_size_dt_strings(out));
		memset(&u2, 0, sizeof(u2));
		assert_int_equal(efivmap_fdt_read(out, need, &u2, NULL), 0);
		assert_memory_equal(&u, &u2, sizeof(u));
		assert_string_equal(fdt_getprop(out,
						fdt_path_offset(out, "/chosen"),
						"bootargs", NULL),
				    "console=ttyAMA0 kexec=2");
		assert_false(has_prop(out, "/chosen", "linux,initrd-start"));
		assert_int_equal(get_u(out, "/chosen", "kaslr-seed", 8), 42);
		free(out);
		free(cur);
	}
	free(base);
	free_maps(maps, n);
}

static void test_fdt_carry_exact_size_and_bad_input(void **state)
{
	struct efivmap_fdt_boot b = boot_plain();
	struct efivmap_fdt_uefi u;
	size_t size, need = 0, need2 = 0;
	uint8_t *cur, *out, *copy;

	(void)state;
	cur = prepare_exact(NULL, 0, &b, &size);
	assert_int_equal(efivmap_fdt_commit(cur, MMAP_START, 96, 48, 1, NULL),
			 0);
	assert_int_equal(efivmap_fdt_read(cur, size, &u, NULL), 0);

	out = abuf(8, 0);
	assert_int_equal(efivmap_fdt_carry(out, 8, cur, size, &u, NULL, &need,
					   NULL), -EFIVMAP_ERR_NOSPACE);
	free(out);
	out = abuf(need - 1, 0x3c);
	copy = dup_blob(out, need - 1);
	assert_int_equal(efivmap_fdt_carry(out, need - 1, cur, size, &u, NULL,
					   &need2, NULL), -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(need2, need);
	assert_memory_equal(out, copy, need - 1);
	free(out);
	free(copy);
	out = abuf(need, 0x3c);
	assert_int_equal(efivmap_fdt_carry(out, need, cur, size, &u, NULL,
					   &need2, NULL), 0);
	assert_true(need2 <= need);

	/* Overlapping buffers, bad carried values. */
	assert_int_equal(efivmap_fdt_carry(cur, size, cur, size, &u, NULL,
					   NULL, NULL), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_fdt_carry(out, need, cur, size, NULL, NULL,
					   NULL, NULL), -EFIVMAP_ERR_INVAL);
	u.desc_size = 24;
	assert_int_equal(efivmap_fdt_carry(out, need, cur, size, &u, NULL,
					   NULL, NULL),
			 -EFIVMAP_ERR_DESC_SIZE);
	u.desc_size = 48;
	u.mmap_start = UINT64_MAX - 16;
	assert_int_equal(efivmap_fdt_carry(out, need, cur, size, &u, NULL,
					   NULL, NULL), -EFIVMAP_ERR_OVERFLOW);
	free(out);
	free(cur);
}

/* ---- cross-checks with the dtc tools --------------------------------- */

static void test_fdt_fdtget_reads_what_was_written(void **state)
{
	struct efivmap_fdt_boot b = boot_full();
	size_t bsize, size;
	void *base = dtc_blob(virt_dts, "", &bsize), *t;
	char *file = tmp_path(".dtb"), *out, *cmd;

	(void)state;
	t = prepare_exact(base, bsize, &b, &size);
	assert_int_equal(efivmap_fdt_commit(t, UINT64_C(0x87654321c3e1018),
					    48 * 37, 48, 1, NULL), 0);
	write_file(file, t, size);

	/* u64 values are two big-endian cells, high word first. */
	assert_fdtget(file, "-t x /chosen linux,uefi-system-table",
		      "0 7fe60018\n");
	assert_fdtget(file, "-t x /chosen linux,uefi-mmap-start",
		      "8765432 1c3e1018\n");
	assert_fdtget(file, "-t u /chosen linux,uefi-mmap-size", "1776\n");
	assert_fdtget(file, "-t u /chosen linux,uefi-mmap-desc-size", "48\n");
	assert_fdtget(file, "-t u /chosen linux,uefi-mmap-desc-ver", "1\n");
	assert_fdtget(file, "-t s /chosen bootargs",
		      "console=ttyAMA0 efi=debug\n");
	assert_fdtget(file, "-t x /chosen linux,initrd-end", "0 48a00000\n");
	assert_fdtget(file, "-t x /chosen kaslr-seed", "1234567 89abcdef\n");
	assert_fdtget(file, "-t s /chosen stdout-path", "/pl011@9000000\n");

	/* fdtdump walks the whole blob and prints our properties. */
	need_tool("fdtdump");
	assert_true(asprintf(&cmd, "fdtdump %s 2>/dev/null", file) > 0);
	out = run(cmd);
	assert_non_null(strstr(out,
			       "linux,uefi-mmap-desc-size = <0x00000030>;"));
	free(out);
	free(cmd);

	unlink(file);
	free(file);
	free(t);
	free(base);
}

static void test_fdt_fdtget_reads_carried_tree(void **state)
{
	struct efivmap_fdt_boot b = boot_plain();
	struct efivmap_fdt_uefi u;
	size_t size, need = 0;
	void *cur, *out;
	char *file = tmp_path(".dtb"), *s;

	(void)state;
	cur = prepare_exact(NULL, 0, &b, &size);
	assert_int_equal(efivmap_fdt_commit(cur, MMAP_START, 160, 40, 1, NULL),
			 0);
	assert_int_equal(efivmap_fdt_read(cur, size, &u, NULL), 0);
	assert_int_equal(efivmap_fdt_carry(NULL, 0, cur, size, &u, NULL,
					   &need, NULL), -EFIVMAP_ERR_NOSPACE);
	out = abuf(need, 0);
	assert_int_equal(efivmap_fdt_carry(out, need, cur, size, &u, NULL,
					   &need, NULL), 0);
	write_file(file, out, need);
	assert_fdtget(file, "-t x /chosen linux,uefi-mmap-start",
		      "0 7c3e1018\n");
	assert_fdtget(file, "-t u /chosen linux,uefi-mmap-desc-size", "40\n");
	/* dtc itself accepts the blob and decompiles it. */
	need_tool("dtc");
	{
		char *cmd;

		assert_true(asprintf(&cmd, "dtc -q -I dtb -O dts %s",
				     file) > 0);
		s = run(cmd);
		assert_non_null(strstr(s, "linux,uefi-mmap-size = <0xa0>;"));
		free(s);
		free(cmd);
	}
	unlink(file);
	free(file);
	free(out);
	free(cur);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdt_round_trip_from_empty_tree),
		cmocka_unit_test(test_fdt_round_trip_keeps_base_tree),
		cmocka_unit_test(test_fdt_prepare_creates_missing_chosen),
		cmocka_unit_test(test_fdt_prepare_in_place),
		cmocka_unit_test(test_fdt_prepare_exact_size_buffers),
		cmocka_unit_test(test_fdt_prepare_reorders_misordered_tree),
		cmocka_unit_test(test_fdt_prepare_rejects_bad_arguments),
		cmocka_unit_test(test_fdt_commit_twice_like_a_retried_hook),
		cmocka_unit_test(test_fdt_commit_refuses_unprepared_trees),
		cmocka_unit_test(test_fdt_read_accepts_both_cell_sizes),
		cmocka_unit_test(test_fdt_read_saturates_u32_values),
		cmocka_unit_test(test_fdt_read_xen_hypervisor_node),
		cmocka_unit_test(test_fdt_carry_refuses_xen_handoff),
		cmocka_unit_test(test_fdt_read_names_missing_properties),
		cmocka_unit_test(test_fdt_read_rejects_bad_values),
		cmocka_unit_test(test_fdt_read_rejects_hostile_blobs),
		cmocka_unit_test(test_fdt_read_refuses_crafted_old_version),
		cmocka_unit_test(test_fdt_read_survives_every_byte_corrupted),
		cmocka_unit_test(test_fdt_mmap_view_over_real_maps),
		cmocka_unit_test(test_fdt_mmap_view_at_every_stride),
		cmocka_unit_test(test_fdt_carry_round_trip_real_maps),
		cmocka_unit_test(test_fdt_carry_exact_size_and_bad_input),
		cmocka_unit_test(test_fdt_fdtget_reads_what_was_written),
		cmocka_unit_test(test_fdt_fdtget_reads_carried_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
