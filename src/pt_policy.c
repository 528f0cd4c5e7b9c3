// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Mapping attributes from an EFI memory type and attribute word: Linux's
 * arm64 rules, plus a choice for memory Linux never meets (no WB bit).
 */
#include "pt_internal.h"

static uint32_t memory_type(const struct efivmap_pt_config *cfg,
			    uint32_t type, uint64_t attribute)
{
	static const uint8_t mt[] = {
		[EFIVMAP__MEM_DEVICE] = EFIVMAP_PT_MT_DEVICE_NGNRE,
		[EFIVMAP__MEM_NC] = EFIVMAP_PT_MT_NORMAL_NC,
		[EFIVMAP__MEM_WB] = EFIVMAP_PT_MT_NORMAL_WB,
	};

	if ((cfg->flags & EFIVMAP_PT_CFG_LINUX) && !efivmap__efi_is_mmio(type))
		return EFIVMAP_PT_MT_NORMAL_WB;
	/*
	 * No WB bit (efivmap__efi_mem_class()). Memory that firmware code
	 * runs from or keeps data in must stay Normal: compiled code makes
	 * unaligned accesses, which fault on Device memory, and Device
	 * memory cannot be executed. Non-cacheable is the one Normal type
	 * that cannot disagree with an uncached view of the same bytes (WT,
	 * WC and UC all promise at least that much). Anything else with no
	 * WB bit (Reserved with only UC or nothing, OEM types) may be a
	 * device window: Device memory is never read speculatively.
	 */
	return mt[efivmap__efi_mem_class(type, attribute)];
}

uint32_t efivmap_pt_policy(const struct efivmap_pt_config *cfg, uint32_t type,
			   uint64_t attribute)
{
	uint32_t mt = memory_type(cfg, type, attribute);
	uint32_t a = mt;

	if (!(attribute & EFIVMAP_EFI_MEMORY_RO))
		a |= EFIVMAP_PT_ATTR_W;
	if (type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE &&
	    !(attribute & EFIVMAP_EFI_MEMORY_XP) &&
	    mt != EFIVMAP_PT_MT_DEVICE_NGNRE)
		a |= EFIVMAP_PT_ATTR_X;
	return a;
}
