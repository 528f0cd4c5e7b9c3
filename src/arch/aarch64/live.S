/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Reading the running level's registers into a struct efivmap_arch_live
 * (see efivmap/arch.h), and efivmap_arch_regime() on them. The one branch
 * here guards the reads: the _EL2 registers are UNDEFINED at EL1, and
 * the _EL1 names at EL2 with E2H reach the _EL2 registers anyway. What to
 * do with the values is src/arch_check.c's to decide.
 */
	.text

/* struct efivmap_arch_live offsets */
#define LIVE_EL		0
#define LIVE_SCTLR	8
#define LIVE_MMFR0	16
#define LIVE_HCR	24
#define LIVE_TCR	32
#define LIVE_MAIR	40
#define LIVE_TTBR0	48
#define LIVE_SIZE	56

/* void efivmap_arch_read_live(struct efivmap_arch_live *live) */
	.globl	efivmap_arch_read_live
	.type	efivmap_arch_read_live, %function
	.balign	4
efivmap_arch_read_live:
	hint	#34			/* BTI c: a NOP without FEAT_BTI */
	mrs	x1, CurrentEL
	mrs	x2, id_aa64mmfr0_el1
	str	x1, [x0, #LIVE_EL]
	str	x2, [x0, #LIVE_MMFR0]
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x6, xzr
	mov	x7, xzr
	cmp	x1, #(2 << 2)
	b.eq	2f
	cmp	x1, #(1 << 2)
	b.ne	3f			/* EL3: none of them is this regime */
	mrs	x3, sctlr_el1
	mrs	x5, tcr_el1
	mrs	x6, mair_el1
	mrs	x7, ttbr0_el1
	b	3f
2:	mrs	x3, sctlr_el2
	mrs	x4, hcr_el2
	mrs	x5, tcr_el2
	mrs	x6, mair_el2
	mrs	x7, ttbr0_el2
3:	str	x3, [x0, #LIVE_SCTLR]
	stp	x4, x5, [x0, #LIVE_HCR]
	stp	x6, x7, [x0, #LIVE_MAIR]
	ret
	.size	efivmap_arch_read_live, . - efivmap_arch_read_live

/* int efivmap_arch_regime(uint32_t *regime) */
	.globl	efivmap_arch_regime
	.type	efivmap_arch_regime, %function
	.balign	4
efivmap_arch_regime:
	hint	#34
	stp	x29, x30, [sp, #-80]!
	mov	x29, sp
	str	x0, [sp, #16]
	add	x0, sp, #24
	bl	efivmap_arch_read_live
	add	x0, sp, #24
	ldr	x1, [sp, #16]
	bl	efivmap_arch_live_regime
	ldp	x29, x30, [sp], #80
	ret
	.size	efivmap_arch_regime, . - efivmap_arch_regime

	.section .note.GNU-stack, "", %progbits
