// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * FDT reading and carrying.
 *
 * Input: an 8-byte header, then a device tree blob:
 *	0   bit 0 bootargs, bit 1 set initrd, bit 2 clear initrd, bit 3
 *	    kaslr-seed, bit 4 an extra unknown flag (must be refused)
 *	1   spare bytes given to efivmap_fdt_prepare() beyond what it asks
 *	2-7 seed for the values committed
 *
 * Checked: reading never crashes and fills its output only on success;
 * the two-phase write (prepare with the size it asked for, one byte less
 * refused and untouched, commit) reads back exactly what was committed;
 * carrying what was read gives a packed tree of the reported size that
 * reads back the same values from /chosen.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efivmap/fdt.h"
#include "fuzz.h"

#define POISON 0xEE

static bool same(const struct efivmap_fdt_uefi *a,
		 const struct efivmap_fdt_uefi *b)
{
	return a->system_table == b->system_table &&
	       a->mmap_start == b->mmap_start &&
	       a->mmap_size == b->mmap_size && a->desc_size == b->desc_size &&
	       a->desc_ver == b->desc_ver;
}

static void boot_from(struct efivmap_fdt_boot *boot, uint8_t op, uint64_t s)
{
	memset(boot, 0, sizeof(*boot));
	boot->system_table = s * 0x1000;
	if (op & 1)
		boot->bootargs = "console=ttyAMA0 efi=debug";
	boot->initrd_start = 0x48000000;
	boot->initrd_end = 0x48000000 + (s & 0xffff) * 0x1000;
	boot->kaslr_seed = s ^ 0x5555aaaa5555aaaau;
	boot->flags = (op & 2 ? EFIVMAP_FDT_SET_INITRD : 0) |
		      (op & 4 ? EFIVMAP_FDT_CLEAR_INITRD : 0) |
		      (op & 8 ? EFIVMAP_FDT_SET_KASLR_SEED : 0) |
		      (op & 16 ? 0x100u : 0);
}

static void check_carry(const void *blob, size_t size,
			const struct efivmap_fdt_uefi *uefi,
			const struct efivmap_fdt_boot *boot)
{
	uint64_t tiny[2];
	struct efivmap_fdt_uefi back;
	size_t needed = 0;
	uint8_t *out;
	int rc;

	rc = efivmap_fdt_carry(tiny, sizeof(tiny), blob, size, uefi, boot,
			       &needed, NULL);
	if (rc != -EFIVMAP_ERR_NOSPACE) {
		FZ_CHECK(rc < 0);
		return;
	}
	FZ_CHECK(needed > sizeof(tiny));
	out = malloc(needed);
	FZ_CHECK(out != NULL);
	rc = efivmap_fdt_carry(out, needed, blob, size, uefi, boot, &needed,
			       NULL);
	FZ_CHECK(rc == 0);
	rc = efivmap_fdt_read(out, needed, &back, NULL);
	FZ_CHECK(rc == 0);
	FZ_CHECK(same(&back, uefi) && !(back.flags & EFIVMAP_FDT_UEFI_XEN));
	free(out);
}

static void check_prepare(const void *blob, size_t size,
			  const struct efivmap_fdt_boot *boot, uint8_t spare,
			  uint64_t seed)
{
	struct efivmap_fdt_uefi want, back;
	size_t needed = 0, i;
	uint8_t *out;
	int rc;

	rc = efivmap_fdt_prepare(NULL, 0, blob, size, boot, &needed, NULL);
	if (rc != -EFIVMAP_ERR_NOSPACE) {
		FZ_CHECK(rc < 0);
		return;
	}
	needed += 8u * spare;
	out = malloc(needed);
	FZ_CHECK(out != NULL);
	memset(out, POISON, needed);
	if (!spare) {
		rc = efivmap_fdt_prepare(out, needed - 1, blob, size, boot,
					 NULL, NULL);
		FZ_CHECK(rc == -EFIVMAP_ERR_NOSPACE);
		for (i = 0; i < needed; i++)
			FZ_CHECK(out[i] == POISON);
	}
	rc = efivmap_fdt_prepare(out, needed, blob, size, boot, NULL, NULL);
	FZ_CHECK(rc == 0);

	want.system_table = boot->system_table;
	want.mmap_start = seed & ~UINT64_C(0xfff);
	want.desc_size = 40 + 8 * (unsigned)(seed % 4);
	want.mmap_size = want.desc_size * (uint32_t)((seed >> 40) & 0xff);
	want.desc_ver = 1;
	rc = efivmap_fdt_commit(out, want.mmap_start, want.mmap_size,
				want.desc_size, want.desc_ver, NULL);
	if (want.mmap_start + want.mmap_size < want.mmap_start) {
		FZ_CHECK(rc == -EFIVMAP_ERR_OVERFLOW);
	} else {
		FZ_CHECK(rc == 0);
		/* Running the hook again is harmless. */
		FZ_CHECK(efivmap_fdt_commit(out, want.mmap_start,
					    want.mmap_size, want.desc_size,
					    want.desc_ver, NULL) == 0);
		rc = efivmap_fdt_read(out, needed, &back, NULL);
		FZ_CHECK(rc == 0 && same(&back, &want));
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t op = fz_u8(&f), spare = fz_u8(&f);
	uint64_t seed = fz_bytes(&f, 6);
	struct efivmap_fdt_uefi uefi, before;
	struct efivmap_fdt_boot boot;
	struct efivmap_mmap map;
	struct efivmap_diag diag;
	uint8_t *blob;
	int rc;

	if (size < 8)
		return 0;
	blob = fz_dup(data + 8, size - 8);
	boot_from(&boot, op, seed);
	memset(&uefi, 0x66, sizeof(uefi));
	before = uefi;
	memset(&diag, 0, sizeof(diag));
	rc = efivmap_fdt_read(blob, size - 8, &uefi, &diag);
	if (rc) {
		FZ_CHECK(rc < 0 && diag.err == rc);
		FZ_CHECK(memcmp(&uefi, &before, sizeof(uefi)) == 0);
	} else {
		uint8_t *m = calloc(1, 4096);

		FZ_CHECK(m != NULL);
		FZ_CHECK(uefi.desc_size >= 40);
		FZ_CHECK(uefi.mmap_start + uefi.mmap_size >= uefi.mmap_start);
		/* Whatever it points to, the view checks it. */
		(void)efivmap_fdt_mmap(&uefi, m, 4096, &map, NULL);
		free(m);
		check_carry(blob, size - 8, &uefi, &boot);
	}
	check_prepare(blob, size - 8, &boot, spare % 4, seed);
	free(blob);
	return 0;
}
