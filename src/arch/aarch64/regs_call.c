// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Checks before calling through tables of another shape: a wrong regime
 * or a granule the CPU lacks would not fail cleanly but hang the walk with
 * the caller's own tables gone, so refuse them up front.
 */
#include "efivmap/pt.h"
#include "arch_internal.h"

#define CURRENT_EL_SHIFT 2
#define SCTLR_M          UINT64_C(1)
#define T0SZ_MIN         12u	/* 52-bit VA (FEAT_LVA, FEAT_LPA2) */
#define T0SZ_MAX         48u	/* FEAT_TTST */
#define TG0_SHIFT        14
#define TG0_4K           0u
#define TG0_64K          1u
#define TG0_16K          2u

/* regs_switch.S loads the three values by these offsets. */
_Static_assert(offsetof(struct efivmap_arch_regs, ttbr0) == 0 &&
	       offsetof(struct efivmap_arch_regs, tcr) == 8 &&
	       offsetof(struct efivmap_arch_regs, mair) == 16,
	       "struct efivmap_arch_regs layout");

/* ID_AA64MMFR0_EL1.TGran4 and TGran64: 0xf means not implemented;
 * TGran16: 0 means not implemented. */
static bool granule_implemented(uint64_t mmfr0, uint64_t tg0)
{
	switch (tg0) {
	case TG0_4K:
		return ((mmfr0 >> 28) & 0xf) != 0xf;
	case TG0_64K:
		return ((mmfr0 >> 24) & 0xf) != 0xf;
	case TG0_16K:
		return ((mmfr0 >> 20) & 0xf) != 0;
	default:
		return false;
	}
}

int efivmap_arch_call_with_regs(const struct efivmap_arch_regs *regs,
				efivmap_arch_fn fn, uint64_t a0, uint64_t a1,
				uint64_t a2, uint64_t a3, uint64_t a4,
				uint64_t a5, uint64_t *ret)
{
	uint64_t t0sz, tg0, r;

	if (!regs || !fn)
		return -EFIVMAP_ERR_INVAL;
	t0sz = regs->tcr & EFIVMAP_PT_TCR_T0SZ_MASK;
	tg0 = (regs->tcr & EFIVMAP_PT_TCR_TG0_MASK) >> TG0_SHIFT;
	if ((regs->tcr & EFIVMAP_PT_TCR_EPD0) || tg0 > TG0_16K ||
	    t0sz < T0SZ_MIN || t0sz > T0SZ_MAX)
		return -EFIVMAP_ERR_INVAL;
	if (((efivmap__arch_current_el() >> CURRENT_EL_SHIFT) & 3) != 1 ||
	    !(efivmap__arch_sctlr() & SCTLR_M) ||
	    !granule_implemented(efivmap__arch_mmfr0(), tg0))
		return -EFIVMAP_ERR_UNSUPPORTED;
	r = efivmap__arch_regs_call(regs, fn, a0, a1, a2, a3, a4, a5);
	if (ret)
		*ret = r;
	return 0;
}
