// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efi.h>
#include <efivmap/boot.h>
#include <efivmap/fdt.h>
#include "fw.h"
#include "out.h"
#include "rt.h"
#include "stage.h"

uint32_t stage_fdt_size(const void *fdt)
{
	const uint8_t *p = fdt;

	return (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
	       (uint32_t)p[6] << 8 | p[7];
}

static int stage_fail(unsigned int n, const char *what, int err,
		      const struct efivmap_diag *d)
{
	out_printf("stage %u: %s: %s", n, what, efivmap_strerror(err));
	if (d->what)
		out_printf(" (%s, index %d, addr 0x%lx)", d->what,
			   (int)d->index, d->addr);
	out_printf("\n");
	return err ? err : -1;
}

int stage_run(unsigned int n, const struct stage_env *env, void *fdt,
	      void *pool, size_t pool_size, void *next, size_t next_size,
	      struct stub_tables *t)
{
	static const struct efivmap_efi_guid mat_guid = EFIVMAP_EFI_MAT_GUID;
	static const struct efivmap_efi_guid rtp_guid =
		EFIVMAP_EFI_RT_PROPERTIES_GUID;
	static struct rt_calls calls;
	static char names[4][16];
	char *name = names[n & 3], who[8] = "stage N";
	struct efivmap_diag d = { 0 };
	struct efivmap_fdt_uefi u;
	struct efivmap_mmap map;
	struct efivmap_pt_mat mat;
	struct efivmap_pt_input in = { 0 };
	const struct efivmap_efi_rt_properties *rtp;
	const struct efivmap_efi_mat_header *mh;
	EFI_SYSTEM_TABLE *st;
	uint32_t fdt_size = stage_fdt_size(fdt);
	int err;

	out_printf("stage %u: handed only the FDT at %p (%u bytes)\n", n, fdt,
		   fdt_size);
	err = efivmap_fdt_read(fdt, fdt_size, &u, &d);
	if (err)
		return stage_fail(n, "reading /chosen", err, &d);
	out_printf("stage %u: /chosen: system table 0x%lx, map 0x%lx + %u "
		   "bytes, desc %u v%u\n", n, u.system_table, u.mmap_start,
		   u.mmap_size, u.desc_size, u.desc_ver);
	err = efivmap_fdt_mmap(&u, (void *)(uintptr_t)u.mmap_start,
			       u.mmap_size, &map, &d);
	if (err)
		return stage_fail(n, "memory map", err, &d);
	err = efivmap_layout_check(&map, env->layout_cfg, &d);
	if (err < 0)
		return stage_fail(n, "layout check", err, &d);
	out_printf("stage %u: layout check: %d runtime regions, all VAs "
		   "valid\n", n, err);

	/* The system table is physical; its pointers are virtual now. */
	st = (EFI_SYSTEM_TABLE *)(uintptr_t)u.system_table;
	{
		const struct efivmap_efi_system_table *est =
			(const void *)st;
		const EFI_CONFIGURATION_TABLE *ct = (const void *)(uintptr_t)
			efivmap_efi_tables_phys(&map, est);
		void *p;

		out_printf("stage %u: config tables 0x%lx -> phys %p\n", n,
			   est->tables, (const void *)ct);
		p = fw_find_table(ct, st->NumberOfTableEntries, &mat_guid);
		mh = p ? (const void *)(uintptr_t)
			 efivmap_efi_to_phys(&map, (uintptr_t)p) : NULL;
		p = fw_find_table(ct, st->NumberOfTableEntries, &rtp_guid);
		rtp = p ? (const void *)(uintptr_t)
			  efivmap_efi_to_phys(&map, (uintptr_t)p) : NULL;
	}
	if (!env->skip_runtime)
		in.map = &map;
	if (mh) {
		err = efivmap_pt_mat_from_table(&mat, mh, sizeof(*mh) +
				(size_t)mh->num_entries * mh->desc_size, &d);
		if (err)
			return stage_fail(n, "MAT", err, &d);
		in.mat = &mat;
	}
	in.ranges = env->ident;
	in.nranges = env->nident;

	__builtin_memcpy(name, "stage N tables", 15);
	name[6] = (char)('0' + n);
	who[6] = name[6];
	err = tables_build(t, name, env->pt_cfg, &in, pool, pool_size,
			   env->fw_tcr, &d);
	if (err)
		return stage_fail(n, "building tables", err, &d);
	/* A later kernel's way: switch in, call, switch back. */
	t->switch_pair = 1;
	tables_print_stats(t);
	if (tables_same(env->first, t))
		return stage_fail(n, "comparing with stage 1", 0, &d);

	calls.rt = st->RuntimeServices;
	calls.supported = rtp ? rtp->runtime_services_supported : ~0u;
	out_printf("stage %u: runtime services at VA %p, calling through "
		   "the new tables\n", n, (void *)calls.rt);
	if (tables_call(t, rt_run, &calls) || rt_check(&calls, who))
		return stage_fail(n, "runtime calls", 0, &d);

	if (next) {
		struct efivmap_fdt_boot b = { 0 };
		static char args[] = "efivmap stage N";
		size_t need = 0;

		args[14] = (char)('0' + n + 1);
		b.bootargs = args;
		err = efivmap_fdt_carry(next, next_size, fdt, fdt_size, &u,
					&b, &need, &d);
		if (err)
			return stage_fail(n, "carrying the FDT", err, &d);
		out_printf("stage %u: carried /chosen into the next FDT at "
			   "%p (%lu bytes)\n", n, next, need);
	}
	return 0;
}
