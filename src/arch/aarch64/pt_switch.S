/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * TTBR0_EL1 switch and a call through other tables (see efivmap/arch.h).
 *
 * TLBI VMALLE1 rather than by ASID: firmware maps with global entries,
 * which match every ASID, so only a full invalidation removes them. The
 * non-shareable form suffices for this CPU's TLB; DSB ISH is the barrier
 * the Arm ARM pairs with it in every example and costs nothing more here.
 */
	.text

/* uint64_t efivmap_arch_switch_ttbr0(uint64_t ttbr0) */
	.globl	efivmap_arch_switch_ttbr0
	.type	efivmap_arch_switch_ttbr0, %function
	.balign	4
efivmap_arch_switch_ttbr0:
	hint	#34			/* BTI c: a NOP without FEAT_BTI */
	mrs	x1, ttbr0_el1
	dsb	ishst			/* table stores visible to the walker */
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1			/* old entries, global ones included */
	dsb	ish
	isb
	mov	x0, x1
	ret
	.size	efivmap_arch_switch_ttbr0, . - efivmap_arch_switch_ttbr0

/*
 * uint64_t efivmap_arch_call_with_ttbr0(uint64_t ttbr0, efivmap_arch_fn fn,
 *					 uint64_t a0, ..., uint64_t a5)
 * x0 = ttbr0, x1 = fn, x2..x7 = a0..a5.
 */
	.globl	efivmap_arch_call_with_ttbr0
	.type	efivmap_arch_call_with_ttbr0, %function
	.balign	4
efivmap_arch_call_with_ttbr0:
	hint	#34
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	mov	x20, x1
	mrs	x19, ttbr0_el1		/* to restore afterwards */
	dsb	ishst
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	mov	x3, x5
	mov	x4, x6
	mov	x5, x7
	blr	x20
	/* x0 holds the result; back to the caller's tables */
	dsb	ish			/* the callee's accesses are done */
	msr	ttbr0_el1, x19
	isb
	tlbi	vmalle1			/* drop entries cached from @ttbr0 */
	dsb	ish
	isb
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #32
	ret
	.size	efivmap_arch_call_with_ttbr0, . - efivmap_arch_call_with_ttbr0

	.section .note.GNU-stack, "", %progbits
