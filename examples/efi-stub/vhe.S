/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Entering the EL2&0 regime (HCR_EL2.E2H = 1) as a VHE kernel does, for
 * the stub's last kexec stage. The values are computed in C (stub.c);
 * only the order is here. E2H changes the layout of TCR_EL2, CPTR_EL2
 * and what the descriptors mean, so it flips with the MMU off, where no
 * walk or TLB lookup happens, and the new tables (built for EL2&0) come
 * in before the MMU is back on. The code runs where VA == PA, as UEFI
 * maps it; nothing between the SCTLR writes touches memory.
 */
	.text

/* void stub_enter_vhe(u64 ttbr0, u64 tcr, u64 mair, u64 hcr, u64 cptr) */
	.global	stub_enter_vhe
stub_enter_vhe:
	mrs	x9, daif
	msr	daifset, #0xf
	dsb	ish
	mrs	x10, sctlr_el2
	bic	x11, x10, #1		/* M */
	msr	sctlr_el2, x11
	isb
	tlbi	alle2			/* the EL2 regime's entries */
	dsb	ish
	msr	hcr_el2, x3
	isb
	msr	cptr_el2, x4
	msr	ttbr0_el2, x0
	msr	tcr_el2, x1
	msr	mair_el2, x2
	isb
	tlbi	alle2			/* and any of EL2&0 */
	dsb	ish
	isb
	msr	sctlr_el2, x10
	isb
	msr	daif, x9
	ret

	.global	stub_read_mmfr1
stub_read_mmfr1:
	mrs	x0, id_aa64mmfr1_el1
	ret

	.section .note.GNU-stack, "", %progbits
