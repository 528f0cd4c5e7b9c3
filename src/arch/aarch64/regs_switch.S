/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * TTBR0, TCR and MAIR changed together, for efivmap_arch_call_with_regs()
 * (see efivmap/arch.h). The decisions are efivmap_arch_regs_check()'s
 * (src/arch_check.c, host-tested); here are only the register reads and
 * the switch.
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
 * The switch itself, @regs already checked: x0 = regs, x1 = fn,
 * x2..x7 = a0..a5; returns what fn returned. Across the call x19 holds
 * fn, x20..x22 the previous TTBR0, TCR and MAIR, x23 the caller's DAIF.
 */
	.type	regs_call, %function
	.balign	4
regs_call:
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
	.size	regs_call, . - regs_call

/*
 * int efivmap_arch_call_with_regs(const struct efivmap_arch_regs *regs,
 *	efivmap_arch_fn fn, uint64_t a0, ..., uint64_t a5, uint64_t *ret)
 * x0..x7 as for regs_call; ret, the ninth argument, is at [sp] on entry.
 * Reads the live registers into a struct efivmap_arch_live on the stack,
 * asks efivmap_arch_regs_check(), and switches only when it says 0.
 */
	.globl	efivmap_arch_call_with_regs
	.type	efivmap_arch_call_with_regs, %function
	.balign	4
efivmap_arch_call_with_regs:
	hint	#34
	stp	x29, x30, [sp, #-112]!
	mov	x29, sp
	stp	x0, x1, [sp, #16]
	stp	x2, x3, [sp, #32]
	stp	x4, x5, [sp, #48]
	stp	x6, x7, [sp, #64]
	mrs	x9, CurrentEL
	mrs	x10, sctlr_el1
	mrs	x11, id_aa64mmfr0_el1
	stp	x9, x10, [sp, #80]	/* current_el, sctlr */
	str	x11, [sp, #96]		/* mmfr0 */
	add	x2, sp, #80
	bl	efivmap_arch_regs_check
	cbnz	w0, 1f
	ldp	x0, x1, [sp, #16]
	ldp	x2, x3, [sp, #32]
	ldp	x4, x5, [sp, #48]
	ldp	x6, x7, [sp, #64]
	bl	regs_call
	ldr	x9, [sp, #112]		/* ret */
	cbz	x9, 2f
	str	x0, [x9]
2:	mov	w0, #0
1:	ldp	x29, x30, [sp], #112
	ret
	.size	efivmap_arch_call_with_regs, . - efivmap_arch_call_with_regs

	.section .note.GNU-stack, "", %progbits
