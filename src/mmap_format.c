// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Descriptors as text, in the layout of Linux's efi=debug output. */
#include "internal.h"
#include "efivmap/mmap.h"

static const char *const type_names[] = {
	"Reserved", "Loader Code", "Loader Data", "Boot Code", "Boot Data",
	"Runtime Code", "Runtime Data", "Conventional", "Unusable",
	"ACPI Reclaim", "ACPI Mem NVS", "MMIO", "MMIO Port", "PAL Code",
	"Persistent", "Unaccepted",
};

/* Flag columns in Linux's order; the width is the name's column width. */
static const struct {
	uint64_t bit;
	const char *name;
	unsigned width;
} flag_cols[] = {
	{ EFIVMAP_EFI_MEMORY_RUNTIME, "RUN", 3 },
	{ EFIVMAP_EFI_MEMORY_HOT_PLUGGABLE, "HP", 2 },
	{ EFIVMAP_EFI_MEMORY_MORE_RELIABLE, "MR", 2 },
	{ EFIVMAP_EFI_MEMORY_CPU_CRYPTO, "CC", 2 },
	{ EFIVMAP_EFI_MEMORY_SP, "SP", 2 },
	{ EFIVMAP_EFI_MEMORY_NV, "NV", 2 },
	{ EFIVMAP_EFI_MEMORY_XP, "XP", 2 },
	{ EFIVMAP_EFI_MEMORY_RP, "RP", 2 },
	{ EFIVMAP_EFI_MEMORY_WP, "WP", 2 },
	{ EFIVMAP_EFI_MEMORY_RO, "RO", 2 },
	{ EFIVMAP_EFI_MEMORY_UCE, "UCE", 3 },
	{ EFIVMAP_EFI_MEMORY_WB, "WB", 2 },
	{ EFIVMAP_EFI_MEMORY_WT, "WT", 2 },
	{ EFIVMAP_EFI_MEMORY_WC, "WC", 2 },
	{ EFIVMAP_EFI_MEMORY_UC, "UC", 2 },
};

/* Bits Linux can show as columns; anything else switches to attr=0x... */
#define FLAG_COL_MASK \
	(EFIVMAP_EFI_MEMORY_CACHE_MASK | EFIVMAP_EFI_MEMORY_RO | \
	 EFIVMAP_EFI_MEMORY_WP | EFIVMAP_EFI_MEMORY_RP | EFIVMAP_EFI_MEMORY_XP | \
	 EFIVMAP_EFI_MEMORY_NV | EFIVMAP_EFI_MEMORY_SP | \
	 EFIVMAP_EFI_MEMORY_CPU_CRYPTO | EFIVMAP_EFI_MEMORY_MORE_RELIABLE | \
	 EFIVMAP_EFI_MEMORY_HOT_PLUGGABLE | EFIVMAP_EFI_MEMORY_RUNTIME)

const char *efivmap_efi_type_name(uint32_t type)
{
	if (type < EFIVMAP_ARRAY_SIZE(type_names))
		return type_names[type];
	if (type >= EFIVMAP_EFI_OS_TYPE_MIN)
		return "OS";
	if (type >= EFIVMAP_EFI_OEM_TYPE_MIN)
		return "OEM";
	return "Unknown";
}

size_t efivmap_mmap_format_desc(const struct efivmap_efi_desc *d, char *buf,
				size_t size)
{
	struct efivmap__out o;
	size_t i;

	efivmap__out_init(&o, buf, size);
	efivmap__out_str(&o, "0x");
	efivmap__out_hex(&o, d->phys_start, 12);
	efivmap__out_str(&o, "-0x");
	efivmap__out_hex(&o, efivmap_desc_last(d), 12);
	efivmap__out_str(&o, " [");
	if (d->type < EFIVMAP_ARRAY_SIZE(type_names)) {
		efivmap__out_str_pad(&o, type_names[d->type], 12);
	} else {
		efivmap__out_str(&o, "type=");
		efivmap__out_dec(&o, d->type);
	}
	if (d->attribute & ~FLAG_COL_MASK) {
		efivmap__out_str(&o, "|attr=0x");
		efivmap__out_hex(&o, d->attribute, 16);
	} else {
		for (i = 0; i < EFIVMAP_ARRAY_SIZE(flag_cols); i++) {
			efivmap__out_char(&o, '|');
			/* Linux right-aligns the names in their columns. */
			if (d->attribute & flag_cols[i].bit)
				efivmap__out_str(&o, flag_cols[i].name);
			else
				efivmap__out_str_pad(&o, "", flag_cols[i].width);
		}
	}
	efivmap__out_char(&o, ']');
	return efivmap__out_end(&o);
}
