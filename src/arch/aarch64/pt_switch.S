/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * TTBR0 switch and a call through other tables (see efivmap/arch.h), in
 * the live regime: efivmap_arch_switch_kind() (src/arch_check.c) says
 * which registers and TLBI; here is only the branch on its answer.
 *
 * TLBI VMALLE1 at EL1 rather than by ASID: firmware maps with global
 * entries, which match every ASID, so only a full invalidation removes
 * them. At EL2, ALLE2 for the same reason, and because it reaches the
 * EL2&0 regime with E2H whatever TGE holds. The non-shareable forms
 * suffice for this CPU's TLB; DSB ISH is the barrier the Arm ARM pairs
 * with them in every example and costs nothing more here.
 */
	.text

#define SWITCH_EL1	1	/* EFIVMAP_ARCH_SWITCH_EL1 */
#define SWITCH_EL2	2	/* EFIVMAP_ARCH_SWITCH_EL2 */

/* \new into TTBR0_EL\el, the previous value into \old. */
	.macro	ttbr0_install el, tlbiop, new, old
	mrs	\old, ttbr0_el\el
	dsb	ishst			/* table stores visible to the walker */
	msr	ttbr0_el\el, \new
	isb
	tlbi	\tlbiop			/* old entries, global ones included */
	dsb	ish
	isb
	.endm

/* uint64_t efivmap_arch_switch_ttbr0(uint64_t ttbr0) */
	.globl	efivmap_arch_switch_ttbr0
	.type	efivmap_arch_switch_ttbr0, %function
	.balign	4
efivmap_arch_switch_ttbr0:
	hint	#34			/* BTI c: a NOP without FEAT_BTI */
	stp	x29, x30, [sp, #-80]!
	mov	x29, sp
	str	x0, [sp, #16]
	add	x0, sp, #24		/* struct efivmap_arch_live */
	bl	efivmap_arch_read_live
	add	x0, sp, #24
	bl	efivmap_arch_switch_kind
	mov	w2, w0
	ldr	x0, [sp, #16]
	ldp	x29, x30, [sp], #80
	cmp	w2, #SWITCH_EL1
	b.eq	1f
	cmp	w2, #SWITCH_EL2
	b.eq	2f
	mov	x0, #-1			/* EFIVMAP_ARCH_REFUSED */
	ret
1:	ttbr0_install 1, vmalle1, x0, x1
	mov	x0, x1
	ret
2:	ttbr0_install 2, alle2, x0, x1
	mov	x0, x1
	ret
	.size	efivmap_arch_switch_ttbr0, . - efivmap_arch_switch_ttbr0

/*
 * uint64_t efivmap_arch_call_with_ttbr0(uint64_t ttbr0, efivmap_arch_fn fn,
 *					 uint64_t a0, ..., uint64_t a5)
 * x0 = ttbr0, x1 = fn, x2..x7 = a0..a5. Across the call x19 holds the
 * previous TTBR0, x20 fn, w21 the switch kind.
 */
	.globl	efivmap_arch_call_with_ttbr0
	.type	efivmap_arch_call_with_ttbr0, %function
	.balign	4
efivmap_arch_call_with_ttbr0:
	hint	#34
	stp	x29, x30, [sp, #-176]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	str	x21, [sp, #32]
	stp	x0, x1, [sp, #48]
	stp	x2, x3, [sp, #64]
	stp	x4, x5, [sp, #80]
	stp	x6, x7, [sp, #96]
	add	x0, sp, #112		/* struct efivmap_arch_live */
	bl	efivmap_arch_read_live
	add	x0, sp, #112
	bl	efivmap_arch_switch_kind
	mov	w21, w0
	mov	x0, #-1			/* EFIVMAP_ARCH_REFUSED */
	cmp	w21, #SWITCH_EL1
	b.eq	1f
	cmp	w21, #SWITCH_EL2
	b.ne	9f
1:	ldp	x0, x20, [sp, #48]
	cmp	w21, #SWITCH_EL1
	b.ne	2f
	ttbr0_install 1, vmalle1, x0, x19
	b	3f
2:	ttbr0_install 2, alle2, x0, x19
3:	ldp	x0, x1, [sp, #64]
	ldp	x2, x3, [sp, #80]
	ldp	x4, x5, [sp, #96]
	blr	x20
	/* x0 holds the result; back to the caller's tables, dropping the
	 * entries cached from @ttbr0's. */
	dsb	ish			/* the callee's accesses are done */
	cmp	w21, #SWITCH_EL1
	b.ne	4f
	ttbr0_install 1, vmalle1, x19, x9
	b	9f
4:	ttbr0_install 2, alle2, x19, x9
9:	ldr	x21, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #176
	ret
	.size	efivmap_arch_call_with_ttbr0, . - efivmap_arch_call_with_ttbr0

	.section .note.GNU-stack, "", %progbits
