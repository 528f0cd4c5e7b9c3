// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The decisions behind the arch functions, on register values
 * src/arch/aarch64 reads: a wrong regime or a granule the CPU lacks would
 * not fail cleanly but hang the walk with the caller's own tables gone,
 * so refuse them up front. Plain C, so the host tests run it.
 */
#include "efivmap/arch.h"
#include "efivmap/pt.h"

#define CURRENT_EL(v)    (((v) >> 2) & 3u)
#define SCTLR_M          UINT64_C(1)
#define HCR_E2H          (UINT64_C(1) << 34)

/*
 * The TTBR0 half of TCR_EL1's layout (also TCR_EL2's with E2H): T0SZ,
 * EPD0, IRGN0, ORGN0, SH0, TG0; IPS at [34:32]. TCR_EL2's own layout has
 * no EPD0 (bits 6 and 7 RES0) and PS at [18:16].
 */
#define TCR_TTBR0_FIELDS      UINT64_C(0xffbf)
#define TCR_EL2_TTBR0_FIELDS  UINT64_C(0xff3f)
#define TCR_IPS_SHIFT         32
#define TCR_EL2_PS_SHIFT      16

/*
 * ID_AA64MMFR0_EL1.TGran4 [31:28] and TGran64 [27:24]: 0xf means not
 * implemented; TGran16 [23:20]: 0 means not implemented.
 */
static bool granule_implemented(uint64_t mmfr0, uint32_t granule)
{
	switch (granule) {
	case EFIVMAP_PT_GRANULE_4K:
		return ((mmfr0 >> 28) & 0xf) != 0xf;
	case EFIVMAP_PT_GRANULE_64K:
		return ((mmfr0 >> 24) & 0xf) != 0xf;
	default:
		return ((mmfr0 >> 20) & 0xf) != 0;
	}
}

/*
 * The registers follow the level, not E2H: at EL2 the _EL2 registers
 * are the running regime's either way, and ALLE2 invalidates the EL2
 * regime or, with E2H, the EL2&0 one.
 */
uint32_t efivmap_arch_switch_kind(const struct efivmap_arch_live *live)
{
	if (!live || !(live->sctlr & SCTLR_M))
		return EFIVMAP_ARCH_SWITCH_NONE;
	switch (CURRENT_EL(live->current_el)) {
	case 1:
		return EFIVMAP_ARCH_SWITCH_EL1;
	case 2:
		return EFIVMAP_ARCH_SWITCH_EL2;
	default:
		return EFIVMAP_ARCH_SWITCH_NONE;
	}
}

int efivmap_arch_live_regime(const struct efivmap_arch_live *live,
			     uint32_t *regime)
{
	uint32_t how = efivmap_arch_switch_kind(live);

	if (!live || !regime)
		return -EFIVMAP_ERR_INVAL;
	if (how == EFIVMAP_ARCH_SWITCH_NONE)
		return -EFIVMAP_ERR_UNSUPPORTED;
	if (how == EFIVMAP_ARCH_SWITCH_EL1)
		*regime = EFIVMAP_PT_REGIME_EL10;
	else
		*regime = live->hcr & HCR_E2H ? EFIVMAP_PT_REGIME_EL20 :
			  EFIVMAP_PT_REGIME_EL2;
	return 0;
}

int efivmap_arch_config_from_live(struct efivmap_pt_config *cfg,
				  const struct efivmap_arch_live *live,
				  uint32_t flags)
{
	uint32_t regime;
	int err;

	if (!cfg)
		return -EFIVMAP_ERR_INVAL;
	err = efivmap_arch_live_regime(live, &regime);
	if (err)
		return err;
	return efivmap_pt_config_from_regs(cfg, regime, live->tcr, live->mair,
					   flags);
}

/*
 * The TTBR0 fields from the request, the rest from the live TCR, the
 * output size the larger of the two since TTBR1 uses it as well.
 */
static uint64_t merge_tcr(uint32_t regime, uint64_t want, uint64_t live)
{
	bool own = regime == EFIVMAP_PT_REGIME_EL2;
	uint64_t fields = own ? TCR_EL2_TTBR0_FIELDS : TCR_TTBR0_FIELDS;
	uint64_t size = UINT64_C(7) << (own ? TCR_EL2_PS_SHIFT :
					TCR_IPS_SHIFT);
	uint64_t sw = want & size, sl = live & size;

	return (live & ~(fields | size)) | (want & fields) |
	       (sw > sl ? sw : sl);
}

int efivmap_arch_regs_prepare(const struct efivmap_arch_regs *regs,
			      efivmap_arch_fn fn,
			      const struct efivmap_arch_live *live,
			      struct efivmap_arch_plan *plan)
{
	struct efivmap_pt_config cfg;
	uint32_t regime = EFIVMAP_PT_REGIME_EL10;
	int err;

	if (!regs || !fn || !live || !plan)
		return -EFIVMAP_ERR_INVAL;
	err = efivmap_arch_live_regime(live, &regime);
	/* The request is judged in the live layout, EL1's when refused. */
	if (efivmap_pt_config_from_regs(&cfg, regime, regs->tcr, regs->mair,
					0))
		return -EFIVMAP_ERR_INVAL;
	if (err)
		return err;
	if (!granule_implemented(live->mmfr0, cfg.granule))
		return -EFIVMAP_ERR_UNSUPPORTED;
	plan->ttbr0 = regs->ttbr0;
	plan->tcr = merge_tcr(regime, regs->tcr, live->tcr);
	plan->mair = regs->mair;
	plan->how = efivmap_arch_switch_kind(live);
	plan->regime = regime;
	return 0;
}

int efivmap_arch_regs_check(const struct efivmap_arch_regs *regs,
			    efivmap_arch_fn fn,
			    const struct efivmap_arch_live *live)
{
	struct efivmap_arch_plan plan;

	return efivmap_arch_regs_prepare(regs, fn, live, &plan);
}
