/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * TTBR0, TCR and MAIR changed together, for efivmap_arch_call_with_regs()
 * (see efivmap/arch.h). The decisions are efivmap_arch_regs_prepare()'s
 * (src/arch_check.c, host-tested), the TCR value to install included;
 * here are only the switch at EL1 or at EL2 and the branch between them.
 *
 * T0SZ and TG0 are cached by the walker and may be held in TLB entries,
 * so they cannot change under a live TTBR0; with SCTLR_ELx.M clear no
 * stage-1 walk or TLB lookup happens, which makes the three writes one
 * step. That is only possible because the code runs where VA == PA.
 */
	.text

/*
 * Install \ttbr, \tcr and \mair at EL\el with the MMU off; \t0 and \t1
 * are scratch. Nothing between the SCTLR writes reads or writes memory:
 * with M clear, data accesses would be Device-nGnRnE and bypass the
 * caches that hold the tables and the stack.
 */
	.macro	mmu_off_install el, tlbiop, ttbr, tcr, mair, t0, t1
	dsb	ish			/* table stores and earlier accesses done */
	mrs	\t0, sctlr_el\el
	bic	\t1, \t0, #1		/* M */
	msr	sctlr_el\el, \t1
	isb				/* fetches from here on are untranslated */
	msr	ttbr0_el\el, \ttbr
	msr	tcr_el\el, \tcr
	msr	mair_el\el, \mair
	isb
	tlbi	\tlbiop			/* entries of the old tables and shape */
	dsb	ish
	isb
	msr	sctlr_el\el, \t0
	isb				/* translated again, through \ttbr */
	.endm

/*
 * The switch itself at EL\el, the plan already made: x0 = struct
 * efivmap_arch_plan (TTBR0, the merged TCR, MAIR), x1 = fn, x2..x7 =
 * a0..a5; returns what fn returned. Across the call x19 holds fn,
 * x20..x22 the previous TTBR0, TCR and MAIR, x23 the caller's DAIF.
 */
	.macro	regs_call_at el, tlbiop
	hint	#34			/* BTI c: a NOP without FEAT_BTI */
	stp	x29, x30, [sp, #-64]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	str	x23, [sp, #48]
	mov	x19, x1
	ldp	x9, x10, [x0]		/* new TTBR0, TCR */
	ldr	x11, [x0, #16]		/* new MAIR */
	mrs	x23, daif
	msr	daifset, #0xf		/* no handler may run on either side */
	mrs	x20, ttbr0_el\el
	mrs	x21, tcr_el\el
	mrs	x22, mair_el\el
	mmu_off_install \el, \tlbiop, x9, x10, x11, x12, x13
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	mov	x3, x5
	mov	x4, x6
	mov	x5, x7
	blr	x19
	/* x0 holds the result. @fn may have unmasked; the way back must
	 * not take an interrupt either. */
	msr	daifset, #0xf
	mmu_off_install \el, \tlbiop, x20, x21, x22, x12, x13
	msr	daif, x23
	ldr	x23, [sp, #48]
	ldp	x21, x22, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #64
	ret
	.endm

	.type	regs_call_el1, %function
	.balign	4
regs_call_el1:
	regs_call_at 1, vmalle1
	.size	regs_call_el1, . - regs_call_el1

	.type	regs_call_el2, %function
	.balign	4
regs_call_el2:
	regs_call_at 2, alle2		/* EL2 and EL2&0 alike */
	.size	regs_call_el2, . - regs_call_el2

/*
 * int efivmap_arch_call_with_regs(const struct efivmap_arch_regs *regs,
 *	efivmap_arch_fn fn, uint64_t a0, ..., uint64_t a5, uint64_t *ret)
 * x0..x7 as for regs_call; ret, the ninth argument, is at [sp] on entry.
 * Reads the live registers into a struct efivmap_arch_live on the stack,
 * asks efivmap_arch_regs_prepare() for the plan, and switches only when
 * it says 0, at the level the plan names.
 * Frame: [16] x0..x7, [80] live (56 bytes), [136] plan (32 bytes).
 */
#define PLAN_OFF	136
#define PLAN_HOW	(PLAN_OFF + 24)

	.globl	efivmap_arch_call_with_regs
	.type	efivmap_arch_call_with_regs, %function
	.balign	4
efivmap_arch_call_with_regs:
	hint	#34
	stp	x29, x30, [sp, #-176]!
	mov	x29, sp
	stp	x0, x1, [sp, #16]
	stp	x2, x3, [sp, #32]
	stp	x4, x5, [sp, #48]
	stp	x6, x7, [sp, #64]
	add	x0, sp, #80
	bl	efivmap_arch_read_live
	ldp	x0, x1, [sp, #16]
	add	x2, sp, #80
	add	x3, sp, #PLAN_OFF
	bl	efivmap_arch_regs_prepare
	cbnz	w0, 1f
	ldr	w9, [sp, #PLAN_HOW]
	ldr	x1, [sp, #24]
	ldp	x2, x3, [sp, #32]
	ldp	x4, x5, [sp, #48]
	ldp	x6, x7, [sp, #64]
	add	x0, sp, #PLAN_OFF
	cmp	w9, #1			/* EFIVMAP_ARCH_SWITCH_EL1 */
	b.ne	3f
	bl	regs_call_el1
	b	4f
3:	bl	regs_call_el2
4:	ldr	x9, [sp, #176]		/* ret */
	cbz	x9, 2f
	str	x0, [x9]
2:	mov	w0, #0
1:	ldp	x29, x30, [sp], #176
	ret
	.size	efivmap_arch_call_with_regs, . - efivmap_arch_call_with_regs

	.section .note.GNU-stack, "", %progbits
