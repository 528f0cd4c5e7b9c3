// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Mapping attributes from an EFI memory type and attribute word: Linux's
 * arm64 rules, plus a choice for memory Linux never meets (no WB bit).
 */
#include "pt_internal.h"

static bool is_mmio(uint32_t type)
{
	return type == EFIVMAP_EFI_MMIO || type == EFIVMAP_EFI_MMIO_PORT_SPACE;
}

/*
 * Types the firmware allocates for code and data: memory, whatever the
 * cacheability bits say.
 */
static bool holds_memory(uint32_t type)
{
	switch (type) {
	case EFIVMAP_EFI_LOADER_CODE:
	case EFIVMAP_EFI_LOADER_DATA:
	case EFIVMAP_EFI_BOOT_SERVICES_CODE:
	case EFIVMAP_EFI_BOOT_SERVICES_DATA:
	case EFIVMAP_EFI_RUNTIME_SERVICES_CODE:
	case EFIVMAP_EFI_RUNTIME_SERVICES_DATA:
	case EFIVMAP_EFI_CONVENTIONAL:
	case EFIVMAP_EFI_ACPI_RECLAIM:
	case EFIVMAP_EFI_ACPI_NVS:
	case EFIVMAP_EFI_PERSISTENT:
		return true;
	default:
		return false;
	}
}

static uint32_t memory_type(const struct efivmap_pt_config *cfg,
			    uint32_t type, uint64_t attribute)
{
	if (is_mmio(type))
		return EFIVMAP_PT_MT_DEVICE_NGNRE;
	if ((attribute & EFIVMAP_EFI_MEMORY_WB) ||
	    (cfg->flags & EFIVMAP_PT_CFG_LINUX))
		return EFIVMAP_PT_MT_NORMAL_WB;
	/*
	 * No WB bit. Memory that firmware code runs from or keeps data in
	 * must stay Normal: compiled code makes unaligned accesses, which
	 * fault on Device memory, and Device memory cannot be executed.
	 * Non-cacheable is the one Normal type that cannot disagree with an
	 * uncached view of the same bytes (WT, WC and UC all promise at
	 * least that much). Anything else with no WB bit (Reserved with
	 * only UC or nothing, OEM types) may be a device window: Device
	 * memory is never read speculatively.
	 */
	if (holds_memory(type))
		return EFIVMAP_PT_MT_NORMAL_NC;
	return EFIVMAP_PT_MT_DEVICE_NGNRE;
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
