// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The decisions of a guarded firmware call (efivmap/arch.h): may it
 * start, what did firmware corrupt, is an exception ours and how to
 * resume from it. guard.S has only the register moves around them, so
 * everything that can be wrong in a subtle way is tested on the host.
 */
#include "internal.h"
#include "efivmap/arch.h"
#include "guard_layout.h"

#define OFF(f) __builtin_offsetof(struct efivmap_guard, f)
EFIVMAP_STATIC_ASSERT(OFF(stack_top) == EFIVMAP__GUARD_STACK_TOP &&
		      OFF(current_el) == EFIVMAP__GUARD_CURRENT_EL &&
		      OFF(active) == EFIVMAP__GUARD_ACTIVE &&
		      OFF(resume) == EFIVMAP__GUARD_RESUME &&
		      OFF(ret_lo) == EFIVMAP__GUARD_RET_LO &&
		      OFF(ret_hi) == EFIVMAP__GUARD_RET_HI &&
		      OFF(fn_sp) == EFIVMAP__GUARD_FN_SP &&
		      OFF(daif) == EFIVMAP__GUARD_DAIF &&
		      OFF(saved) == EFIVMAP__GUARD_SAVED &&
		      OFF(after) == EFIVMAP__GUARD_AFTER &&
		      OFF(status) == EFIVMAP__GUARD_STATUS &&
		      OFF(outcome) == EFIVMAP__GUARD_OUTCOME &&
		      EFIVMAP_GUARD_LOST_SP == EFIVMAP__GUARD_LOST_SP,
		      "guard_layout.h does not match struct efivmap_guard");

#define SLOT_SP 12u  /* saved[]/after[]: x18..x29 at 0..11, then SP */

/* SPSR_ELx fields the resume path must not inherit from firmware. */
#define SPSR_M_MASK     UINT64_C(0x1f)   /* M[4:0]: EL, SP select, AArch32 */
#define SPSR_DAIF       (UINT64_C(0xf) << 6)
#define SPSR_BTYPE_MASK (UINT64_C(3) << 10)
#define SPSR_SS         (UINT64_C(1) << 21)
#define SPSR_IL         (UINT64_C(1) << 20)
#define SPSR_M_SPX      UINT64_C(1)      /* ELxh: SP_ELx */

unsigned efivmap_guard_el(uint64_t current_el)
{
	unsigned el = (unsigned)((current_el >> 2) & 3u);

	return el == 1 || el == 2 ? el : 0;
}

int efivmap_guard_begin(struct efivmap_guard *g, efivmap_arch_fn fn,
			uint64_t current_el, uint64_t resume, uint64_t ret_lo,
			uint64_t ret_hi)
{
	uint64_t top;

	if (!g || !fn)
		return -EFIVMAP_ERR_INVAL;
	top = g->stack_top;
	if (!top || top & 15u || top < EFIVMAP__GUARD_RECORD)
		return -EFIVMAP_ERR_INVAL;
	if (!efivmap_guard_el(current_el))
		return -EFIVMAP_ERR_UNSUPPORTED;
	efivmap__zero(g, sizeof(*g));
	g->stack_top = top;
	g->current_el = current_el;
	g->resume = resume;
	g->ret_lo = ret_lo;
	g->ret_hi = ret_hi;
	g->fn_sp = top - EFIVMAP__GUARD_RECORD;
	g->outcome = EFIVMAP_GUARD_RETURNED;
	g->corrupted = EFIVMAP_GUARD_REG_NONE;
	return 0;
}

/* SP first (a lost SP makes every other comparison moot), then x18..x29. */
static uint32_t first_corrupted(const struct efivmap_guard *g)
{
	uint32_t i;

	if (g->after[SLOT_SP] != g->fn_sp)
		return EFIVMAP_GUARD_REG_SP;
	for (i = 0; i < SLOT_SP; i++)
		if (g->after[i] != g->saved[i])
			return 18u + i;
	return EFIVMAP_GUARD_REG_NONE;
}

int efivmap_guard_end(struct efivmap_guard *g, uint64_t *ret)
{
	if (g->outcome == EFIVMAP_GUARD_FAULTED)
		return -EFIVMAP_ERR_FW_FAULT;
	if (g->outcome == EFIVMAP_GUARD_LOST_SP) {
		g->corrupted = EFIVMAP_GUARD_REG_SP;
		return -EFIVMAP_ERR_FW_CORRUPT;
	}
	if (ret)
		*ret = g->status;
	g->corrupted = first_corrupted(g);
	return g->corrupted == EFIVMAP_GUARD_REG_NONE ? 0 :
							-EFIVMAP_ERR_FW_CORRUPT;
}

/* Taken while @fn ran, from the guard's own EL (not from EL0 or below). */
static bool ours(const struct efivmap_guard *g,
		 const struct efivmap_guard_frame *frame)
{
	uint64_t el = (frame->spsr >> 2) & 3u;

	if (!g->active || (frame->spsr & (UINT64_C(1) << 4)))
		return false;  /* idle, or from AArch32 */
	return el == efivmap_guard_el(g->current_el);
}

bool efivmap_guard_fixup_regs(struct efivmap_guard *g,
			      struct efivmap_guard_frame *frame,
			      const struct efivmap_guard_fault *fault)
{
	uint64_t spsr;

	if (!g || !frame || !fault || !ours(g, frame))
		return false;
	g->esr = fault->esr;
	g->far = fault->far;
	g->elr = frame->elr;
	g->spsr = frame->spsr;
	g->active = 0;
	/* A fault in the guard's return path is its load through a
	 * corrupted SP, not firmware's. */
	g->outcome = frame->elr >= g->ret_lo && frame->elr < g->ret_hi ?
		     EFIVMAP_GUARD_LOST_SP : EFIVMAP_GUARD_FAULTED;
	spsr = frame->spsr & ~(SPSR_M_MASK | SPSR_BTYPE_MASK | SPSR_SS |
			       SPSR_IL);
	spsr |= SPSR_DAIF | (uint64_t)efivmap_guard_el(g->current_el) << 2 |
		SPSR_M_SPX;
	frame->spsr = spsr;
	frame->elr = g->resume;
	frame->x[0] = (uint64_t)(uintptr_t)g;
	return true;
}
