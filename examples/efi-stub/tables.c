// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efivmap/arch.h>
#include <efivmap/pt.h>
#include "out.h"
#include "stub.h"
#include "tables.h"

/* ID_AA64MMFR0_EL1.TGran4/16/64: a TG0 the CPU lacks would hang the walk. */
static int granule_supported(uint64_t mmfr0, unsigned int kib)
{
	switch (kib) {
	case 4:
		return ((mmfr0 >> 28) & 0xf) != 0xf;
	case 16:
		return ((mmfr0 >> 20) & 0xf) != 0;
	case 64:
		return ((mmfr0 >> 24) & 0xf) != 0xf;
	default:
		return 0;
	}
}

const char *tables_regime_name(uint32_t regime)
{
	switch (regime) {
	case EFIVMAP_PT_REGIME_EL10:
		return "EL1&0";
	case EFIVMAP_PT_REGIME_EL2:
		return "EL2";
	case EFIVMAP_PT_REGIME_EL20:
		return "EL2&0";
	default:
		return "?";
	}
}

int tables_config(struct efivmap_pt_config *pc, const struct stub_cfg *cfg,
		  const struct efivmap_arch_live *live, struct efivmap_diag *d)
{
	uint32_t regime;
	int err;

	(void)d;
	if (!cfg->va_bits)
		return efivmap_arch_config_from_live(pc, live, 0);
	if (!granule_supported(live->mmfr0, cfg->granule)) {
		out_printf("this CPU does not implement the %uK granule "
			   "(ID_AA64MMFR0_EL1 0x%lx)\n", cfg->granule,
			   live->mmfr0);
		return -EFIVMAP_ERR_UNSUPPORTED;
	}
	err = efivmap_arch_live_regime(live, &regime);
	if (!err)
		err = efivmap_pt_config_init(pc, cfg->granule * 1024u,
					     cfg->va_bits, 40, 0);
	if (!err)
		err = efivmap_pt_config_set_regime(pc, regime);
	if (err)
		return err;
	/*
	 * Build for the firmware's MAIR when it has every type needed
	 * (both EDK2's and U-Boot's do), so only TTBR0 and T0SZ change.
	 */
	if (efivmap_pt_config_set_mair(pc, live->mair) != 0)
		out_printf("firmware MAIR 0x%lx lacks a memory type; the "
			   "tables bring their own\n", live->mair);
	return 0;
}

long tables_needed(const struct efivmap_pt_config *pc,
		   const struct efivmap_pt_input *in, struct efivmap_diag *d)
{
	size_t n;
	int err = efivmap_pt_tables_needed(pc, in, &n, d);

	return err ? err : (long)n;
}

int tables_build(struct stub_tables *t, const char *name,
		 const struct efivmap_pt_config *pc,
		 const struct efivmap_pt_input *in, void *pool, size_t size,
		 const struct efivmap_arch_live *live, struct efivmap_diag *d)
{
	int err;

	t->name = name;
	t->in = *in;
	t->switch_pair = 0;
	err = efivmap_pt_init_pool(&t->pt, pc, pool, size, (uintptr_t)pool, d);
	if (err)
		return err;
	err = efivmap_pt_build(&t->pt, in, d);
	if (err)
		return err;
	err = efivmap_pt_verify(&t->pt, in, d);
	if (err)
		return err;
	t->ttbr0 = efivmap_pt_ttbr0(&t->pt, 0);
	t->mair = efivmap_pt_mair(&t->pt);
	t->lib_switch = efivmap_pt_tcr_compatible(&t->pt, live->tcr) &&
			t->mair == live->mair;
	t->tcr = t->lib_switch ? live->tcr :
		 efivmap_pt_tcr_merge(&t->pt, live->tcr);
	return 0;
}

static uint64_t tables_tramp(uint64_t fn, uint64_t arg, uint64_t a2,
			     uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2;
	(void)a3;
	(void)a4;
	(void)a5;
	((void (*)(void *))(uintptr_t)fn)((void *)(uintptr_t)arg);
	return 0;
}

/*
 * Same shape, by efivmap_arch_switch_ttbr0() in and out, as a kernel that
 * keeps the tables live across several calls would. The value handed
 * back on the way out is the TTBR0 that was live during the call.
 */
static uint64_t call_switched(const struct stub_tables *t,
			      void (*fn)(void *), void *arg)
{
	uint64_t daif = stub_irq_save(), old, live;

	old = efivmap_arch_switch_ttbr0(t->ttbr0);
	fn(arg);
	live = efivmap_arch_switch_ttbr0(old);
	stub_irq_restore(daif);
	if (live != t->ttbr0) {
		out_printf("%s: TTBR0 was 0x%lx during the call, not 0x%lx\n",
			   t->name, live, t->ttbr0);
		return 1;
	}
	return 0;
}

uint64_t tables_call(const struct stub_tables *t, void (*fn)(void *),
		     void *arg)
{
	struct efivmap_arch_regs regs;
	uint64_t daif, ret;
	uint32_t regime;
	int err;

	/* Tables of another regime would mean other things: ask first. */
	err = efivmap_arch_regime(&regime);
	if (err || regime != t->pt.cfg.regime) {
		out_printf("%s: built for %s, the CPU runs %s\n", t->name,
			   tables_regime_name(t->pt.cfg.regime),
			   err ? efivmap_strerror(err) :
			   tables_regime_name(regime));
		return 1;
	}
	if (t->lib_switch && t->switch_pair)
		return call_switched(t, fn, arg);
	if (t->lib_switch) {
		daif = stub_irq_save();
		ret = efivmap_arch_call_with_ttbr0(t->ttbr0, tables_tramp,
						   (uintptr_t)fn,
						   (uintptr_t)arg, 0, 0, 0, 0);
		stub_irq_restore(daif);
		return ret;
	}
	/* Another shape: the library masks interrupts itself. */
	regs.ttbr0 = t->ttbr0;
	regs.tcr = t->tcr;
	regs.mair = t->mair;
	err = efivmap_arch_call_with_regs(&regs, tables_tramp, (uintptr_t)fn,
					  (uintptr_t)arg, 0, 0, 0, 0, &ret);
	if (err) {
		out_printf("%s: efivmap_arch_call_with_regs: %s\n", t->name,
			   efivmap_strerror(err));
		return (uint64_t)(int64_t)err;
	}
	return ret;
}

struct same_ctx {
	const struct efivmap_pt *other;
	size_t leaves;
	uint64_t bad_va;
	int same_regime;	/* else the descriptors' bits differ by design */
};

static int same_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct same_ctx *c = ctx;
	struct efivmap_pt_leaf o;

	c->leaves++;
	if (efivmap_pt_walk(c->other, l->va, &o, NULL) != 0 ||
	    o.va != l->va || o.pa != l->pa || o.size != l->size ||
	    (c->same_regime && o.desc != l->desc) || o.level != l->level) {
		c->bad_va = l->va;
		return 1;
	}
	return 0;
}

static int count_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	(void)l;
	(*(size_t *)ctx)++;
	return 0;
}

int tables_same(const struct stub_tables *a, const struct stub_tables *b)
{
	struct same_ctx c = { &b->pt, 0, 0,
			      a->pt.cfg.regime == b->pt.cfg.regime };
	size_t nb = 0;

	if (efivmap_pt_for_each_leaf(&a->pt, same_leaf, &c)) {
		out_printf("%s: leaf at VA 0x%lx differs from %s\n", b->name,
			   c.bad_va, a->name);
		return -1;
	}
	efivmap_pt_for_each_leaf(&b->pt, count_leaf, &nb);
	if (nb != c.leaves) {
		out_printf("%s: %lu leaves, %s has %lu\n", b->name, nb,
			   a->name, c.leaves);
		return -1;
	}
	out_printf("%s: all %lu leaf %s identical to %s "
		   "(roots 0x%lx and 0x%lx)\n", b->name, nb, c.same_regime ?
		   "descriptors" : "mappings (other regime: VA, PA, size)",
		   a->name, b->pt.root_pa, a->pt.root_pa);
	return 0;
}

void tables_print_stats(const struct stub_tables *t)
{
	struct efivmap_pt_stats s;
	const char *how;

	if (efivmap_pt_stats(&t->pt, &s))
		return;
	out_printf("%s: %lu tables (%lu bytes), %lu leaves "
		   "(L1 %lu, L2 %lu, L3 %lu), %lu blocks, %lu TLB entries, "
		   "0x%lx bytes mapped, %lu W+X pages\n", t->name,
		   s.tables, s.table_bytes, s.leaves, s.leaves_at[1],
		   s.leaves_at[2], s.leaves_at[3], s.blocks, s.tlb_entries,
		   s.mapped_bytes, s.wx_pages);
	if (!t->lib_switch)
		how = "efivmap_arch_call_with_regs (TTBR0+TCR+MAIR, MMU off "
		      "for the switch)";
	else if (t->switch_pair)
		how = "efivmap_arch_switch_ttbr0 in and out (TTBR0 only)";
	else
		how = "efivmap_arch_call_with_ttbr0 (TTBR0 only)";
	out_printf("%s: TTBR0=0x%lx TCR=0x%lx MAIR=0x%lx, switch by %s\n",
		   t->name, t->ttbr0, t->tcr, t->mair, how);
}

void tables_dump(const struct stub_tables *t)
{
	efivmap_pt_dump(&t->pt, out_line, NULL);
}
