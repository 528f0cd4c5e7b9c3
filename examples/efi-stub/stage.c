// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efi.h>
#include <efivmap/boot.h>
#include <efivmap/fdt.h>
#include "fw.h"
#include "guarded.h"
#include "mmu_probe.h"
#include "out.h"
#include "rt.h"
#include "stage.h"

uint32_t stage_fdt_size(const void *fdt)
{
	const uint8_t *p = fdt;

	return (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
	       (uint32_t)p[6] << 8 | p[7];
}

/* What one stage learns from its FDT, passed between its steps. */
struct stage {
	unsigned int n;
	void *fdt;
	uint32_t fdt_size;
	struct efivmap_fdt_uefi u;
	struct efivmap_mmap map;
	EFI_SYSTEM_TABLE *st;		/* physical; its pointers are VAs */
	const struct efivmap_efi_mat_header *mh;
	const struct efivmap_efi_rt_properties *rtp;
	struct efivmap_pt_mat mat;
	struct efivmap_diag d;
};

static int stage_fail(struct stage *g, const char *what, int err)
{
	out_printf("stage %u: %s: %s", g->n, what, efivmap_strerror(err));
	if (g->d.what)
		out_printf(" (%s, index %d, addr 0x%lx)", g->d.what,
			   (int)g->d.index, g->d.addr);
	out_printf("\n");
	return err ? err : -1;
}

/* /chosen, the memory map it points to, and that map's layout. */
static int stage_read(struct stage *g, const struct stage_env *env)
{
	struct efivmap_fdt_uefi *u = &g->u;
	int err;

	out_printf("stage %u: handed only the FDT at %p (%u bytes)\n", g->n,
		   g->fdt, g->fdt_size);
	err = efivmap_fdt_read(g->fdt, g->fdt_size, u, &g->d);
	if (err)
		return stage_fail(g, "reading /chosen", err);
	out_printf("stage %u: /chosen: system table 0x%lx, map 0x%lx + %u "
		   "bytes, desc %u v%u\n", g->n, u->system_table,
		   u->mmap_start, u->mmap_size, u->desc_size, u->desc_ver);
	err = efivmap_fdt_mmap(u, (void *)(uintptr_t)u->mmap_start,
			       u->mmap_size, &g->map, &g->d);
	if (err)
		return stage_fail(g, "memory map", err);
	err = efivmap_layout_check(&g->map, env->layout_cfg, &g->d);
	if (err < 0)
		return stage_fail(g, "layout check", err);
	out_printf("stage %u: layout check: %d runtime regions, all VAs "
		   "valid\n", g->n, err);
	return 0;
}

/* A configuration table by GUID, as a physical pointer (or NULL). */
static const void *stage_table(const struct stage *g,
			       const EFI_CONFIGURATION_TABLE *ct,
			       const struct efivmap_efi_guid *guid)
{
	void *p = fw_find_table(ct, g->st->NumberOfTableEntries, guid);

	return p ? (const void *)(uintptr_t)
		   efivmap_efi_to_phys(&g->map, (uintptr_t)p) : NULL;
}

/* The system table is physical; its pointers are virtual now. */
static void stage_find_tables(struct stage *g)
{
	static const struct efivmap_efi_guid mat_guid = EFIVMAP_EFI_MAT_GUID;
	static const struct efivmap_efi_guid rtp_guid =
		EFIVMAP_EFI_RT_PROPERTIES_GUID;
	const struct efivmap_efi_system_table *est;
	const EFI_CONFIGURATION_TABLE *ct;

	g->st = (EFI_SYSTEM_TABLE *)(uintptr_t)g->u.system_table;
	est = (const void *)g->st;
	ct = (const void *)(uintptr_t)efivmap_efi_tables_phys(&g->map, est);
	out_printf("stage %u: config tables 0x%lx -> phys %p\n", g->n,
		   est->tables, (const void *)ct);
	g->mh = stage_table(g, ct, &mat_guid);
	g->rtp = stage_table(g, ct, &rtp_guid);
}

/* This stage's tables in @pool, proved identical to stage 1's. */
static int stage_build(struct stage *g, const struct stage_env *env,
		       void *pool, size_t pool_size, struct stub_tables *t)
{
	static char names[4][16];
	char *name = names[g->n & 3];
	struct efivmap_pt_input in = { 0 };
	const struct efivmap_efi_mat_header *mh = g->mh;
	struct efivmap_pt_config cfg = *env->pt_cfg;
	struct efivmap_arch_live live;
	uint32_t regime;
	int err;

	/* A kexec'd kernel reads its own regime: EL2&0 after vhe=1. */
	efivmap_arch_read_live(&live);
	err = efivmap_arch_live_regime(&live, &regime);
	if (!err)
		err = efivmap_pt_config_set_regime(&cfg, regime);
	if (err)
		return stage_fail(g, "live regime", err);
	out_printf("stage %u: regime: %s\n", g->n, tables_regime_name(regime));

	if (!env->skip_runtime)
		in.map = &g->map;
	if (mh) {
		err = efivmap_pt_mat_from_table(&g->mat, mh, sizeof(*mh) +
				(size_t)mh->num_entries * mh->desc_size,
				&g->d);
		if (err)
			return stage_fail(g, "MAT", err);
		in.mat = &g->mat;
	}
	in.ranges = env->ident;
	in.nranges = env->nident;

	__builtin_memcpy(name, "stage N tables", 15);
	name[6] = (char)('0' + g->n);
	err = tables_build(t, name, &cfg, &in, pool, pool_size, &live, &g->d);
	if (err)
		return stage_fail(g, "building tables", err);
	/* A later kernel's way: switch in, call, switch back. */
	t->switch_pair = 1;
	tables_print_stats(t);
	/* The negative control's tables differ from stage 1's on purpose. */
	if (!env->skip_runtime && tables_same(env->first, t))
		return stage_fail(g, "comparing with stage 1", 0);
	return 0;
}

/*
 * The MMU self-check with this stage's tables live: against their own
 * walk, then (same regime) against stage 1's, which they were proved
 * identical to; only that one sees memory changed since the build.
 */
static int stage_probe(struct stage *g, const struct stage_env *env,
		       struct stub_tables *t)
{
	uint64_t va = 0;

	if (env->probe_mutate && g->n == 2) {
		va = mmu_probe_mutate(t, &g->map);
		if (!va)
			return stage_fail(g, "probe_mutate: no leaf", 0);
	}
	if (mmu_probe(t, &t->pt, "their own walk", env->probe_max))
		return stage_fail(g, "MMU self-check", 0);
	/* skip_runtime: the sets differ on purpose. */
	if (env->skip_runtime ||
	    t->pt.cfg.regime != env->first->pt.cfg.regime)
		return 0;
	if (mmu_probe(t, &env->first->pt, env->first->name, env->probe_max))
		return stage_fail(g, "MMU self-check", 0);
	return 0;
}

static int stage_call(struct stage *g, const struct stage_env *env,
		      const struct stub_tables *t)
{
	/* Static: inside the image, which the stage's tables map. */
	static struct rt_calls calls;
	char who[8] = "stage N";

	who[6] = (char)('0' + g->n);
	if (*env->rt_fault_step) {
		out_printf("stage %u: runtime services unavailable (a guarded "
			   "call failed in step %d): no calls\n", g->n,
			   *env->rt_fault_step);
		return 0;
	}
	__builtin_memset(&calls, 0, sizeof(calls));
	calls.rt = g->st->RuntimeServices;
	calls.supported = g->rtp ? g->rtp->runtime_services_supported : ~0u;
	out_printf("stage %u: runtime services at VA %p, calling through "
		   "the new tables\n", g->n, (void *)calls.rt);
	if (tables_call(t, rt_run, &calls))
		return stage_fail(g, "switching tables", 0);
	if (calls.fault.err) {
		guarded_report(&calls.fault, &g->map);
		*env->rt_fault_step = 10;
		*env->rt_fault_call = calls.fault.call;
		out_printf("stage %u: runtime services marked unavailable after "
			   "%s: no further runtime calls\n", g->n,
			   calls.fault.call);
		return 0;
	}
	if (rt_check(&calls, who))
		return stage_fail(g, "runtime calls", 0);
	return 0;
}

/* The next stage's FDT: this one's UEFI properties, new bootargs. */
static int stage_carry(struct stage *g, void *next, size_t next_size)
{
	static char args[] = "efivmap stage N";
	struct efivmap_fdt_boot b = { 0 };
	size_t need = 0;
	int err;

	args[14] = (char)('0' + g->n + 1);
	b.bootargs = args;
	err = efivmap_fdt_carry(next, next_size, g->fdt, g->fdt_size, &g->u,
				&b, &need, &g->d);
	if (err)
		return stage_fail(g, "carrying the FDT", err);
	out_printf("stage %u: carried /chosen into the next FDT at %p (%lu "
		   "bytes)\n", g->n, next, need);
	return 0;
}

int stage_run(unsigned int n, const struct stage_env *env, void *fdt,
	      void *pool, size_t pool_size, void *next, size_t next_size,
	      struct stub_tables *t)
{
	struct stage g = { 0 };
	int err;

	g.n = n;
	g.fdt = fdt;
	g.fdt_size = stage_fdt_size(fdt);
	err = stage_read(&g, env);
	if (err)
		return err;
	stage_find_tables(&g);
	err = stage_build(&g, env, pool, pool_size, t);
	if (!err)
		err = stage_probe(&g, env, t);
	if (!err)
		err = stage_call(&g, env, t);
	if (!err && next)
		err = stage_carry(&g, next, next_size);
	return err;
}
