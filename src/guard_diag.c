// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * What a fault inside firmware was: the exception class and fault status
 * of ESR_ELx (Arm ARM, ESR_ELx.EC and the DFSC/IFSC encodings), and the
 * runtime regions FAR and ELR lie in, by VirtualStart, since firmware
 * runs at the addresses SetVirtualAddressMap gave it.
 */
#include "internal.h"
#include "efivmap/arch.h"
#include "efivmap/mmap.h"

#define ESR_EC(e)   ((uint32_t)((e) >> 26) & 0x3fu)
#define ESR_FSC(e)  ((uint32_t)(e) & 0x3fu)
#define ESR_WNR     (UINT64_C(1) << 6)
#define ESR_CM      (UINT64_C(1) << 8)
#define ESR_FNV     (UINT64_C(1) << 10)

#define EC_UNKNOWN     0x00u
#define EC_IABT_LOWER  0x20u
#define EC_IABT_SAME   0x21u
#define EC_PC_ALIGN    0x22u
#define EC_DABT_LOWER  0x24u
#define EC_DABT_SAME   0x25u
#define EC_SP_ALIGN    0x26u
#define EC_BRK         0x3cu

static uint32_t kind_of(uint32_t ec)
{
	switch (ec) {
	case EC_DABT_LOWER:
	case EC_DABT_SAME:
		return EFIVMAP_GUARD_EXC_DATA;
	case EC_IABT_LOWER:
	case EC_IABT_SAME:
		return EFIVMAP_GUARD_EXC_INSN;
	case EC_PC_ALIGN:
		return EFIVMAP_GUARD_EXC_PC_ALIGN;
	case EC_SP_ALIGN:
		return EFIVMAP_GUARD_EXC_SP_ALIGN;
	case EC_UNKNOWN:
		return EFIVMAP_GUARD_EXC_UNKNOWN;
	case EC_BRK:
		return EFIVMAP_GUARD_EXC_BRK;
	default:
		return EFIVMAP_GUARD_EXC_OTHER;
	}
}

/* The codes that carry a level: 0b0000LL address size, 0b0001LL
 * translation, 0b0010LL access flag, 0b0011LL permission, 0b0101LL
 * external abort on a walk; and the level -1 forms FEAT_LPA2 adds. */
static void decode_fsc(uint32_t fsc, struct efivmap_guard_diag *d)
{
	static const uint8_t by_top[4] = {
		EFIVMAP_GUARD_FSC_ADDR_SIZE, EFIVMAP_GUARD_FSC_TRANSLATION,
		EFIVMAP_GUARD_FSC_ACCESS, EFIVMAP_GUARD_FSC_PERMISSION,
	};
	uint32_t top = fsc >> 2;

	d->has_level = true;
	d->level = (int32_t)(fsc & 3u);
	if (top < 4 || top == 5) {
		d->fsc_class = top == 5 ? EFIVMAP_GUARD_FSC_WALK_EXT :
					  by_top[top];
		return;
	}
	d->level = -1;
	if (fsc == 0x29u)
		d->fsc_class = EFIVMAP_GUARD_FSC_ADDR_SIZE;
	else if (fsc == 0x2bu)
		d->fsc_class = EFIVMAP_GUARD_FSC_TRANSLATION;
	else if (fsc == 0x13u)
		d->fsc_class = EFIVMAP_GUARD_FSC_WALK_EXT;
	else
		d->has_level = false;
	if (d->has_level)
		return;
	d->level = 0;
	if (fsc == 0x10u)
		d->fsc_class = EFIVMAP_GUARD_FSC_EXTERNAL;
	else if (fsc == 0x21u)
		d->fsc_class = EFIVMAP_GUARD_FSC_ALIGNMENT;
	else if (fsc == 0x30u)
		d->fsc_class = EFIVMAP_GUARD_FSC_TLB_CONFLICT;
	else
		d->fsc_class = EFIVMAP_GUARD_FSC_OTHER;
}

/* The runtime descriptor whose virtual range holds @va. */
static size_t find_va(const struct efivmap_mmap *map, uint64_t va)
{
	const struct efivmap_efi_desc *d;
	size_t i;

	if (!map)
		return EFIVMAP_GUARD_NO_DESC;
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d) ||
		    d->virt_start == EFIVMAP_EFI_VA_INVALID)
			continue;
		if (va >= d->virt_start &&
		    va - d->virt_start < efivmap_desc_bytes(d))
			return i;
	}
	return EFIVMAP_GUARD_NO_DESC;
}

int efivmap_guard_diagnose(const struct efivmap_mmap *map, uint64_t esr,
			   uint64_t far, uint64_t elr,
			   struct efivmap_guard_diag *out)
{
	struct efivmap_guard_diag d;
	bool abort;

	if (!out)
		return -EFIVMAP_ERR_INVAL;
	efivmap__zero(&d, sizeof(d));
	d.ec = ESR_EC(esr);
	d.kind = kind_of(d.ec);
	abort = d.kind == EFIVMAP_GUARD_EXC_DATA ||
		d.kind == EFIVMAP_GUARD_EXC_INSN;
	if (abort) {
		d.fsc = ESR_FSC(esr);
		decode_fsc(d.fsc, &d);
		d.same_el = d.ec == EC_DABT_SAME || d.ec == EC_IABT_SAME;
		d.far_valid = !(esr & ESR_FNV);
	}
	d.write = d.kind == EFIVMAP_GUARD_EXC_DATA && (esr & ESR_WNR) &&
		  !(esr & ESR_CM);
	if (d.kind == EFIVMAP_GUARD_EXC_PC_ALIGN)
		d.far_valid = true;  /* FAR holds the misaligned PC */
	d.far_desc = d.far_valid ? find_va(map, far) : EFIVMAP_GUARD_NO_DESC;
	d.elr_desc = find_va(map, elr);
	efivmap__copy(out, &d, sizeof(d));
	return 0;
}
