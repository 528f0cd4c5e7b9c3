// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The decisions behind efivmap_arch_call_with_regs(), on register values
 * src/arch/aarch64 reads: a wrong regime or a granule the CPU lacks would
 * not fail cleanly but hang the walk with the caller's own tables gone,
 * so refuse them up front. Plain C, so the host tests run it.
 */
#include "efivmap/arch.h"
#include "efivmap/pt.h"

#define CURRENT_EL(v)    (((v) >> 2) & 3u)
#define SCTLR_M          UINT64_C(1)

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

int efivmap_arch_regs_check(const struct efivmap_arch_regs *regs,
			    efivmap_arch_fn fn,
			    const struct efivmap_arch_live *live)
{
	struct efivmap_pt_config cfg;

	if (!regs || !fn || !live ||
	    efivmap_pt_config_from_tcr(&cfg, regs->tcr, regs->mair, 0))
		return -EFIVMAP_ERR_INVAL;
	if (CURRENT_EL(live->current_el) != 1 || !(live->sctlr & SCTLR_M) ||
	    !granule_implemented(live->mmfr0, cfg.granule))
		return -EFIVMAP_ERR_UNSUPPORTED;
	return 0;
}
