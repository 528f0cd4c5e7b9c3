// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The arch module's decisions, on the host: which registers and TLBI the
 * live level needs, the regime the tables must be built for, and what
 * efivmap_arch_call_with_regs() installs, on the registers it reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "efivmap/arch.h"
#include "efivmap/pt.h"

#define EL1 (UINT64_C(1) << 2)
#define EL2 (UINT64_C(2) << 2)
#define EL3 (UINT64_C(3) << 2)
#define E2H (UINT64_C(1) << 34)
#define TGE (UINT64_C(1) << 27)
#define MMU_ON UINT64_C(1)
#define ALL_GRANULES UINT64_C(0x00100000)  /* TGran4 0, TGran64 0, TGran16 1 */

static uint64_t dummy(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
		      uint64_t e, uint64_t f)
{
	return a + b + c + d + e + f;
}

/* The registers efivmap_pt_tcr() and efivmap_pt_mair() give. */
static void regs_for_regime(struct efivmap_arch_regs *r, uint32_t granule,
			    uint32_t va_bits, uint32_t regime)
{
	EFIVMAP_PT_POOL(pool, EFIVMAP_PT_GRANULE_64K, 1);
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;

	assert_int_equal(efivmap_pt_config_init(&cfg, granule, va_bits, 40, 0),
			 0);
	assert_int_equal(efivmap_pt_config_set_regime(&cfg, regime), 0);
	assert_int_equal(efivmap_pt_init_pool(&pt, &cfg, pool, sizeof(pool),
					      0x40000000, NULL), 0);
	r->ttbr0 = efivmap_pt_ttbr0(&pt, 0);
	r->tcr = efivmap_pt_tcr(&pt);
	r->mair = efivmap_pt_mair(&pt);
}

static void regs_for(struct efivmap_arch_regs *r, uint32_t granule)
{
	regs_for_regime(r, granule, 39, EFIVMAP_PT_REGIME_EL10);
}

static void test_arch_regs_check_accepts_our_tables_at_el1(void **state)
{
	static const uint32_t g[3] = { EFIVMAP_PT_GRANULE_4K,
				       EFIVMAP_PT_GRANULE_16K,
				       EFIVMAP_PT_GRANULE_64K };
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES, 0, 0, 0, 0 };
	struct efivmap_arch_regs r;
	unsigned i;

	(void)state;
	for (i = 0; i < 3; i++) {
		regs_for(&r, g[i]);
		assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live), 0);
	}
	/* EDK2's own TCR_EL1 and MAIR_EL1 describe tables we build too */
	r.tcr = UINT64_C(0x480803514);
	r.mair = 0xFFBB4400;
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live), 0);
}

static void test_arch_regs_check_refuses_bad_requests(void **state)
{
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES, 0, 0, 0, 0 };
	struct efivmap_arch_regs r, bad;

	(void)state;
	regs_for(&r, EFIVMAP_PT_GRANULE_4K);
	assert_int_equal(efivmap_arch_regs_check(NULL, dummy, &live),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_arch_regs_check(&r, NULL, &live),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, NULL),
			 -EFIVMAP_ERR_INVAL);
	bad = r;
	bad.tcr |= EFIVMAP_PT_TCR_EPD0;
	assert_int_equal(efivmap_arch_regs_check(&bad, dummy, &live),
			 -EFIVMAP_ERR_INVAL);
	bad = r;
	bad.tcr |= EFIVMAP_PT_TCR_TG0_MASK;          /* TG0 = 3, reserved */
	assert_int_equal(efivmap_arch_regs_check(&bad, dummy, &live),
			 -EFIVMAP_ERR_INVAL);
	bad = r;
	bad.tcr = (bad.tcr & ~EFIVMAP_PT_TCR_T0SZ_MASK) | 12;  /* 52 bits */
	assert_int_equal(efivmap_arch_regs_check(&bad, dummy, &live),
			 -EFIVMAP_ERR_INVAL);
	bad = r;
	bad.mair = 0;                                /* no Normal memory */
	assert_int_equal(efivmap_arch_regs_check(&bad, dummy, &live),
			 -EFIVMAP_ERR_INVAL);
}

/* Wrong regime, MMU off, or a granule the CPU lacks: refused. */
static void test_arch_regs_check_refuses_what_the_cpu_cannot(void **state)
{
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES, 0, 0, 0, 0 };
	struct efivmap_arch_regs r;

	(void)state;
	regs_for(&r, EFIVMAP_PT_GRANULE_4K);
	live.current_el = EL3;
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live),
			 -EFIVMAP_ERR_UNSUPPORTED);
	live.current_el = 0;                         /* EL0 */
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live),
			 -EFIVMAP_ERR_UNSUPPORTED);
	live.current_el = EL1;
	live.sctlr = 0;
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live),
			 -EFIVMAP_ERR_UNSUPPORTED);
	live.sctlr = MMU_ON;
	live.mmfr0 = UINT64_C(0xf) << 28;            /* no 4K */
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live),
			 -EFIVMAP_ERR_UNSUPPORTED);
	regs_for(&r, EFIVMAP_PT_GRANULE_16K);
	live.mmfr0 = 0;                              /* no 16K */
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live),
			 -EFIVMAP_ERR_UNSUPPORTED);
	regs_for(&r, EFIVMAP_PT_GRANULE_64K);
	live.mmfr0 = (UINT64_C(0xf) << 24) | ALL_GRANULES;  /* no 64K */
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live),
			 -EFIVMAP_ERR_UNSUPPORTED);
	live.mmfr0 = ALL_GRANULES;
	assert_int_equal(efivmap_arch_regs_check(&r, dummy, &live), 0);
}

/* The level picks the registers and the TLBI; E2H does not. */
static void test_arch_switch_kind_follows_the_level(void **state)
{
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES, 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(efivmap_arch_switch_kind(&live),
			 EFIVMAP_ARCH_SWITCH_EL1);
	live.current_el = EL2;
	assert_int_equal(efivmap_arch_switch_kind(&live),
			 EFIVMAP_ARCH_SWITCH_EL2);
	live.hcr = E2H | TGE;
	assert_int_equal(efivmap_arch_switch_kind(&live),
			 EFIVMAP_ARCH_SWITCH_EL2);
	live.hcr = E2H;
	assert_int_equal(efivmap_arch_switch_kind(&live),
			 EFIVMAP_ARCH_SWITCH_EL2);
	live.current_el = EL3;
	assert_int_equal(efivmap_arch_switch_kind(&live),
			 EFIVMAP_ARCH_SWITCH_NONE);
	live.current_el = 0;
	assert_int_equal(efivmap_arch_switch_kind(&live),
			 EFIVMAP_ARCH_SWITCH_NONE);
	live.current_el = EL2;
	live.sctlr = 0;                              /* MMU off */
	assert_int_equal(efivmap_arch_switch_kind(&live),
			 EFIVMAP_ARCH_SWITCH_NONE);
	assert_int_equal(efivmap_arch_switch_kind(NULL),
			 EFIVMAP_ARCH_SWITCH_NONE);
}

static void test_arch_live_regime_from_el_and_e2h(void **state)
{
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES, 0, 0, 0, 0 };
	uint32_t regime = 99;

	(void)state;
	/* HCR_EL2 means nothing at EL1 (it reads as 0 there anyway) */
	live.hcr = E2H;
	assert_int_equal(efivmap_arch_live_regime(&live, &regime), 0);
	assert_int_equal(regime, EFIVMAP_PT_REGIME_EL10);
	live.current_el = EL2;
	live.hcr = TGE;
	assert_int_equal(efivmap_arch_live_regime(&live, &regime), 0);
	assert_int_equal(regime, EFIVMAP_PT_REGIME_EL2);
	live.hcr = E2H;
	assert_int_equal(efivmap_arch_live_regime(&live, &regime), 0);
	assert_int_equal(regime, EFIVMAP_PT_REGIME_EL20);
	live.hcr = E2H | TGE;
	assert_int_equal(efivmap_arch_live_regime(&live, &regime), 0);
	assert_int_equal(regime, EFIVMAP_PT_REGIME_EL20);
	regime = 99;
	live.current_el = EL3;
	assert_int_equal(efivmap_arch_live_regime(&live, &regime),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(regime, 99);
	assert_int_equal(efivmap_arch_live_regime(NULL, &regime),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_arch_live_regime(&live, NULL),
			 -EFIVMAP_ERR_INVAL);
}

/* At EL2 the live TCR is TCR_EL2, read in the layout E2H selects. */
static void test_arch_config_from_live_reads_the_live_layout(void **state)
{
	struct efivmap_arch_live live = { EL2, MMU_ON, ALL_GRANULES, 0, 0, 0, 0 };
	struct efivmap_pt_config cfg;
	struct efivmap_arch_regs r;

	(void)state;
	regs_for_regime(&r, EFIVMAP_PT_GRANULE_4K, 44, EFIVMAP_PT_REGIME_EL2);
	live.tcr = r.tcr;
	live.mair = r.mair;
	assert_int_equal(efivmap_arch_config_from_live(&cfg, &live, 0), 0);
	assert_int_equal(cfg.regime, EFIVMAP_PT_REGIME_EL2);
	assert_int_equal(cfg.va_bits, 44);
	assert_int_equal(cfg.granule, EFIVMAP_PT_GRANULE_4K);
	assert_int_equal(cfg.pa_bits, 40);

	regs_for_regime(&r, EFIVMAP_PT_GRANULE_16K, 48,
			EFIVMAP_PT_REGIME_EL20);
	live.hcr = E2H | TGE;
	live.tcr = r.tcr | EFIVMAP_PT_TCR_A1;        /* a TTBR1 half too */
	assert_int_equal(efivmap_arch_config_from_live(&cfg, &live, 0), 0);
	assert_int_equal(cfg.regime, EFIVMAP_PT_REGIME_EL20);
	assert_int_equal(cfg.va_bits, 48);
	assert_int_equal(cfg.granule, EFIVMAP_PT_GRANULE_16K);

	/* EL1's TCR and MAIR read 0 at EL2: that is not a configuration */
	live.hcr = 0;
	live.tcr = 0;
	live.mair = 0;
	assert_int_not_equal(efivmap_arch_config_from_live(&cfg, &live, 0), 0);
	live.current_el = EL3;
	assert_int_equal(efivmap_arch_config_from_live(&cfg, &live, 0),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(efivmap_arch_config_from_live(NULL, &live, 0),
			 -EFIVMAP_ERR_INVAL);
}

/* The TCR call_with_regs installs: the TTBR0 half from the request. */
static void test_arch_regs_prepare_merges_per_layout(void **state)
{
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES, 0, 0, 0, 0 };
	struct efivmap_arch_plan plan;
	struct efivmap_arch_regs r;
	uint64_t ttbr1_half = UINT64_C(0x10) << 16 | EFIVMAP_PT_TCR_A1 |
			      UINT64_C(1) << 37;   /* T1SZ 16, A1, TBI0 */

	(void)state;
	regs_for(&r, EFIVMAP_PT_GRANULE_4K);
	/* EL1: T0SZ 25 and TG0 4K from the request, IPS the larger */
	live.tcr = ttbr1_half | UINT64_C(5) << 32 | 16 | UINT64_C(2) << 14;
	assert_int_equal(efivmap_arch_regs_prepare(&r, dummy, &live, &plan),
			 0);
	assert_int_equal(plan.how, EFIVMAP_ARCH_SWITCH_EL1);
	assert_int_equal(plan.regime, EFIVMAP_PT_REGIME_EL10);
	assert_int_equal(plan.ttbr0, r.ttbr0);
	assert_int_equal(plan.mair, r.mair);
	assert_int_equal(plan.tcr, ttbr1_half | UINT64_C(5) << 32 |
			 (r.tcr & UINT64_C(0xffbf)));

	/* EL2 without E2H: PS at [18:16], RES1 and TBI kept from the live */
	regs_for_regime(&r, EFIVMAP_PT_GRANULE_64K, 42, EFIVMAP_PT_REGIME_EL2);
	live.current_el = EL2;
	live.tcr = EFIVMAP_PT_TCR_EL2_RES1 | UINT64_C(1) << 20 |
		   UINT64_C(1) << 16 | 20;           /* TBI, PS 36 bits */
	assert_int_equal(efivmap_arch_regs_prepare(&r, dummy, &live, &plan),
			 0);
	assert_int_equal(plan.how, EFIVMAP_ARCH_SWITCH_EL2);
	assert_int_equal(plan.regime, EFIVMAP_PT_REGIME_EL2);
	assert_int_equal(plan.tcr, EFIVMAP_PT_TCR_EL2_RES1 | UINT64_C(1) << 20 |
			 UINT64_C(2) << 16 | (r.tcr & UINT64_C(0xff3f)));

	/* EL2&0: TCR_EL1's layout again, in TCR_EL2 */
	regs_for_regime(&r, EFIVMAP_PT_GRANULE_4K, 48, EFIVMAP_PT_REGIME_EL20);
	live.hcr = E2H | TGE;
	live.tcr = ttbr1_half | UINT64_C(1) << 32 | 25;
	assert_int_equal(efivmap_arch_regs_prepare(&r, dummy, &live, &plan),
			 0);
	assert_int_equal(plan.how, EFIVMAP_ARCH_SWITCH_EL2);
	assert_int_equal(plan.regime, EFIVMAP_PT_REGIME_EL20);
	assert_int_equal(plan.tcr, ttbr1_half | UINT64_C(2) << 32 |
			 (r.tcr & UINT64_C(0xffbf)));
	assert_int_equal(efivmap_arch_regs_prepare(&r, dummy, &live, NULL),
			 -EFIVMAP_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arch_regs_check_accepts_our_tables_at_el1),
		cmocka_unit_test(test_arch_regs_check_refuses_bad_requests),
		cmocka_unit_test(test_arch_regs_check_refuses_what_the_cpu_cannot),
		cmocka_unit_test(test_arch_switch_kind_follows_the_level),
		cmocka_unit_test(test_arch_live_regime_from_el_and_e2h),
		cmocka_unit_test(test_arch_config_from_live_reads_the_live_layout),
		cmocka_unit_test(test_arch_regs_prepare_merges_per_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
