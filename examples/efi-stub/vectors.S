/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The stub's own exception vectors. While the stub's tables are live the
 * firmware's handlers are unmapped, so a fault (the negative controls make
 * one on purpose) would otherwise hang silently. Every vector switches to
 * a private stack (the interrupted SP may be the one that is broken),
 * saves a struct efivmap_guard_frame there and calls stub_vector(). A
 * synchronous exception inside a guarded runtime call comes back with 1:
 * the frame, edited by efivmap_guard_fixup(), is restored and ERET
 * resumes in the guard. Anything else is reported and powers off.
 *
 * x0 waits in TPIDRRO_EL0 (writable at EL1 and EL2, unused by the stub
 * and by firmware after ExitBootServices) while SP is replaced.
 */
#define FRAME 272	/* sizeof(struct efivmap_guard_frame) */

	.text
	.balign	2048
	.global	stub_vectors
stub_vectors:
	.irp	kind, 0,1,2,3, 4,5,6,7, 8,9,10,11, 12,13,14,15
	.balign	128
	msr	tpidrro_el0, x0
	adrp	x0, stub_exc_frame
	add	x0, x0, :lo12:stub_exc_frame
	mov	sp, x0
	str	x1, [sp, #8]
	mov	x1, #\kind
	b	stub_vector_common
	.endr

stub_vector_common:
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
	stp	x30, xzr, [sp, #240]	/* frame.sp: unknown, not read */
	mrs	x2, tpidrro_el0
	str	x2, [sp, #0]
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.eq	2f
	mrs	x2, esr_el1
	mrs	x3, far_el1
	mrs	x4, elr_el1
	mrs	x5, spsr_el1
	b	3f
2:	mrs	x2, esr_el2
	mrs	x3, far_el2
	mrs	x4, elr_el2
	mrs	x5, spsr_el2
3:	stp	x4, x5, [sp, #256]
	mov	x0, sp
	/* stub_vector(frame, kind, esr, far): 1 to resume, else no return */
	bl	stub_vector
	cbz	w0, 1f
	ldp	x0, x1, [sp, #256]
	mrs	x2, CurrentEL
	cmp	x2, #(2 << 2)
	b.eq	4f
	msr	elr_el1, x0
	msr	spsr_el1, x1
	b	5f
4:	msr	elr_el2, x0
	msr	spsr_el2, x1
5:	ldp	x0, x1, [sp, #0]
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
	eret
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
stub_exc_frame:			/* the frame, then the stack below it */
	.space	FRAME

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
