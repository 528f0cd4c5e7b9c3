/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The stub's own exception vectors. While the stub's tables are live the
 * firmware's handlers are unmapped, so a fault (the negative controls make
 * one on purpose) would otherwise hang silently. Every vector switches to
 * a private stack and reports through stub_exception(), which powers off.
 */
	.text
	.balign	2048
	.global	stub_vectors
stub_vectors:
	.irp	kind, 0,1,2,3, 4,5,6,7, 8,9,10,11, 12,13,14,15
	.balign	128
	mov	x3, #\kind
	b	stub_vector_common
	.endr

stub_vector_common:
	adrp	x0, stub_exc_stack_top
	add	x0, x0, :lo12:stub_exc_stack_top
	mov	sp, x0
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.eq	2f
	mrs	x0, esr_el1
	mrs	x1, far_el1
	mrs	x2, elr_el1
	b	3f
2:	mrs	x0, esr_el2
	mrs	x1, far_el2
	mrs	x2, elr_el2
3:	bl	stub_exception
1:	wfi
	b	1b

/*
 * u64 stub_set_vbar(u64 new): install vectors at the running level (a
 * fault at EL2 is taken to VBAR_EL2), return the old base.
 */
	.global	stub_set_vbar
stub_set_vbar:
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.eq	1f
	mrs	x1, vbar_el1
	msr	vbar_el1, x0
	isb
	mov	x0, x1
	ret
1:	mrs	x1, vbar_el2
	msr	vbar_el2, x0
	isb
	mov	x0, x1
	ret

	.global	stub_read_sp
stub_read_sp:
	mov	x0, sp
	ret

/*
 * void stub_psci_off(int smc): PSCI SYSTEM_OFF. The conduit is the
 * caller's choice (the FDT's /psci method): an HVC issued at EL2 would
 * trap to EL2 itself.
 */
	.global	stub_psci_off
stub_psci_off:
	mov	x1, x0
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	cbz	x1, 2f
	smc	#0
	b	1f
2:	hvc	#0
1:	wfi
	b	1b

	.section .data
	.balign	16
stub_exc_stack:
	.space	8192
stub_exc_stack_top:

	.text
/* u64 stub_irq_save(void): mask D, A, I and F; return the old DAIF. */
	.global	stub_irq_save
stub_irq_save:
	mrs	x0, daif
	msr	daifset, #0xf
	ret

	.global	stub_irq_restore
stub_irq_restore:
	msr	daif, x0
	ret
