// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The arch module's decisions, on the host: efivmap_arch_regs_check()
 * decides for efivmap_arch_call_with_regs() on the registers it reads.
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
#define MMU_ON UINT64_C(1)
#define ALL_GRANULES UINT64_C(0x00100000)  /* TGran4 0, TGran64 0, TGran16 1 */

static uint64_t dummy(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
		      uint64_t e, uint64_t f)
{
	return a + b + c + d + e + f;
}

/* The registers efivmap_pt_tcr() and efivmap_pt_mair() give. */
static void regs_for(struct efivmap_arch_regs *r, uint32_t granule)
{
	EFIVMAP_PT_POOL(pool, EFIVMAP_PT_GRANULE_64K, 1);
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;

	assert_int_equal(efivmap_pt_config_init(&cfg, granule, 39, 40, 0), 0);
	assert_int_equal(efivmap_pt_init_pool(&pt, &cfg, pool, sizeof(pool),
					      0x40000000, NULL), 0);
	r->ttbr0 = efivmap_pt_ttbr0(&pt, 0);
	r->tcr = efivmap_pt_tcr(&pt);
	r->mair = efivmap_pt_mair(&pt);
}

static void test_arch_regs_check_accepts_our_tables_at_el1(void **state)
{
	static const uint32_t g[3] = { EFIVMAP_PT_GRANULE_4K,
				       EFIVMAP_PT_GRANULE_16K,
				       EFIVMAP_PT_GRANULE_64K };
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES };
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
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES };
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
	struct efivmap_arch_live live = { EL1, MMU_ON, ALL_GRANULES };
	struct efivmap_arch_regs r;

	(void)state;
	regs_for(&r, EFIVMAP_PT_GRANULE_4K);
	live.current_el = EL2;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arch_regs_check_accepts_our_tables_at_el1),
		cmocka_unit_test(test_arch_regs_check_refuses_bad_requests),
		cmocka_unit_test(test_arch_regs_check_refuses_what_the_cpu_cannot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
