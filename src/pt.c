// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Translation-table configuration: granule, sizes, MAIR indices. */
#include "pt_internal.h"

/* MAIR attribute bytes for each EFIVMAP_PT_MT_*. */
static const uint8_t mt_byte[EFIVMAP_PT_MT_COUNT] = {
	[EFIVMAP_PT_MT_DEVICE_NGNRNE] = 0x00,
	[EFIVMAP_PT_MT_DEVICE_NGNRE] = 0x04,
	[EFIVMAP_PT_MT_NORMAL_NC] = 0x44,
	[EFIVMAP_PT_MT_NORMAL_WT] = 0xbb,
	[EFIVMAP_PT_MT_NORMAL_WB] = 0xff,
};

/* Where a type goes when the MAIR lacks it; itself when it is required. */
static const uint8_t mt_fallback[EFIVMAP_PT_MT_COUNT] = {
	[EFIVMAP_PT_MT_DEVICE_NGNRNE] = EFIVMAP_PT_MT_DEVICE_NGNRE,
	[EFIVMAP_PT_MT_DEVICE_NGNRE] = EFIVMAP_PT_MT_DEVICE_NGNRNE,
	[EFIVMAP_PT_MT_NORMAL_NC] = EFIVMAP_PT_MT_NORMAL_NC,
	[EFIVMAP_PT_MT_NORMAL_WT] = EFIVMAP_PT_MT_NORMAL_NC,
	[EFIVMAP_PT_MT_NORMAL_WB] = EFIVMAP_PT_MT_NORMAL_WB,
};

int efivmap__pt_fail(struct efivmap_diag *diag, int err, const char *what,
		     uint32_t index, uint64_t addr)
{
	return efivmap__fail(diag, err, what, index, EFIVMAP_DIAG_NONE, addr);
}

static bool granule_ok(uint32_t g)
{
	return g == EFIVMAP_PT_GRANULE_4K || g == EFIVMAP_PT_GRANULE_16K ||
	       g == EFIVMAP_PT_GRANULE_64K;
}

static bool sizes_ok(uint32_t granule, uint32_t va_bits, uint32_t pa_bits,
		     uint32_t flags)
{
	return granule_ok(granule) &&
	       va_bits >= EFIVMAP_PT_VA_BITS_MIN &&
	       va_bits <= EFIVMAP_PT_VA_BITS_MAX &&
	       pa_bits >= EFIVMAP_PT_PA_BITS_MIN &&
	       pa_bits <= EFIVMAP_PT_PA_BITS_MAX &&
	       (flags & ~EFIVMAP_PT_CFG_ALL) == 0;
}

bool efivmap__pt_cfg_valid(const struct efivmap_pt_config *cfg)
{
	unsigned i;

	if (!cfg || !sizes_ok(cfg->granule, cfg->va_bits, cfg->pa_bits,
			      cfg->flags))
		return false;
	for (i = 0; i < EFIVMAP_PT_MT_COUNT; i++)
		if (cfg->mair_idx[i] > 7)
			return false;
	return cfg->regime < EFIVMAP_PT_REGIME_COUNT;
}

static int mair_find(uint64_t mair, uint8_t byte)
{
	int i;

	for (i = 0; i < 8; i++)
		if ((uint8_t)(mair >> (8 * i)) == byte)
			return i;
	return -1;
}

/* On failure @idx may be partly written: callers pass a copy. */
static int mair_indices(uint64_t mair, uint8_t idx[EFIVMAP_PT_MT_COUNT])
{
	int found[EFIVMAP_PT_MT_COUNT], v;
	unsigned i;

	for (i = 0; i < EFIVMAP_PT_MT_COUNT; i++)
		found[i] = mair_find(mair, mt_byte[i]);
	for (i = 0; i < EFIVMAP_PT_MT_COUNT; i++) {
		v = found[i] >= 0 ? found[i] : found[mt_fallback[i]];
		if (v < 0)
			return -EFIVMAP_ERR_UNSUPPORTED;
		idx[i] = (uint8_t)v;
	}
	return 0;
}

int efivmap_pt_config_init(struct efivmap_pt_config *cfg, uint32_t granule,
			   uint32_t va_bits, uint32_t pa_bits, uint32_t flags)
{
	if (!cfg || !sizes_ok(granule, va_bits, pa_bits, flags))
		return -EFIVMAP_ERR_INVAL;
	cfg->granule = granule;
	cfg->va_bits = va_bits;
	cfg->pa_bits = pa_bits;
	cfg->flags = flags;
	cfg->regime = EFIVMAP_PT_REGIME_EL10;
	return efivmap_pt_config_set_mair(cfg, EFIVMAP_PT_MAIR_DEFAULT);
}

int efivmap_pt_config_set_regime(struct efivmap_pt_config *cfg,
				 uint32_t regime)
{
	if (!cfg || regime >= EFIVMAP_PT_REGIME_COUNT)
		return -EFIVMAP_ERR_INVAL;
	cfg->regime = regime;
	return 0;
}

int efivmap_pt_config_set_mair(struct efivmap_pt_config *cfg, uint64_t mair)
{
	uint8_t idx[EFIVMAP_PT_MT_COUNT];
	unsigned i;
	int err;

	if (!cfg)
		return -EFIVMAP_ERR_INVAL;
	err = mair_indices(mair, idx);
	if (err)
		return err;
	cfg->mair = mair;
	for (i = 0; i < EFIVMAP_PT_MT_COUNT; i++)
		cfg->mair_idx[i] = idx[i];
	return 0;
}

/*
 * The TTBR0 walk fields of a live TCR in @regime's layout: T0SZ and TG0
 * sit alike in both layouts; the output size is IPS [34:32] in TCR_EL1's
 * and PS [18:16] in TCR_EL2's, which also has no EPD0.
 */
static bool tcr_fields(uint32_t regime, uint64_t tcr, uint32_t *t0sz,
		       uint32_t *tg0, uint32_t *ps)
{
	bool el2 = regime == EFIVMAP_PT_REGIME_EL2;

	*t0sz = (uint32_t)(tcr & EFIVMAP_PT_TCR_T0SZ_MASK);
	*tg0 = (uint32_t)((tcr & EFIVMAP_PT_TCR_TG0_MASK) >> 14);
	*ps = (uint32_t)(el2 ? (tcr & EFIVMAP_PT_TCR_EL2_PS_MASK) >>
			 EFIVMAP_PT_TCR_EL2_PS_SHIFT :
			 (tcr & EFIVMAP_PT_TCR_IPS_MASK) >>
			 EFIVMAP_PT_TCR_IPS_SHIFT);
	return el2 || !(tcr & EFIVMAP_PT_TCR_EPD0);
}

int efivmap_pt_config_from_regs(struct efivmap_pt_config *cfg,
				uint32_t regime, uint64_t tcr, uint64_t mair,
				uint32_t flags)
{
	static const uint8_t ps_bits[8] = { 32, 36, 40, 42, 44, 48, 48, 0 };
	struct efivmap_pt_config c;
	uint32_t t0sz, tg0, ps, granule;
	int err;

	if (!cfg || regime >= EFIVMAP_PT_REGIME_COUNT ||
	    !tcr_fields(regime, tcr, &t0sz, &tg0, &ps))
		return -EFIVMAP_ERR_INVAL;
	if (t0sz < 64 - EFIVMAP_PT_VA_BITS_MAX ||
	    t0sz > 64 - EFIVMAP_PT_VA_BITS_MIN || tg0 == 3 || !ps_bits[ps])
		return -EFIVMAP_ERR_UNSUPPORTED;
	granule = tg0 == 0 ? EFIVMAP_PT_GRANULE_4K :
		  tg0 == 1 ? EFIVMAP_PT_GRANULE_64K : EFIVMAP_PT_GRANULE_16K;
	err = efivmap_pt_config_init(&c, granule, 64 - t0sz, ps_bits[ps],
				     flags);
	if (!err)
		err = efivmap_pt_config_set_mair(&c, mair);
	if (err)
		return err;
	c.regime = regime;
	efivmap__copy(cfg, &c, sizeof(c));
	return 0;
}

int efivmap_pt_config_from_tcr(struct efivmap_pt_config *cfg, uint64_t tcr,
			       uint64_t mair, uint32_t flags)
{
	return efivmap_pt_config_from_regs(cfg, EFIVMAP_PT_REGIME_EL10, tcr,
					   mair, flags);
}

unsigned efivmap_pt_start_level(const struct efivmap_pt_config *cfg)
{
	return efivmap__pt_start(efivmap__pt_shift(cfg->granule), cfg->va_bits);
}

/*
 * The memory type MAIR index @idx stands for (only our five are ever
 * used; anything else reads as EFIVMAP_PT_ATTR_MT_MASK).
 */
static uint32_t mt_at(const struct efivmap_pt_config *cfg, unsigned idx)
{
	uint8_t b = (uint8_t)(cfg->mair >> (8 * idx));
	uint32_t i;

	for (i = 0; i < EFIVMAP_PT_MT_COUNT && mt_byte[i] != b; i++)
		;
	return i < EFIVMAP_PT_MT_COUNT ? i : EFIVMAP_PT_ATTR_MT_MASK;
}

uint32_t efivmap__pt_effective(const struct efivmap_pt_config *cfg,
			       uint32_t attrs)
{
	uint32_t mt = attrs & EFIVMAP_PT_ATTR_MT_MASK, a;

	EFIVMAP_ASSERT(mt < EFIVMAP_PT_MT_COUNT);
	mt = mt_at(cfg, cfg->mair_idx[mt]);
	a = (attrs & ~(uint32_t)EFIVMAP_PT_ATTR_MT_MASK) | mt;
	/* device memory never executes (MT_MASK: an unknown type) */
	if (mt <= EFIVMAP_PT_MT_DEVICE_NGNRE || mt == EFIVMAP_PT_ATTR_MT_MASK)
		a &= ~(uint32_t)EFIVMAP_PT_ATTR_X;
	if (!(cfg->flags & EFIVMAP_PT_CFG_BTI) || !(a & EFIVMAP_PT_ATTR_X))
		a &= ~(uint32_t)EFIVMAP_PT_ATTR_GP;
	return a;
}

uint32_t efivmap__pt_decode(const struct efivmap_pt_config *cfg,
			    uint64_t desc)
{
	uint32_t a = mt_at(cfg, (unsigned)(desc >> EFIVMAP__PT_ATTRIDX_SHIFT) &
			   7u);

	if (!(desc & EFIVMAP__PT_AP_RO))
		a |= EFIVMAP_PT_ATTR_W;
	/* at EL2, bit 54 is XN; at EL1&0 and EL2&0, PXN is bit 53 */
	if (!(desc & (cfg->regime == EFIVMAP_PT_REGIME_EL2 ?
		      EFIVMAP__PT_UXN : EFIVMAP__PT_PXN)))
		a |= EFIVMAP_PT_ATTR_X;
	if (desc & EFIVMAP__PT_GP)
		a |= EFIVMAP_PT_ATTR_GP;
	return a;
}
