/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Handing the CPU to an arm64 kernel (Documentation/arm64/booting.rst):
 * what the kernel will read with its MMU off must be clean to the point
 * of coherency, then the MMU and D-cache go off, and x0 holds the DT.
 */
	.text

/* void lb_clean_dcache(uint64_t start, uint64_t size) */
	.globl	lb_clean_dcache
	.type	lb_clean_dcache, %function
lb_clean_dcache:
	cbz	x1, 2f
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2(words per line) */
	mov	x2, #4
	lsl	x2, x2, x3		/* line size in bytes */
	add	x1, x0, x1
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	cvac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
2:	dsb	sy
	ret
	.size	lb_clean_dcache, . - lb_clean_dcache

/*
 * void lb_enter(uint64_t dtb, uint64_t entry), never returns. Runs on the
 * firmware's identity map, so execution carries on at the same address
 * once translation is off; nothing after that touches memory.
 */
	.globl	lb_enter
	.type	lb_enter, %function
lb_enter:
	msr	daifset, #0xf
	mov	x19, x0
	mov	x20, x1
	mov	x3, #((1 << 2) | 1)	/* SCTLR.C and SCTLR.M */
	mrs	x2, CurrentEL
	cmp	x2, #(2 << 2)
	b.eq	1f
	mrs	x2, sctlr_el1
	bic	x2, x2, x3
	msr	sctlr_el1, x2
	b	2f
1:	mrs	x2, sctlr_el2
	bic	x2, x2, x3
	msr	sctlr_el2, x2
2:	isb
	ic	iallu
	dsb	nsh
	isb
	mov	x0, x19
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x20
	.size	lb_enter, . - lb_enter
