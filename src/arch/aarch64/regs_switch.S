/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * TTBR0, TCR and MAIR changed together, for efivmap_arch_call_with_regs()
 * (see efivmap/arch.h; regs_call.c checks the request first).
 *
 * T0SZ and TG0 are cached by the walker and may be held in TLB entries,
 * so they cannot change under a live TTBR0; with SCTLR_EL1.M clear no
 * stage-1 walk or TLB lookup happens, which makes the three writes one
 * step. That is only possible because the code runs where VA == PA.
 */
	.text

/* TCR_EL1 fields of the TTBR0 half: T0SZ, EPD0, IRGN0, ORGN0, SH0, TG0. */
#define TCR_TTBR0_FIELDS	0xffbf
#define TCR_IPS_SHIFT		32
#define TCR_IPS_WIDTH		3

/*
 * Install \ttbr, \tcr and \mair with the MMU off; \t0 and \t1 are
 * scratch. Nothing between the SCTLR writes reads or writes memory: with
 * M clear, data accesses would be Device-nGnRnE and bypass the caches
 * that hold the tables and the stack.
 */
	.macro	mmu_off_install ttbr, tcr, mair, t0, t1
	dsb	ish			/* table stores and earlier accesses done */
	mrs	\t0, sctlr_el1
	bic	\t1, \t0, #1		/* M */
	msr	sctlr_el1, \t1
	isb				/* fetches from here on are untranslated */
	msr	ttbr0_el1, \ttbr
	msr	tcr_el1, \tcr
	msr	mair_el1, \mair
	isb
	tlbi	vmalle1			/* entries of the old tables and shape */
	dsb	ish
	isb
	msr	sctlr_el1, \t0
	isb				/* translated again, through \ttbr */
	.endm

/*
 * uint64_t efivmap__arch_regs_call(const struct efivmap_arch_regs *regs,
 *				    efivmap_arch_fn fn, uint64_t a0, ..., a5)
 * x0 = regs, x1 = fn, x2..x7 = a0..a5. Across the call x19 holds fn,
 * x20..x22 the previous TTBR0, TCR and MAIR, x23 the caller's DAIF.
 */
	.globl	efivmap__arch_regs_call
	.type	efivmap__arch_regs_call, %function
	.balign	4
efivmap__arch_regs_call:
	hint	#34			/* BTI c: a NOP without FEAT_BTI */
	stp	x29, x30, [sp, #-64]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	str	x23, [sp, #48]
	mov	x19, x1
	ldp	x9, x10, [x0]		/* new TTBR0, requested TCR */
	ldr	x11, [x0, #16]		/* new MAIR */
	mrs	x23, daif
	msr	daifset, #0xf		/* no handler may run on either side */
	mrs	x20, ttbr0_el1
	mrs	x21, tcr_el1
	mrs	x22, mair_el1
	/* The TTBR0 fields from the request, the rest from the live TCR,
	 * IPS the larger of the two since TTBR1 uses it as well. */
	mov	x12, #TCR_TTBR0_FIELDS
	ubfx	x13, x10, #TCR_IPS_SHIFT, #TCR_IPS_WIDTH
	ubfx	x14, x21, #TCR_IPS_SHIFT, #TCR_IPS_WIDTH
	cmp	x13, x14
	csel	x13, x13, x14, hi
	and	x10, x10, x12
	bic	x15, x21, x12
	orr	x10, x10, x15
	bfi	x10, x13, #TCR_IPS_SHIFT, #TCR_IPS_WIDTH
	mmu_off_install x9, x10, x11, x12, x13
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
	mmu_off_install x20, x21, x22, x12, x13
	msr	daif, x23
	ldr	x23, [sp, #48]
	ldp	x21, x22, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #64
	ret
	.size	efivmap__arch_regs_call, . - efivmap__arch_regs_call

	.globl	efivmap__arch_current_el
	.type	efivmap__arch_current_el, %function
	.balign	4
efivmap__arch_current_el:
	hint	#34
	mrs	x0, CurrentEL
	ret
	.size	efivmap__arch_current_el, . - efivmap__arch_current_el

	.globl	efivmap__arch_sctlr
	.type	efivmap__arch_sctlr, %function
	.balign	4
efivmap__arch_sctlr:
	hint	#34
	mrs	x0, sctlr_el1
	ret
	.size	efivmap__arch_sctlr, . - efivmap__arch_sctlr

	.globl	efivmap__arch_mmfr0
	.type	efivmap__arch_mmfr0, %function
	.balign	4
efivmap__arch_mmfr0:
	hint	#34
	mrs	x0, id_aa64mmfr0_el1
	ret
	.size	efivmap__arch_mmfr0, . - efivmap__arch_mmfr0

	.section .note.GNU-stack, "", %progbits
