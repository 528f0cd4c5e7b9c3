/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Misbehaving "firmware" for the harness (and for the stub's future
 * negative controls), and a caller that checks its own callee-saved
 * registers, SP and DAIF across efivmap_guard_call().
 */
	.text
	.macro	fn name
	.globl	\name
	.type	\name, %function
	.balign	4
\name:
	.endm

fn fw_ok
	add	x0, x0, x1
	add	x0, x0, x5
	ret
fn fw_x18
	mov	x18, #0x18
	ret
fn fw_x19
	mov	x19, #0x19
	ret
fn fw_x25
	mov	x25, #0x25
	mov	x27, #0x27
	ret
fn fw_x29
	mov	x29, #0
	ret
/* SP moved but still readable: the x29 fallback recovers */
fn fw_sp
	sub	sp, sp, #32
	ret
/* SP and x29 both lost: the return path traps, the fixup recovers */
fn fw_sp_x29
	sub	sp, sp, #64
	mov	x29, #0x10000000	/* unmapped */
	ret
/* clobbers callee-saved registers, unmasks, then faults reading a0 */
fn fw_fault_read
	mov	x19, #1
	mov	x28, #2
	mov	x18, #3
	msr	daifclr, #2
	ldr	x0, [x0]
	ret
fn fw_fault_write
	mov	x1, #1
	str	x1, [x0]
	ret
fn fw_brk
	brk	#0x42
	ret
fn fw_stack_use
	/* uses its stack like a compiled function */
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	mov	x19, x0
	add	x0, x19, #1
	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
	ret

/*
 * int harness_call(struct efivmap_guard *g, efivmap_arch_fn fn,
 *		    uint64_t a0, uint64_t *ret, uint64_t *bad)
 * Fills x19..x28 with patterns, guards the call, and sets *bad to a mask
 * of the callee-saved registers (bit n for xn), bit 31 for SP and bit 30
 * for DAIF that did not come back.
 */
fn harness_call
	stp	x29, x30, [sp, #-128]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	x4, x18, [sp, #96]	/* bad, and the caller's x18 */
	mrs	x9, daif
	str	x9, [sp, #112]
	ldr	x19, =0x1919191919191919
	add	x20, x19, #1
	add	x21, x19, #2
	add	x22, x19, #3
	add	x23, x19, #4
	add	x24, x19, #5
	add	x25, x19, #6
	add	x26, x19, #7
	add	x27, x19, #8
	add	x28, x19, #9
	ldr	x18, =0x1818181818181818
	sub	sp, sp, #16
	str	x3, [sp]		/* ret: efivmap_guard_call's ninth arg */
	mov	x8, x2
	mov	x2, x8			/* a0 */
	mov	x3, #0
	mov	x4, #0
	mov	x5, #0
	mov	x6, #0
	mov	x7, #0x77		/* a5 */
	bl	efivmap_guard_call
	add	sp, sp, #16
	mov	x10, #0
	ldr	x11, =0x1919191919191919
	.irp	r, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28
	cmp	x\r, x11
	b.eq	1f
	orr	x10, x10, #(1 << \r)
1:	add	x11, x11, #1
	.endr
	ldr	x11, =0x1818181818181818
	cmp	x18, x11
	b.eq	2f
	orr	x10, x10, #(1 << 18)
2:	mov	x11, sp
	cmp	x11, x29
	b.eq	3f
	orr	x10, x10, #(1 << 31)
3:	mrs	x11, daif
	ldr	x12, [sp, #112]
	cmp	x11, x12
	b.eq	4f
	orr	x10, x10, #(1 << 30)
4:	ldp	x4, x18, [sp, #96]
	str	x10, [x4]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #128
	ret

/* Write TTBR0 of the current EL and drop the old entries. */
fn harness_switch
	dsb	ishst
	mrs	x1, CurrentEL
	cmp	x1, #8
	b.eq	1f
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	b	2f
1:	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
2:	dsb	ish
	isb
	ret
fn harness_daif_set
	msr	daif, x0
	ret
