/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The instructions of the MMU self-check (see efivmap/arch.h): one AT,
 * the ISB that makes its result visible, and the PAR_EL1 read. Which AT
 * to use is efivmap_probe_select()'s decision (src/probe.c).
 */
	.text

/*
 * AT, ISB, MRS with D, A, I and F masked, so an interrupt handler's own
 * AT cannot overwrite PAR_EL1 in between; x9 holds the caller's DAIF.
 */
	.macro	at_par op
	mrs	x9, daif
	msr	daifset, #0xf
	at	\op, x2
	isb
	mrs	x0, par_el1
	msr	daif, x9
	ret
	.endm

/* uint64_t efivmap_arch_probe_at(void *ctx, uint32_t op, uint64_t va)
 * x0 = ctx (unused), w1 = op, x2 = va. An unknown op returns PAR.F set. */
	.globl	efivmap_arch_probe_at
	.type	efivmap_arch_probe_at, %function
	.balign	4
efivmap_arch_probe_at:
	hint	#34			/* BTI c: a NOP without FEAT_BTI */
	cmp	w1, #0
	b.eq	0f
	cmp	w1, #1
	b.eq	1f
	cmp	w1, #2
	b.eq	2f
	cmp	w1, #3
	b.eq	3f
	mov	x0, #1			/* PAR.F: nothing translated */
	ret
0:	at_par	s1e1r
1:	at_par	s1e1w
2:	at_par	s1e2r
3:	at_par	s1e2w
	.size	efivmap_arch_probe_at, . - efivmap_arch_probe_at

	.section .note.GNU-stack, "", %progbits
