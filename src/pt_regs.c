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

uint64_t efivmap_pt_ttbr0(const struct efivmap_pt *pt, uint16_t asid)
{
	return pt->root_pa | ((uint64_t)asid << 48);
}

uint64_t efivmap_pt_tcr(const struct efivmap_pt *pt)
{
	return (uint64_t)(64 - pt->cfg.va_bits) | TCR_IRGN0_WBWA |
	       TCR_ORGN0_WBWA | TCR_SH0_INNER | tg0(pt->cfg.granule) |
	       ips(pt->cfg.pa_bits);
}

uint64_t efivmap_pt_tcr_merge(const struct efivmap_pt *pt, uint64_t tcr)
{
	uint64_t ours = efivmap_pt_tcr(pt);
	uint64_t ips_old = tcr & EFIVMAP_PT_TCR_IPS_MASK;
	uint64_t ips_new = ours & EFIVMAP_PT_TCR_IPS_MASK;

	tcr &= ~(EFIVMAP_PT_TCR_TTBR0_MASK | EFIVMAP_PT_TCR_IPS_MASK);
	ours &= EFIVMAP_PT_TCR_TTBR0_MASK;
	return tcr | ours | (ips_old > ips_new ? ips_old : ips_new);
}

static bool write_back(uint64_t field)
{
	return field == 1 || field == 3;
}

bool efivmap_pt_tcr_compatible(const struct efivmap_pt *pt, uint64_t tcr)
{
	uint64_t ours = efivmap_pt_tcr(pt);
	uint64_t ips_live = tcr & EFIVMAP_PT_TCR_IPS_MASK;

	return (tcr & EFIVMAP_PT_TCR_T0SZ_MASK) ==
	       (ours & EFIVMAP_PT_TCR_T0SZ_MASK) &&
	       (tcr & EFIVMAP_PT_TCR_TG0_MASK) ==
	       (ours & EFIVMAP_PT_TCR_TG0_MASK) &&
	       !(tcr & EFIVMAP_PT_TCR_EPD0) &&
	       write_back((tcr & EFIVMAP_PT_TCR_IRGN0_MASK) >> 8) &&
	       write_back((tcr & EFIVMAP_PT_TCR_ORGN0_MASK) >> 10) &&
	       ips_live >= (ours & EFIVMAP_PT_TCR_IPS_MASK) &&
	       ips_live <= (UINT64_C(6) << EFIVMAP_PT_TCR_IPS_SHIFT);
}

uint64_t efivmap_pt_mair(const struct efivmap_pt *pt)
{
	return pt->cfg.mair;
}
