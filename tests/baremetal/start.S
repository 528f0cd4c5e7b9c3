/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Entry of the bare-metal guard harness (QEMU virt, -kernel): at EL1 or
 * EL2, whichever QEMU starts in, an identity map of two 1 GiB blocks
 * (devices, then RAM) with the MMU and caches on, and vectors whose
 * synchronous entries hand exceptions to efivmap_guard_fixup() as the
 * README describes. Exit through semihosting with main()'s result.
 */
	.section .text.boot, "ax"
	.globl	_start
_start:
	msr	daifset, #0xf
	ldr	x0, =stack_top
	mov	sp, x0
	mrs	x0, CurrentEL
	cmp	x0, #8
	b.eq	el2
	/* EL1: TTBR0 boot tables, 39-bit VA, 4K, inner WB walks, no TTBR1 */
	adr	x0, vectors
	msr	vbar_el1, x0
	ldr	x0, =0x04FFBB4400
	msr	mair_el1, x0
	ldr	x0, =(25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (2 << 32))
	msr	tcr_el1, x0
	adr	x0, boot_l1
	msr	ttbr0_el1, x0
	mov	x1, #0x400		/* AF */
	bl	fill_l1
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	mrs	x0, sctlr_el1
	orr	x0, x0, #1		/* M */
	orr	x0, x0, #(1 << 2)	/* C */
	orr	x0, x0, #(1 << 12)	/* I */
	msr	sctlr_el1, x0
	isb
	mov	x0, #3 << 20		/* CPACR_EL1.FPEN: no FP traps */
	msr	cpacr_el1, x0
	isb
	b	go
el2:
	adr	x0, vectors
	msr	vbar_el2, x0
	ldr	x0, =0x04FFBB4400
	msr	mair_el2, x0
	/* TCR_EL2: T0SZ 25, IRGN0/ORGN0 WB, SH0 inner, PS 40 bits, RES1 */
	ldr	x0, =(25 | (1 << 8) | (1 << 10) | (3 << 12) | (2 << 16) | (1 << 23) | (1 << 31))
	msr	tcr_el2, x0
	adr	x0, boot_l1
	msr	ttbr0_el2, x0
	mov	x1, #0x440		/* AF, AP[1] RES1 */
	bl	fill_l1
	isb
	tlbi	alle2
	dsb	ish
	isb
	mrs	x0, sctlr_el2
	orr	x0, x0, #1
	orr	x0, x0, #(1 << 2)
	orr	x0, x0, #(1 << 12)
	msr	sctlr_el2, x0
	isb
	msr	cptr_el2, xzr		/* no FP traps */
	isb
go:
	bl	main
	mov	x1, x0
	b	exit_code

/* L1 blocks: [0, 1G) Device-nGnRE (idx 4), [1G, 2G) Normal WB (idx 3). */
fill_l1:
	adr	x2, boot_l1
	mov	x3, #(4 << 2) | 1
	orr	x3, x3, x1
	str	x3, [x2]
	mov	x3, #(3 << 2) | 1 | (3 << 8)
	orr	x3, x3, x1
	orr	x3, x3, #0x40000000
	str	x3, [x2, #8]
	dsb	ish
	ret

/* Semihosting SYS_EXIT_EXTENDED, exit code x1. */
	.globl	exit_code
exit_code:
	adr	x2, exit_block
	ldr	x3, =0x20026
	stp	x3, x1, [x2]
	mov	x1, x2
	mov	x0, #0x20
	hlt	#0xf000
1:	b	1b

	.balign	0x800
vectors:
	b	vec_sync		/* 0x000: current EL, SP0 */
	.rept	3
	.balign	0x80
	b	vec_other
	.endr
	.balign	0x80
	b	vec_sync		/* 0x200: current EL, SPx */
	.rept	11
	.balign	0x80
	b	vec_other
	.endr
	.balign	0x80

/* The README's vector, for either EL: frame, fixup, restore, ERET. */
vec_sync:
	sub	sp, sp, #272
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x0, CurrentEL
	cmp	x0, #8
	b.eq	1f
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	b	2f
1:	mrs	x0, elr_el2
	mrs	x1, spsr_el2
2:	stp	x0, x1, [sp, #256]
	ldr	x0, =this_cpu_guard
	ldr	x0, [x0]
	mov	x1, sp
	bl	efivmap_guard_fixup
	cbz	w0, not_ours
	ldp	x0, x1, [sp, #256]
	mrs	x2, CurrentEL
	cmp	x2, #8
	b.eq	3f
	msr	elr_el1, x0
	msr	spsr_el1, x1
	b	4f
3:	msr	elr_el2, x0
	msr	spsr_el2, x1
4:	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #272
	eret
not_ours:
	mov	x0, sp
	bl	unexpected_exception
	mov	x1, #99
	b	exit_code
vec_other:
	mov	x1, #98
	b	exit_code

	.data
	.balign	4096
boot_l1:
	.space	4096
exit_block:
	.quad	0, 0
