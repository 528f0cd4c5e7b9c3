/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Calling through tables whose shape differs from the firmware's (another
 * T0SZ, or another MAIR). TCR_EL1.T0SZ cannot change while the MMU walks
 * TTBR0 with it, so TTBR0, TCR and MAIR change together with the MMU off
 * for a few instructions. This works only because the stub runs where
 * VA == PA in both the firmware's tables and its own; nothing in the
 * window touches memory (with the MMU off data accesses would be
 * Device-nGnRnE). When the shapes match, the stub uses the library's
 * efivmap_arch_call_with_ttbr0() instead.
 */
	.text

/* Leaf: x0 TTBR0, x1 TCR, x2 MAIR; clobbers x3, x4. */
stub_mmu_switch:
	dsb	ish
	mrs	x3, sctlr_el1
	bic	x4, x3, #1
	msr	sctlr_el1, x4
	isb
	msr	ttbr0_el1, x0
	msr	tcr_el1, x1
	msr	mair_el1, x2
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	msr	sctlr_el1, x3
	isb
	ret

/*
 * u64 stub_call_with_regs(u64 ttbr0, u64 tcr, u64 mair,
 *                         u64 (*fn)(u64), u64 arg)
 * Interrupts stay masked while the stub's tables are live.
 */
	.global	stub_call_with_regs
stub_call_with_regs:
	stp	x29, x30, [sp, #-64]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	mov	x19, x3
	mov	x20, x4
	mrs	x21, ttbr0_el1
	mrs	x22, tcr_el1
	mrs	x23, mair_el1
	mrs	x24, daif
	msr	daifset, #0xf
	bl	stub_mmu_switch
	mov	x0, x20
	blr	x19
	mov	x20, x0
	mov	x0, x21
	mov	x1, x22
	mov	x2, x23
	bl	stub_mmu_switch
	msr	daif, x24
	mov	x0, x20
	ldp	x23, x24, [sp, #48]
	ldp	x21, x22, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #64
	ret
