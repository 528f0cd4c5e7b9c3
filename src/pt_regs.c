// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The system register values that go with a set of tables. */
#include "pt_internal.h"

#define TCR_IRGN0_WBWA (UINT64_C(1) << 8)
#define TCR_ORGN0_WBWA (UINT64_C(1) << 10)
#define TCR_SH0_INNER  (UINT64_C(3) << 12)

static uint64_t tg0(uint32_t granule)
{
	uint64_t v = granule == EFIVMAP_PT_GRANULE_4K ? 0 :
		     granule == EFIVMAP_PT_GRANULE_64K ? 1 : 2;

	return v << 14;
}

/* ID_AA64MMFR0.PARange encoding, rounded up. */
static uint64_t ips(uint32_t pa_bits)
{
	static const uint8_t bits[] = { 32, 36, 40, 42, 44, 48 };
	uint64_t i;

	for (i = 0; i < EFIVMAP_ARRAY_SIZE(bits) - 1; i++)
		if (pa_bits <= bits[i])
			break;
	return i << EFIVMAP_PT_TCR_IPS_SHIFT;
}

static bool el2(const struct efivmap_pt *pt)
{
	return pt->cfg.regime == EFIVMAP_PT_REGIME_EL2;
}

/* Where the output size sits: IPS in TCR_EL1's layout, PS in TCR_EL2's. */
static uint64_t size_mask(const struct efivmap_pt *pt)
{
	return el2(pt) ? EFIVMAP_PT_TCR_EL2_PS_MASK : EFIVMAP_PT_TCR_IPS_MASK;
}

uint64_t efivmap_pt_ttbr0(const struct efivmap_pt *pt, uint16_t asid)
{
	/* TTBR0_EL2 without E2H has no ASID field */
	return pt->root_pa | (el2(pt) ? 0 : (uint64_t)asid << 48);
}

uint64_t efivmap_pt_tcr(const struct efivmap_pt *pt)
{
	uint64_t t = (uint64_t)(64 - pt->cfg.va_bits) | TCR_IRGN0_WBWA |
		     TCR_ORGN0_WBWA | TCR_SH0_INNER | tg0(pt->cfg.granule);

	if (el2(pt))
		return t | EFIVMAP_PT_TCR_EL2_RES1 |
		       (ips(pt->cfg.pa_bits) >> EFIVMAP_PT_TCR_IPS_SHIFT <<
			EFIVMAP_PT_TCR_EL2_PS_SHIFT);
	return t | ips(pt->cfg.pa_bits);
}

uint64_t efivmap_pt_tcr_merge(const struct efivmap_pt *pt, uint64_t tcr)
{
	uint64_t ours = efivmap_pt_tcr(pt), mask = size_mask(pt);
	uint64_t size_old = tcr & mask, size_new = ours & mask;

	tcr &= ~(EFIVMAP_PT_TCR_TTBR0_MASK | mask);
	ours &= EFIVMAP_PT_TCR_TTBR0_MASK | (el2(pt) ?
					     EFIVMAP_PT_TCR_EL2_RES1 : 0);
	return tcr | ours | (size_old > size_new ? size_old : size_new);
}

static bool write_back(uint64_t field)
{
	return field == 1 || field == 3;
}

/* Live bits that would make the tables mean something else. */
static uint64_t meaning_bits(const struct efivmap_pt *pt)
{
	if (el2(pt))
		return EFIVMAP_PT_TCR_EL2_HPD | EFIVMAP_PT_TCR_EL2_HWU_MASK |
		       EFIVMAP_PT_TCR_EL2_DS;
	return EFIVMAP_PT_TCR_HPD0 | EFIVMAP_PT_TCR_HWU0_MASK |
	       EFIVMAP_PT_TCR_DS | EFIVMAP_PT_TCR_EPD0;
}

bool efivmap_pt_tcr_compatible(const struct efivmap_pt *pt, uint64_t tcr)
{
	uint64_t ours = efivmap_pt_tcr(pt), mask = size_mask(pt);
	uint64_t size_live = tcr & mask;
	/* PARange 6 (52 bits) is the largest; 7 is reserved */
	uint64_t size_max = UINT64_C(6) << (el2(pt) ?
					    EFIVMAP_PT_TCR_EL2_PS_SHIFT :
					    EFIVMAP_PT_TCR_IPS_SHIFT);

	return (tcr & EFIVMAP_PT_TCR_T0SZ_MASK) ==
	       (ours & EFIVMAP_PT_TCR_T0SZ_MASK) &&
	       (tcr & EFIVMAP_PT_TCR_TG0_MASK) ==
	       (ours & EFIVMAP_PT_TCR_TG0_MASK) &&
	       !(tcr & meaning_bits(pt)) &&
	       write_back((tcr & EFIVMAP_PT_TCR_IRGN0_MASK) >> 8) &&
	       write_back((tcr & EFIVMAP_PT_TCR_ORGN0_MASK) >> 10) &&
	       size_live >= (ours & mask) && size_live <= size_max;
}

bool efivmap_pt_tcr2_compatible(const struct efivmap_pt *pt, uint64_t tcr2)
{
	(void)pt;
	return !(tcr2 & ~EFIVMAP_PT_TCR2_HARMLESS);
}

uint64_t efivmap_pt_mair(const struct efivmap_pt *pt)
{
	return pt->cfg.mair;
}
