// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Guarded firmware calls and the MMU self-check, on the host: every
 * decision guard.S and probe.S leave to C. The guard's steps are played
 * here in the order guard.S takes them (begin, save, firmware, fixup or
 * return, end); ESR values are built from the Arm ARM's field layout;
 * PAR values come from a small walker of the raw descriptors written
 * here, independent of the library's own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "efivmap/arch.h"
#include "efivmap/mmap.h"
#include "efivmap/pt.h"
#include "testlib.h"

#define EL(n) ((uint64_t)(n) << 2)
#define RT EFIVMAP_EFI_MEMORY_RUNTIME
#define WB EFIVMAP_EFI_MEMORY_WB
#define UC EFIVMAP_EFI_MEMORY_UC
#define K4 UINT64_C(0x1000)
#define M2 (UINT64_C(1) << 21)

static uint64_t fw(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
		   uint64_t e, uint64_t f)
{
	return a ^ b ^ c ^ d ^ e ^ f;
}

/* ------------------------------------------------------------------ */
/* Guarded calls                                                       */
/* ------------------------------------------------------------------ */

#define TOP UINT64_C(0x7fff0000)
#define RESUME UINT64_C(0x40001100)
#define RET_LO UINT64_C(0x40001088)
#define RET_HI UINT64_C(0x400010f8)
#define SP_CALLER UINT64_C(0x7ffe0f80)

static void begun(struct efivmap_guard *g, uint64_t el)
{
	memset(g, 0xa5, sizeof(*g));
	g->stack_top = TOP;
	assert_int_equal(efivmap_guard_begin(g, fw, el, RESUME, RET_LO,
					     RET_HI), 0);
}

/* What guard.S stores before the call and after a clean return. */
static void saved_and_returned(struct efivmap_guard *g, uint64_t status)
{
	unsigned i;

	for (i = 0; i < 12; i++)
		g->saved[i] = 0x1800 + i;
	g->saved[12] = SP_CALLER;
	g->active = 1;
	memcpy(g->after, g->saved, sizeof(g->after));
	g->after[12] = g->fn_sp;
	g->active = 0;
	g->status = status;
}

static void test_guard_el_picks_el1_or_el2(void **state)
{
	(void)state;
	assert_int_equal(efivmap_guard_el(EL(0)), 0);
	assert_int_equal(efivmap_guard_el(EL(1)), 1);
	assert_int_equal(efivmap_guard_el(EL(2)), 2);
	assert_int_equal(efivmap_guard_el(EL(3)), 0);
	/* only bits 3:2 count */
	assert_int_equal(efivmap_guard_el(EL(2) | 0x3 | UINT64_C(1) << 40), 2);
}

static void test_guard_begin_checks_and_resets(void **state)
{
	struct efivmap_guard g;

	(void)state;
	memset(&g, 0, sizeof(g));
	g.stack_top = TOP;
	assert_int_equal(efivmap_guard_begin(NULL, fw, EL(1), 0, 0, 0),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_guard_begin(&g, NULL, EL(1), 0, 0, 0),
			 -EFIVMAP_ERR_INVAL);
	g.stack_top = 0;
	assert_int_equal(efivmap_guard_begin(&g, fw, EL(1), 0, 0, 0),
			 -EFIVMAP_ERR_INVAL);
	g.stack_top = TOP + 8;
	assert_int_equal(efivmap_guard_begin(&g, fw, EL(1), 0, 0, 0),
			 -EFIVMAP_ERR_INVAL);
	g.stack_top = TOP;
	assert_int_equal(efivmap_guard_begin(&g, fw, EL(0), 0, 0, 0),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(efivmap_guard_begin(&g, fw, EL(3), 0, 0, 0),
			 -EFIVMAP_ERR_UNSUPPORTED);
	/* a guard left over from an earlier call starts clean */
	begun(&g, EL(2));
	assert_int_equal(g.stack_top, TOP);
	assert_int_equal(g.current_el, EL(2));
	assert_int_equal(g.active, 0);
	assert_int_equal(g.resume, RESUME);
	assert_int_equal(g.ret_lo, RET_LO);
	assert_int_equal(g.ret_hi, RET_HI);
	assert_int_equal(g.fn_sp, TOP - 16);
	assert_int_equal(g.esr, 0);
	assert_int_equal(g.far, 0);
	assert_int_equal(g.elr, 0);
	assert_int_equal(g.outcome, EFIVMAP_GUARD_RETURNED);
	assert_int_equal(g.corrupted, EFIVMAP_GUARD_REG_NONE);
}

static void test_guard_end_clean_return(void **state)
{
	struct efivmap_guard g;
	uint64_t ret = 0;

	(void)state;
	begun(&g, EL(1));
	saved_and_returned(&g, 0x8000000000000003);
	assert_int_equal(efivmap_guard_end(&g, &ret), 0);
	assert_int_equal(ret, 0x8000000000000003);
	assert_int_equal(g.corrupted, EFIVMAP_GUARD_REG_NONE);
	assert_int_equal(efivmap_guard_end(&g, NULL), 0);
}

/* Each register alone, then several: the first in SP, x18..x29 order. */
static void test_guard_end_names_the_corrupted_register(void **state)
{
	struct efivmap_guard g;
	uint64_t ret;
	unsigned i;

	(void)state;
	for (i = 0; i < 12; i++) {
		begun(&g, EL(1));
		saved_and_returned(&g, 7);
		g.after[i] ^= 1;
		ret = 0;
		assert_int_equal(efivmap_guard_end(&g, &ret),
				 -EFIVMAP_ERR_FW_CORRUPT);
		assert_int_equal(g.corrupted, 18 + i);
		assert_int_equal(ret, 7);  /* the status is still reported */
	}
	begun(&g, EL(1));
	saved_and_returned(&g, 0);
	g.after[1] = 0;   /* x19 */
	g.after[7] = 0;   /* x25 */
	assert_int_equal(efivmap_guard_end(&g, NULL), -EFIVMAP_ERR_FW_CORRUPT);
	assert_int_equal(g.corrupted, 19);
	g.after[12] += 16;  /* SP returned off by one pair */
	assert_int_equal(efivmap_guard_end(&g, NULL), -EFIVMAP_ERR_FW_CORRUPT);
	assert_int_equal(g.corrupted, EFIVMAP_GUARD_REG_SP);
	/* x30 is not checked: firmware returns through it */
}

static struct efivmap_guard_frame firmware_frame(uint64_t spsr)
{
	struct efivmap_guard_frame f;
	unsigned i;

	for (i = 0; i < 31; i++)
		f.x[i] = 0xf000 + i;
	f.sp = TOP - 0x200;
	f.elr = 0x3ff40124;
	f.spsr = spsr;
	return f;
}

#define SPSR_EL1H UINT64_C(0x5)
#define SPSR_EL2H UINT64_C(0x9)
#define SPSR_DAIF UINT64_C(0x3c0)
#define SPSR_NZCV (UINT64_C(0xf) << 28)
#define SPSR_PAN (UINT64_C(1) << 22)
#define SPSR_BTYPE (UINT64_C(3) << 10)

static void test_guard_fixup_takes_faults_inside_firmware(void **state)
{
	const struct efivmap_guard_fault fault = { 0x96000007, 0x9000010 };
	struct efivmap_guard_frame f, before;
	struct efivmap_guard g;
	uint64_t ret = 0x1234;
	unsigned i;

	(void)state;
	begun(&g, EL(1));
	saved_and_returned(&g, 0);
	g.active = 1;  /* firmware running */
	/* firmware had IRQs unmasked, a BTYPE pending, EL1t selected */
	f = firmware_frame(SPSR_NZCV | SPSR_PAN | SPSR_BTYPE | 0x4);
	before = f;
	assert_true(efivmap_guard_fixup_regs(&g, &f, &fault));
	assert_int_equal(g.esr, fault.esr);
	assert_int_equal(g.far, fault.far);
	assert_int_equal(g.elr, 0x3ff40124);
	assert_int_equal(g.spsr, before.spsr);
	assert_int_equal(g.active, 0);
	assert_int_equal(g.outcome, EFIVMAP_GUARD_FAULTED);
	/* ERET goes to the resume path, with g, at EL1h, masked, BTYPE 0 */
	assert_int_equal(f.elr, RESUME);
	assert_int_equal(f.x[0], (uint64_t)(uintptr_t)&g);
	assert_int_equal(f.spsr, SPSR_NZCV | SPSR_PAN | SPSR_DAIF | SPSR_EL1H);
	for (i = 1; i < 31; i++)
		assert_int_equal(f.x[i], before.x[i]);
	/* the resume path restores and judges */
	assert_int_equal(efivmap_guard_end(&g, &ret), -EFIVMAP_ERR_FW_FAULT);
	assert_int_equal(ret, 0x1234);
	/* a second exception while recovering is not ours */
	f = before;
	assert_false(efivmap_guard_fixup_regs(&g, &f, &fault));
	assert_memory_equal(&f, &before, sizeof(f));
}

static void test_guard_fixup_refuses_what_is_not_ours(void **state)
{
	const struct efivmap_guard_fault fault = { 0x96000007, 0 };
	struct efivmap_guard_frame f, before;
	struct efivmap_guard g, gb;

	(void)state;
	begun(&g, EL(1));
	f = firmware_frame(SPSR_EL1H);
	before = f;
	/* no guarded call running */
	assert_false(efivmap_guard_fixup_regs(&g, &f, &fault));
	assert_false(efivmap_guard_fixup_regs(NULL, &f, &fault));
	g.active = 1;
	assert_false(efivmap_guard_fixup_regs(&g, NULL, &fault));
	assert_false(efivmap_guard_fixup_regs(&g, &f, NULL));
	gb = g;
	/* from EL0 (a user fault) and from AArch32 */
	f.spsr = 0;
	assert_false(efivmap_guard_fixup_regs(&g, &f, &fault));
	f.spsr = 0x13 | 0x10;
	assert_false(efivmap_guard_fixup_regs(&g, &f, &fault));
	/* a guard at EL2 does not take an exception from EL1 (a guest) */
	begun(&g, EL(2));
	g.active = 1;
	gb = g;
	f = before;
	assert_false(efivmap_guard_fixup_regs(&g, &f, &fault));
	assert_memory_equal(&f, &before, sizeof(f));
	assert_memory_equal(&g, &gb, sizeof(g));
	/* but one from EL2 it does, resuming at EL2h */
	f.spsr = SPSR_EL2H;
	assert_true(efivmap_guard_fixup_regs(&g, &f, &fault));
	assert_int_equal(f.spsr, SPSR_DAIF | SPSR_EL2H);
}

/* A trap in the guard's own return path means SP did not lead back. */
static void test_guard_fixup_in_return_path_is_lost_sp(void **state)
{
	const struct efivmap_guard_fault brk = { 0xf2000ef1, 0 };
	struct efivmap_guard_frame f;
	struct efivmap_guard g;
	uint64_t ret = 99;

	(void)state;
	begun(&g, EL(1));
	g.active = 1;
	f = firmware_frame(SPSR_EL1H);
	f.elr = RET_HI - 4;
	assert_true(efivmap_guard_fixup_regs(&g, &f, &brk));
	assert_int_equal(g.outcome, EFIVMAP_GUARD_LOST_SP);
	assert_int_equal(efivmap_guard_end(&g, &ret), -EFIVMAP_ERR_FW_CORRUPT);
	assert_int_equal(g.corrupted, EFIVMAP_GUARD_REG_SP);
	assert_int_equal(ret, 99);
	/* the range is [ret_lo, ret_hi): anywhere else is firmware's */
	begun(&g, EL(1));
	g.active = 1;
	f = firmware_frame(SPSR_EL1H);
	f.elr = RET_LO - 4;
	assert_true(efivmap_guard_fixup_regs(&g, &f, &brk));
	assert_int_equal(g.outcome, EFIVMAP_GUARD_FAULTED);
	f.elr = RET_LO;
	begun(&g, EL(1));
	g.active = 1;
	assert_true(efivmap_guard_fixup_regs(&g, &f, &brk));
	assert_int_equal(g.outcome, EFIVMAP_GUARD_LOST_SP);
}

static void test_guard_errors_have_messages(void **state)
{
	(void)state;
	assert_string_equal(efivmap_strerror(-EFIVMAP_ERR_FW_FAULT),
			    "firmware faulted inside a guarded call");
	assert_string_equal(efivmap_strerror(-EFIVMAP_ERR_FW_CORRUPT),
			    "firmware corrupted a register it must preserve");
	assert_true(EFIVMAP_ERR_FW_CORRUPT + 1 == EFIVMAP_ERR_MAX);
}

/* ------------------------------------------------------------------ */
/* Diagnosis                                                           */
/* ------------------------------------------------------------------ */

/* ESR_ELx: EC [31:26], IL [25] (a 32-bit instruction), ISS [24:0]. */
static uint64_t esr(uint32_t ec, uint32_t iss)
{
	return (uint64_t)ec << 26 | UINT64_C(1) << 25 | iss;
}
#define WNR (1u << 6)
#define CM (1u << 8)
#define FNV (1u << 10)

#define VA_CODE UINT64_C(0x3ff40000)
#define VA_DATA UINT64_C(0x3ff50000)
#define VA_MMIO UINT64_C(0x3ff60000)

struct dmap {
	struct tl_map tm;
	struct efivmap_mmap map;
};

static void diag_map(struct dmap *m)
{
	tl_map_init(&m->tm, 48);
	tl_map_add(&m->tm, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x40000000, 16,
		   RT | WB);
	tl_map_add(&m->tm, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x40010000, 16,
		   RT | WB);
	tl_map_add(&m->tm, EFIVMAP_EFI_MMIO, 0x09010000, 1, RT | UC);
	tl_map_add(&m->tm, EFIVMAP_EFI_CONVENTIONAL, 0x50000000, 16, WB);
	tl_map_add(&m->tm, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x60000000, 16,
		   RT | WB);
	tl_map_desc(&m->tm, 0)->virt_start = VA_CODE;
	tl_map_desc(&m->tm, 1)->virt_start = VA_DATA;
	tl_map_desc(&m->tm, 2)->virt_start = VA_MMIO;
	/* not runtime: its VirtualStart means nothing */
	tl_map_desc(&m->tm, 3)->virt_start = 0x3ff70000;
	tl_map_desc(&m->tm, 4)->virt_start = EFIVMAP_EFI_VA_INVALID;
	assert_int_equal(efivmap_mmap_init(&m->map, m->tm.buf,
					   tl_map_size(&m->tm), 48,
					   EFIVMAP_EFI_DESC_VERSION, NULL), 0);
}

static struct efivmap_guard_diag diagnose(const struct dmap *m, uint64_t e,
					  uint64_t far, uint64_t elr)
{
	struct efivmap_guard_diag d;

	memset(&d, 0x5a, sizeof(d));
	assert_int_equal(efivmap_guard_diagnose(m ? &m->map : NULL, e, far,
						elr, &d), 0);
	return d;
}

static void expect_line(const struct efivmap_guard_diag *d, uint64_t far,
			uint64_t elr, const char *want)
{
	char buf[256];

	assert_int_equal(efivmap_guard_diag_format(d, far, elr, buf,
						   sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);
}

/* The first case: MMIO that no runtime descriptor declares. */
static void test_guard_diagnose_undeclared_mmio_write(void **state)
{
	struct efivmap_guard_diag d;
	struct dmap m;

	(void)state;
	diag_map(&m);
	d = diagnose(&m, esr(0x25, WNR | 0x07), 0x09000010, VA_CODE + 0x124);
	assert_int_equal(d.ec, 0x25);
	assert_int_equal(d.kind, EFIVMAP_GUARD_EXC_DATA);
	assert_int_equal(d.fsc, 0x07);
	assert_int_equal(d.fsc_class, EFIVMAP_GUARD_FSC_TRANSLATION);
	assert_true(d.has_level);
	assert_int_equal(d.level, 3);
	assert_true(d.same_el);
	assert_true(d.write);
	assert_true(d.far_valid);
	assert_true(d.far_desc == EFIVMAP_GUARD_NO_DESC);
	assert_int_equal(d.elr_desc, 0);
	expect_line(&d, 0x09000010, VA_CODE + 0x124,
		    "data abort, same EL, translation fault level 3, write, "
		    "FAR 0x9000010 in no runtime descriptor, "
		    "ELR 0x3ff40124 in descriptor 0");
	tl_map_free(&m.tm);
}

static void test_guard_diagnose_permission_faults(void **state)
{
	struct efivmap_guard_diag d;
	struct dmap m;

	(void)state;
	diag_map(&m);
	/* a write to read-only data, from a lower EL, at a level 2 block */
	d = diagnose(&m, esr(0x24, WNR | 0x0e), VA_DATA + 8, VA_CODE);
	assert_int_equal(d.fsc_class, EFIVMAP_GUARD_FSC_PERMISSION);
	assert_int_equal(d.level, 2);
	assert_false(d.same_el);
	assert_int_equal(d.far_desc, 1);
	expect_line(&d, VA_DATA + 8, VA_CODE,
		    "data abort, lower EL, permission fault level 2, write, "
		    "FAR 0x3ff50008 in descriptor 1, "
		    "ELR 0x3ff40000 in descriptor 0");
	/* executing data: an instruction abort, FAR = ELR */
	d = diagnose(&m, esr(0x21, 0x0f), VA_DATA + 0x40, VA_DATA + 0x40);
	assert_int_equal(d.kind, EFIVMAP_GUARD_EXC_INSN);
	assert_int_equal(d.fsc_class, EFIVMAP_GUARD_FSC_PERMISSION);
	assert_int_equal(d.level, 3);
	assert_false(d.write);
	assert_int_equal(d.far_desc, 1);
	assert_int_equal(d.elr_desc, 1);
	expect_line(&d, VA_DATA + 0x40, VA_DATA + 0x40,
		    "instruction abort, same EL, permission fault level 3, "
		    "FAR 0x3ff50040 in descriptor 1, "
		    "ELR 0x3ff50040 in descriptor 1");
	/* an instruction abort ignores WnR (RES0 there) */
	d = diagnose(&m, esr(0x20, WNR | 0x05), VA_MMIO, 0x80000000);
	assert_false(d.write);
	assert_false(d.same_el);
	assert_int_equal(d.level, 1);
	assert_int_equal(d.far_desc, 2);
	assert_true(d.elr_desc == EFIVMAP_GUARD_NO_DESC);
	tl_map_free(&m.tm);
}

/* Only runtime descriptors with a valid VirtualStart are matched. */
static void test_guard_diagnose_matches_runtime_vas_only(void **state)
{
	struct efivmap_guard_diag d;
	struct dmap m;

	(void)state;
	diag_map(&m);
	d = diagnose(&m, esr(0x25, 0x07), 0x3ff70000, VA_CODE + 0xffff);
	assert_true(d.far_desc == EFIVMAP_GUARD_NO_DESC);
	assert_int_equal(d.elr_desc, 0);
	d = diagnose(&m, esr(0x25, 0x07), VA_CODE + 0x10000, VA_CODE - 1);
	assert_int_equal(d.far_desc, 1);   /* the next region */
	assert_true(d.elr_desc == EFIVMAP_GUARD_NO_DESC);
	d = diagnose(&m, esr(0x25, 0x07), UINT64_MAX, 0);
	assert_true(d.far_desc == EFIVMAP_GUARD_NO_DESC);
	/* without a map nothing is looked up */
	d = diagnose(NULL, esr(0x25, 0x07), VA_CODE, VA_CODE);
	assert_true(d.far_desc == EFIVMAP_GUARD_NO_DESC);
	assert_true(d.elr_desc == EFIVMAP_GUARD_NO_DESC);
	assert_int_equal(efivmap_guard_diagnose(&m.map, 0, 0, 0, NULL),
			 -EFIVMAP_ERR_INVAL);
	tl_map_free(&m.tm);
}

/* FnV: FAR is not valid, so it names no region; CM: WnR means nothing. */
static void test_guard_diagnose_fnv_and_cache_maintenance(void **state)
{
	struct efivmap_guard_diag d;
	struct dmap m;

	(void)state;
	diag_map(&m);
	d = diagnose(&m, esr(0x25, FNV | 0x10), VA_DATA, VA_CODE);
	assert_false(d.far_valid);
	assert_true(d.far_desc == EFIVMAP_GUARD_NO_DESC);
	assert_int_equal(d.fsc_class, EFIVMAP_GUARD_FSC_EXTERNAL);
	assert_false(d.has_level);
	expect_line(&d, VA_DATA, VA_CODE,
		    "data abort, same EL, synchronous external abort, read, "
		    "ELR 0x3ff40000 in descriptor 0");
	d = diagnose(&m, esr(0x25, CM | WNR | 0x06), VA_DATA, VA_CODE);
	assert_false(d.write);
	assert_int_equal(d.level, 2);
	tl_map_free(&m.tm);
}

static void test_guard_diagnose_fault_status_codes(void **state)
{
	static const struct {
		uint32_t fsc, cls;
		int32_t level;  /* 9: none */
	} c[] = {
		{ 0x00, EFIVMAP_GUARD_FSC_ADDR_SIZE, 0 },
		{ 0x03, EFIVMAP_GUARD_FSC_ADDR_SIZE, 3 },
		{ 0x04, EFIVMAP_GUARD_FSC_TRANSLATION, 0 },
		{ 0x0b, EFIVMAP_GUARD_FSC_ACCESS, 3 },
		{ 0x0d, EFIVMAP_GUARD_FSC_PERMISSION, 1 },
		{ 0x10, EFIVMAP_GUARD_FSC_EXTERNAL, 9 },
		{ 0x11, EFIVMAP_GUARD_FSC_OTHER, 9 },   /* tag check */
		{ 0x13, EFIVMAP_GUARD_FSC_WALK_EXT, -1 },
		{ 0x15, EFIVMAP_GUARD_FSC_WALK_EXT, 1 },
		{ 0x18, EFIVMAP_GUARD_FSC_OTHER, 9 },   /* parity/ECC */
		{ 0x1f, EFIVMAP_GUARD_FSC_OTHER, 9 },
		{ 0x21, EFIVMAP_GUARD_FSC_ALIGNMENT, 9 },
		{ 0x29, EFIVMAP_GUARD_FSC_ADDR_SIZE, -1 },
		{ 0x2b, EFIVMAP_GUARD_FSC_TRANSLATION, -1 },
		{ 0x30, EFIVMAP_GUARD_FSC_TLB_CONFLICT, 9 },
		{ 0x35, EFIVMAP_GUARD_FSC_OTHER, 9 },
	};
	struct efivmap_guard_diag d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		d = diagnose(NULL, esr(0x25, c[i].fsc), 0, 0);
		assert_int_equal(d.fsc, c[i].fsc);
		assert_int_equal(d.fsc_class, c[i].cls);
		assert_int_equal(d.has_level, c[i].level != 9);
		if (c[i].level != 9)
			assert_int_equal(d.level, c[i].level);
	}
	d = diagnose(NULL, esr(0x24, 0x2b), 0x1000, 0);
	expect_line(&d, 0x1000, 0,
		    "data abort, lower EL, translation fault level -1, read, "
		    "FAR 0x1000 in no runtime descriptor, "
		    "ELR 0x0 in no runtime descriptor");
	d = diagnose(NULL, esr(0x25, 0x11), 0x1000, 0);
	expect_line(&d, 0x1000, 0,
		    "data abort, same EL, fault status 0x11, read, "
		    "FAR 0x1000 in no runtime descriptor, "
		    "ELR 0x0 in no runtime descriptor");
}

static void test_guard_diagnose_other_exceptions(void **state)
{
	struct efivmap_guard_diag d;
	struct dmap m;

	(void)state;
	diag_map(&m);
	d = diagnose(&m, esr(0x00, 0), 0, VA_CODE + 8);
	assert_int_equal(d.kind, EFIVMAP_GUARD_EXC_UNKNOWN);
	assert_int_equal(d.fsc_class, EFIVMAP_GUARD_FSC_NONE);
	assert_false(d.far_valid);
	expect_line(&d, 0, VA_CODE + 8,
		    "undefined instruction, ELR 0x3ff40008 in descriptor 0");
	d = diagnose(&m, esr(0x22, 0), VA_CODE + 2, VA_CODE + 2);
	assert_int_equal(d.kind, EFIVMAP_GUARD_EXC_PC_ALIGN);
	assert_true(d.far_valid);
	assert_int_equal(d.far_desc, 0);
	d = diagnose(&m, esr(0x26, 0), 0, VA_CODE);
	assert_int_equal(d.kind, EFIVMAP_GUARD_EXC_SP_ALIGN);
	assert_false(d.far_valid);
	d = diagnose(&m, esr(0x3c, 0xef1), 0, 0x40001000);
	assert_int_equal(d.kind, EFIVMAP_GUARD_EXC_BRK);
	expect_line(&d, 0, 0x40001000,
		    "breakpoint, ELR 0x40001000 in no runtime descriptor");
	d = diagnose(&m, esr(0x15, 0), 0, VA_CODE);  /* SVC */
	assert_int_equal(d.kind, EFIVMAP_GUARD_EXC_OTHER);
	assert_false(d.write);
	expect_line(&d, 0, VA_CODE,
		    "exception class 0x15, ELR 0x3ff40000 in descriptor 0");
	tl_map_free(&m.tm);
}

/* ------------------------------------------------------------------ */
/* MMU self-check                                                      */
/* ------------------------------------------------------------------ */

/* Stage-1 descriptor bits, as the Arm ARM lays them out. */
#define D_VALID UINT64_C(1)
#define D_TABLE UINT64_C(2)
#define D_ATTRIDX(d) (((d) >> 2) & 7u)
#define D_AP_RO (UINT64_C(1) << 7)
#define D_AF (UINT64_C(1) << 10)
#define D_OA UINT64_C(0x0000fffffffff000)
#define PAR_F UINT64_C(1)

#define VA_RAM UINT64_C(0x40200000)  /* identity, one 2 MiB block */
#define VA_WT UINT64_C(0x40400000)   /* identity, a write-through page */

/* One set of tables for the runtime map of diag_map() plus two ranges:
 * 4K granule, 39-bit VA, so levels 1 to 3. */
struct tables {
	struct dmap m;
	uint8_t *pool;
	struct efivmap_pt pt;
};

static void tables_build(struct tables *t, uint64_t pool_pa)
{
	const size_t size = EFIVMAP_PT_POOL_SIZE(EFIVMAP_PT_GRANULE_4K, 16);
	const struct efivmap_pt_range r[2] = {
		{ VA_RAM, VA_RAM, M2, EFIVMAP_PT_RAM_RW },
		{ VA_WT, VA_WT, K4, EFIVMAP_PT_MT_NORMAL_WT },
	};
	struct efivmap_pt_config cfg;
	struct efivmap_pt_input in = { 0 };

	diag_map(&t->m);
	/* SetVirtualAddressMap failed for that one: nothing to map */
	tl_map_desc(&t->m.tm, 4)->attribute &= ~RT;
	t->pool = aligned_alloc(0x1000, size);
	assert_non_null(t->pool);
	assert_int_equal(efivmap_pt_config_init(&cfg, EFIVMAP_PT_GRANULE_4K,
						39, 40, 0), 0);
	assert_int_equal(efivmap_pt_init_pool(&t->pt, &cfg, t->pool, size,
					      pool_pa, NULL), 0);
	in.map = &t->m.map;
	in.ranges = r;
	in.nranges = 2;
	assert_int_equal(efivmap_pt_build(&t->pt, &in, NULL), 0);
	assert_int_equal(efivmap_pt_verify(&t->pt, &in, NULL), 0);
}

static void tables_free(struct tables *t)
{
	free(t->pool);
	tl_map_free(&t->m.tm);
}

/*
 * The model MMU: walks the raw descriptors of @pt the way the hardware
 * does for this one configuration, and answers as PAR_EL1 would. It
 * shares nothing with efivmap_pt_walk(). Returns the leaf's address in
 * *@slot when asked.
 */
static uint64_t model_walk(const struct efivmap_pt *pt, uint64_t va,
			   bool write, uint64_t **slot)
{
	uint64_t *t = pt->root, d, oa;
	unsigned lv, sh;

	for (lv = 1; lv <= 3; lv++) {
		sh = 12 + 9 * (3 - lv);
		d = t[(va >> sh) & 511];
		if (!(d & D_VALID) || (lv == 3 && !(d & D_TABLE)))
			return PAR_F | (uint64_t)(0x04 | lv) << 1;
		if (lv < 3 && (d & D_TABLE)) {
			t = (uint64_t *)(void *)(pt->pool +
						 ((d & D_OA) - pt->pool_pa));
			continue;
		}
		if (slot)
			*slot = &t[(va >> sh) & 511];
		if (!(d & D_AF))
			return PAR_F | (uint64_t)(0x08 | lv) << 1;
		if (write && (d & D_AP_RO))
			return PAR_F | (uint64_t)(0x0c | lv) << 1;
		oa = (d & D_OA & ~((UINT64_C(1) << sh) - 1)) |
		     (va & ((UINT64_C(1) << sh) - 1) & ~UINT64_C(0xfff));
		return ((pt->cfg.mair >> (8 * D_ATTRIDX(d))) & 0xff) << 56 |
		       oa;
	}
	return PAR_F;
}

static uint64_t model_at(void *ctx, uint32_t op, uint64_t va)
{
	return model_walk(ctx, va, op & 1u, NULL);
}

static uint64_t *leaf_slot(struct tables *t, uint64_t va)
{
	uint64_t *slot = NULL;

	model_walk(&t->pt, va, false, &slot);
	assert_non_null(slot);
	return slot;
}

static void test_probe_select_matches_regime_and_el(void **state)
{
	struct tables t;
	uint32_t r = 9, w = 9;

	(void)state;
	tables_build(&t, 0x80000000);
	assert_int_equal(efivmap_probe_select(&t.pt, EL(1), &r, &w), 0);
	assert_int_equal(r, EFIVMAP_PROBE_S1E1R);
	assert_int_equal(w, EFIVMAP_PROBE_S1E1W);
	/* at EL2 the S1E1 ops would translate another regime */
	assert_int_equal(efivmap_probe_select(&t.pt, EL(2), &r, &w),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(efivmap_probe_select(&t.pt, EL(3), &r, &w),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(efivmap_pt_config_set_regime(&t.pt.cfg,
						      EFIVMAP_PT_REGIME_EL2), 0);
	assert_int_equal(efivmap_probe_select(&t.pt, EL(2), &r, &w), 0);
	assert_int_equal(r, EFIVMAP_PROBE_S1E2R);
	assert_int_equal(w, EFIVMAP_PROBE_S1E2W);
	assert_int_equal(efivmap_probe_select(&t.pt, EL(1), &r, &w),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(efivmap_pt_config_set_regime(&t.pt.cfg,
						      EFIVMAP_PT_REGIME_EL20), 0);
	assert_int_equal(efivmap_probe_select(&t.pt, EL(2), &r, &w), 0);
	assert_int_equal(r, EFIVMAP_PROBE_S1E2R);
	assert_int_equal(efivmap_probe_select(NULL, EL(2), &r, &w),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_probe_select(&t.pt, EL(2), NULL, &w),
			 -EFIVMAP_ERR_INVAL);
	tables_free(&t);
}

static void test_probe_plan_samples_first_and_last(void **state)
{
	struct efivmap_pt_leaf l = { .va = 0x40000000, .size = K4 };
	uint64_t v[EFIVMAP_PROBE_MAX_SAMPLES];
	size_t i, n;

	(void)state;
	assert_int_equal(efivmap_probe_plan(&l, 0x1000, 8, v), 1);
	assert_int_equal(v[0], 0x40000000);
	l.size = 16 * K4;   /* 16 pages, room for all */
	assert_int_equal(efivmap_probe_plan(&l, 0x1000, 16, v), 16);
	for (i = 0; i < 16; i++)
		assert_int_equal(v[i], 0x40000000 + i * K4);
	l.size = M2;        /* 512 pages, 8 samples */
	n = efivmap_probe_plan(&l, 0x1000, 8, v);
	assert_int_equal(n, 8);
	assert_int_equal(v[0], 0x40000000);
	assert_int_equal(v[7], 0x40000000 + M2 - K4);
	for (i = 1; i < n; i++) {
		assert_true(v[i] > v[i - 1]);
		assert_int_equal(v[i] % K4, 0);
	}
	l.size = UINT64_C(1) << 30;  /* a 1 GiB block, 64 samples */
	n = efivmap_probe_plan(&l, 0x1000, EFIVMAP_PROBE_MAX_SAMPLES, v);
	assert_int_equal(n, EFIVMAP_PROBE_MAX_SAMPLES);
	assert_int_equal(v[n - 1], 0x40000000 + (UINT64_C(1) << 30) - K4);
	l.size = M2;        /* 64K granule: 32 pages of 64 KiB */
	assert_int_equal(efivmap_probe_plan(&l, 0x10000, 64, v), 32);
	assert_int_equal(v[31], 0x40000000 + M2 - 0x10000);
	assert_int_equal(efivmap_probe_plan(&l, 0x1000, 1, v), 0);
	assert_int_equal(efivmap_probe_plan(&l, 0x1000, 65, v), 0);
	assert_int_equal(efivmap_probe_plan(&l, 0x3000, 8, v), 0);
	assert_int_equal(efivmap_probe_plan(NULL, 0x1000, 8, v), 0);
	assert_int_equal(efivmap_probe_plan(&l, 0x1000, 8, NULL), 0);
}

/* The model of intact tables agrees with the walk everywhere. */
static void test_probe_run_agrees_on_intact_tables(void **state)
{
	struct efivmap_probe_report rep;
	struct tables t;

	(void)state;
	tables_build(&t, 0x80000000);
	assert_int_equal(efivmap_probe_run(&t.pt, EFIVMAP_PROBE_S1E1R,
					   EFIVMAP_PROBE_S1E1W, 8, model_at,
					   &t.pt, &rep), 0);
	/* 16 code pages, 16 data pages, MMIO, the WT page, 8 of the block */
	assert_int_equal(rep.checked, 16 + 16 + 1 + 1 + 8);
	assert_int_equal(rep.why, 0);
	assert_int_equal(efivmap_probe_run(&t.pt, 0, 1, 1, model_at, &t.pt,
					   &rep), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_probe_run(&t.pt, 0, 1, 8, NULL, &t.pt,
					   &rep), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_probe_run(&t.pt, 0, 1, 8, model_at, &t.pt,
					   NULL), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_probe_run(NULL, 0, 1, 8, model_at, &t.pt,
					   &rep), -EFIVMAP_ERR_INVAL);
	tables_free(&t);
}

static uint64_t par_ok(uint64_t pa, uint8_t attr)
{
	return (uint64_t)attr << 56 | (pa & D_OA);
}

static void test_probe_judge_decides_each_field(void **state)
{
	struct tables t;
	uint32_t why;
	uint64_t fault = PAR_F | 0x07 << 1;
	uint64_t perm = PAR_F | 0x0f << 1;

	(void)state;
	tables_build(&t, 0x80000000);
	/* RW data: both translate, to the PA, as WB (hints ignored) */
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_DATA, par_ok(0x40010000, 0xff),
					     par_ok(0x40010000, 0xee), &why), 0);
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_DATA, fault,
					     par_ok(0x40010000, 0xff), &why),
			 -EFIVMAP_ERR_VERIFY);
	assert_int_equal(why, EFIVMAP_PROBE_BAD_READ);
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_DATA,
					     par_ok(0x40010000, 0xff), perm,
					     &why), -EFIVMAP_ERR_VERIFY);
	assert_int_equal(why, EFIVMAP_PROBE_BAD_WRITE);
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_DATA,
					     par_ok(0x40011000, 0x44),
					     par_ok(0x40010000, 0xff), &why),
			 -EFIVMAP_ERR_VERIFY);
	assert_int_equal(why, EFIVMAP_PROBE_BAD_PA | EFIVMAP_PROBE_BAD_ATTR);
	/* MMIO: Device-nGnRE, not nGnRnE, not Normal */
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_MMIO, par_ok(0x09010000, 0x04),
					     par_ok(0x09010000, 0x04), &why), 0);
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_MMIO, par_ok(0x09010000, 0x00),
					     par_ok(0x09010000, 0x04), &why),
			 -EFIVMAP_ERR_VERIFY);
	assert_int_equal(why, EFIVMAP_PROBE_BAD_ATTR);
	/* WT may come back as NC (a CPU without WT caches), not as WB */
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_WT, par_ok(VA_WT, 0x44),
					     perm, &why), 0);
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_WT, par_ok(VA_WT, 0xff),
					     perm, &why), -EFIVMAP_ERR_VERIFY);
	assert_int_equal(why, EFIVMAP_PROBE_BAD_ATTR);
	/* read-only: a write that translates is wrong */
	assert_int_equal(efivmap_probe_judge(&t.pt, VA_WT, par_ok(VA_WT, 0xbb),
					     par_ok(VA_WT, 0xbb), &why),
			 -EFIVMAP_ERR_VERIFY);
	assert_int_equal(why, EFIVMAP_PROBE_BAD_WRITE);
	/* unmapped: both must fail */
	assert_int_equal(efivmap_probe_judge(&t.pt, 0x10000000, fault, fault,
					     &why), 0);
	assert_int_equal(efivmap_probe_judge(&t.pt, 0x10000000, par_ok(0, 0xff),
					     fault, &why), -EFIVMAP_ERR_VERIFY);
	assert_int_equal(why, EFIVMAP_PROBE_BAD_READ);
	assert_int_equal(efivmap_probe_judge(&t.pt, UINT64_C(1) << 40, fault,
					     par_ok(0, 0xff), &why),
			 -EFIVMAP_ERR_VERIFY);
	assert_int_equal(why, EFIVMAP_PROBE_BAD_WRITE);
	assert_int_equal(efivmap_probe_judge(NULL, 0, 0, 0, &why),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_probe_judge(&t.pt, 0, 0, 0, NULL),
			 -EFIVMAP_ERR_INVAL);
	tables_free(&t);
}

/*
 * The mutation test: two identical builds, one descriptor corrupted in
 * one of them. Whichever view is corrupted, hardware's (the model walks
 * the corrupted copy) or the library's, the check names that VA.
 */
struct mutation {
	uint64_t va;
	uint64_t clear, set;  /* applied to the leaf descriptor */
	uint32_t why;
};

static void corrupt(struct tables *t, const struct mutation *m)
{
	uint64_t *slot = leaf_slot(t, m->va);

	*slot = (*slot & ~m->clear) | m->set;
}

static void test_probe_names_a_corrupted_descriptor(void **state)
{
	static const struct mutation muts[] = {
		{ VA_DATA + 0x3000, 0, D_AP_RO, EFIVMAP_PROBE_BAD_WRITE },
		{ VA_CODE + 0x1000, 0, UINT64_C(1) << 24, EFIVMAP_PROBE_BAD_PA },
		{ VA_MMIO, UINT64_C(7) << 2, UINT64_C(3) << 2,
		  EFIVMAP_PROBE_BAD_ATTR },
		{ VA_RAM, 0, D_AP_RO, EFIVMAP_PROBE_BAD_WRITE },
		{ VA_DATA + 0x5000, D_VALID, 0,
		  EFIVMAP_PROBE_BAD_READ | EFIVMAP_PROBE_BAD_WRITE },
	};
	struct efivmap_probe_report rep;
	struct tables good, bad;
	uint32_t why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(muts) / sizeof(muts[0]); i++) {
		tables_build(&good, 0x80000000);
		tables_build(&bad, 0x80100000);
		corrupt(&bad, &muts[i]);
		/* hardware sees the corrupted tables */
		assert_int_equal(efivmap_probe_run(&good.pt, 0, 1, 8, model_at,
						   &bad.pt, &rep),
				 -EFIVMAP_ERR_VERIFY);
		assert_int_equal(rep.va, muts[i].va);
		assert_int_equal(rep.why, muts[i].why);
		/* the library reads the corrupted ones: a leaf it no longer
		 * sees is not sampled, so judge that VA directly */
		if (muts[i].clear & D_VALID) {
			assert_int_equal(efivmap_probe_judge(&bad.pt, muts[i].va,
					 model_at(&good.pt, 0, muts[i].va),
					 model_at(&good.pt, 1, muts[i].va),
					 &why), -EFIVMAP_ERR_VERIFY);
			assert_int_equal(why, muts[i].why);
		} else {
			assert_int_equal(efivmap_probe_run(&bad.pt, 0, 1, 8,
							   model_at, &good.pt,
							   &rep),
					 -EFIVMAP_ERR_VERIFY);
			assert_int_equal(rep.va, muts[i].va);
			assert_int_equal(rep.why, muts[i].why);
		}
		tables_free(&good);
		tables_free(&bad);
	}
}

/* The report carries the walk's view of the VA that disagreed. */
static void test_probe_report_describes_the_disagreement(void **state)
{
	const struct mutation m = { VA_DATA + 0x3000, 0, D_AP_RO,
				    EFIVMAP_PROBE_BAD_WRITE };
	struct efivmap_probe_report rep;
	struct tables good, bad;

	(void)state;
	tables_build(&good, 0x80000000);
	tables_build(&bad, 0x80100000);
	corrupt(&bad, &m);
	assert_int_equal(efivmap_probe_run(&good.pt, 0, 1, 8, model_at,
					   &bad.pt, &rep), -EFIVMAP_ERR_VERIFY);
	assert_int_equal(rep.pa, 0x40013000);
	assert_true(rep.attrs & EFIVMAP_PT_ATTR_W);
	assert_true(rep.par_write & PAR_F);
	assert_false(rep.par_read & PAR_F);
	/* code (16) and data pages before it were judged, then this one */
	assert_int_equal(rep.checked, 16 + 4);
	tables_free(&good);
	tables_free(&bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard_el_picks_el1_or_el2),
		cmocka_unit_test(test_guard_begin_checks_and_resets),
		cmocka_unit_test(test_guard_end_clean_return),
		cmocka_unit_test(test_guard_end_names_the_corrupted_register),
		cmocka_unit_test(test_guard_fixup_takes_faults_inside_firmware),
		cmocka_unit_test(test_guard_fixup_refuses_what_is_not_ours),
		cmocka_unit_test(test_guard_fixup_in_return_path_is_lost_sp),
		cmocka_unit_test(test_guard_errors_have_messages),
		cmocka_unit_test(test_guard_diagnose_undeclared_mmio_write),
		cmocka_unit_test(test_guard_diagnose_permission_faults),
		cmocka_unit_test(test_guard_diagnose_matches_runtime_vas_only),
		cmocka_unit_test(test_guard_diagnose_fnv_and_cache_maintenance),
		cmocka_unit_test(test_guard_diagnose_fault_status_codes),
		cmocka_unit_test(test_guard_diagnose_other_exceptions),
		cmocka_unit_test(test_probe_select_matches_regime_and_el),
		cmocka_unit_test(test_probe_plan_samples_first_and_last),
		cmocka_unit_test(test_probe_run_agrees_on_intact_tables),
		cmocka_unit_test(test_probe_judge_decides_each_field),
		cmocka_unit_test(test_probe_names_a_corrupted_descriptor),
		cmocka_unit_test(test_probe_report_describes_the_disagreement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
