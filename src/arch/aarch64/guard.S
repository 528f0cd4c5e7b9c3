/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Guarded firmware calls (see efivmap/arch.h). The decisions are in
 * src/guard.c: efivmap_guard_begin() before the call, efivmap_guard_end()
 * after it, efivmap_guard_fixup_regs() for an exception. Here are only
 * the moves C cannot make: SP, x18..x29, DAIF and the system registers.
 *
 * On return from firmware no register can be trusted, so the return path
 * finds the guard through SP: the private stack's top holds a record of
 * the guard's address and the record's own address. When SP does not
 * point at such a record, x29 is tried: it should still be this
 * function's frame, which holds g. When neither leads back, the path
 * traps (BRK, or a load through a wild register faults) inside
 * [ret_lo, ret_hi); the fixup, which gets the guard from the caller,
 * recognises that range and reports SP as corrupted. (A vector taken at
 * this EL runs on the same SP, so a wild SP that does not fault on the
 * first load survives only through x29, as on Linux, which trusts x29.)
 */
#include "guard_layout.h"

	.text

/*
 * int efivmap_guard_call(struct efivmap_guard *g, efivmap_arch_fn fn,
 *			  uint64_t a0, ..., uint64_t a5, uint64_t *ret)
 * x0 = g, x1 = fn, x2..x7 = a0..a5; ret, the ninth argument, is at [sp]
 * on entry, so at [sp, #80] below the frame.
 */
	.globl	efivmap_guard_call
	.type	efivmap_guard_call, %function
	.balign	4
efivmap_guard_call:
	hint	#34			/* BTI c: a NOP without FEAT_BTI */
	stp	x29, x30, [sp, #-80]!
	mov	x29, sp
	stp	x0, x1, [sp, #16]
	stp	x2, x3, [sp, #32]
	stp	x4, x5, [sp, #48]
	stp	x6, x7, [sp, #64]
	mrs	x2, CurrentEL
	adr	x3, guard_resume
	adr	x4, guard_ret_lo
	adr	x5, guard_ret_hi
	bl	efivmap_guard_begin
	cbnz	w0, 9f
	ldp	x0, x9, [sp, #16]	/* g, fn */
	mrs	x10, daif
	msr	daifset, #0xf		/* no handler may run on the private stack */
	str	x10, [x0, #EFIVMAP__GUARD_DAIF]
	/* x18..x29 and SP as firmware gets them: what it must give back */
	stp	x18, x19, [x0, #EFIVMAP__GUARD_SAVED]
	stp	x20, x21, [x0, #EFIVMAP__GUARD_SAVED + 16]
	stp	x22, x23, [x0, #EFIVMAP__GUARD_SAVED + 32]
	stp	x24, x25, [x0, #EFIVMAP__GUARD_SAVED + 48]
	stp	x26, x27, [x0, #EFIVMAP__GUARD_SAVED + 64]
	stp	x28, x29, [x0, #EFIVMAP__GUARD_SAVED + 80]
	mov	x10, sp
	str	x10, [x0, #EFIVMAP__GUARD_SAVED + 96]
	ldr	x11, [x0, #EFIVMAP__GUARD_FN_SP]
	stp	x0, x11, [x11]		/* the record: g, its own address */
	mov	x12, #1
	str	x12, [x0, #EFIVMAP__GUARD_ACTIVE]
	ldp	x0, x1, [sp, #32]
	ldp	x2, x3, [sp, #48]
	ldp	x4, x5, [sp, #64]
	mov	sp, x11
	blr	x9
guard_ret_lo:
	/* x0 = status. Firmware may have unmasked; nothing may interrupt
	 * a path that does not know its stack yet. */
	msr	daifset, #0xf
	mov	x9, sp
	ldr	x10, [x9, #8]
	cmp	x10, x9
	b.ne	1f
	ldr	x9, [x9]		/* g */
	str	xzr, [x9, #EFIVMAP__GUARD_ACTIVE]
	str	x0, [x9, #EFIVMAP__GUARD_STATUS]
	stp	x18, x19, [x9, #EFIVMAP__GUARD_AFTER]
	stp	x20, x21, [x9, #EFIVMAP__GUARD_AFTER + 16]
	stp	x22, x23, [x9, #EFIVMAP__GUARD_AFTER + 32]
	stp	x24, x25, [x9, #EFIVMAP__GUARD_AFTER + 48]
	stp	x26, x27, [x9, #EFIVMAP__GUARD_AFTER + 64]
	stp	x28, x29, [x9, #EFIVMAP__GUARD_AFTER + 80]
	mov	x10, sp
	str	x10, [x9, #EFIVMAP__GUARD_AFTER + 96]
	mov	x0, x9
	b	guard_join
	/* SP lost. x29 may still be this function's frame, which holds g
	 * at [x29, #16]; g's saved x29 confirms it. */
1:	ldr	x9, [x29, #16]
	ldr	x10, [x9, #EFIVMAP__GUARD_SAVED + 88]
	cmp	x10, x29
	b.ne	2f
	str	xzr, [x9, #EFIVMAP__GUARD_ACTIVE]
	mov	w10, #EFIVMAP__GUARD_LOST_SP
	str	w10, [x9, #EFIVMAP__GUARD_OUTCOME]
	mov	x0, x9
	b	guard_join
2:	brk	#0xef1			/* both lost: only the fixup can recover */
guard_ret_hi:

/*
 * ERET from efivmap_guard_fixup_regs() lands here with x0 = g, BTYPE 0
 * and interrupts masked; the normal return joins with x0 = g too. Put
 * back the caller's SP and x18..x29 from g, then its DAIF, then judge.
 */
guard_resume:
guard_join:
	ldr	x9, [x0, #EFIVMAP__GUARD_SAVED + 96]
	mov	sp, x9
	ldp	x18, x19, [x0, #EFIVMAP__GUARD_SAVED]
	ldp	x20, x21, [x0, #EFIVMAP__GUARD_SAVED + 16]
	ldp	x22, x23, [x0, #EFIVMAP__GUARD_SAVED + 32]
	ldp	x24, x25, [x0, #EFIVMAP__GUARD_SAVED + 48]
	ldp	x26, x27, [x0, #EFIVMAP__GUARD_SAVED + 64]
	ldp	x28, x29, [x0, #EFIVMAP__GUARD_SAVED + 80]
	ldr	x10, [x0, #EFIVMAP__GUARD_DAIF]
	msr	daif, x10
	ldr	x1, [sp, #80]		/* ret */
	bl	efivmap_guard_end
9:	ldp	x29, x30, [sp], #80
	ret
	.size	efivmap_guard_call, . - efivmap_guard_call

/*
 * bool efivmap_guard_fixup(struct efivmap_guard *g,
 *			    struct efivmap_guard_frame *frame)
 * Reads ESR and FAR of the EL efivmap_guard_el() names into a struct
 * efivmap_guard_fault on the stack, then lets efivmap_guard_fixup_regs()
 * decide.
 */
	.globl	efivmap_guard_fixup
	.type	efivmap_guard_fixup, %function
	.balign	4
efivmap_guard_fixup:
	hint	#34
	stp	x29, x30, [sp, #-48]!
	mov	x29, sp
	stp	x0, x1, [sp, #16]
	mrs	x0, CurrentEL
	bl	efivmap_guard_el
	mov	x9, xzr
	mov	x10, xzr
	cmp	w0, #1
	b.ne	1f
	mrs	x9, esr_el1
	mrs	x10, far_el1
1:	cmp	w0, #2
	b.ne	2f
	mrs	x9, esr_el2
	mrs	x10, far_el2
2:	stp	x9, x10, [sp, #32]
	ldp	x0, x1, [sp, #16]
	add	x2, sp, #32
	bl	efivmap_guard_fixup_regs
	ldp	x29, x30, [sp], #48
	ret
	.size	efivmap_guard_fixup, . - efivmap_guard_fixup

	.section .note.GNU-stack, "", %progbits
