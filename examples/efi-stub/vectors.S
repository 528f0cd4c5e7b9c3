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
	mrs	x0, esr_el1
	mrs	x1, far_el1
	mrs	x2, elr_el1
	bl	stub_exception
1:	wfi
	b	1b

/* u64 stub_set_vbar(u64 new): install vectors, return the old base. */
	.global	stub_set_vbar
stub_set_vbar:
	mrs	x1, vbar_el1
	msr	vbar_el1, x0
	isb
	mov	x0, x1
	ret

	.global	stub_read_sp
stub_read_sp:
	mov	x0, sp
	ret

/*
 * u64 stub_sysreg(int which): 0 TCR, 1 MAIR, 2 TTBR0, 3 SCTLR, 4 CurrentEL,
 * 5 ID_AA64MMFR0.
 */
	.global	stub_sysreg
stub_sysreg:
	cmp	x0, #0
	b.ne	1f
	mrs	x0, tcr_el1
	ret
1:	cmp	x0, #1
	b.ne	2f
	mrs	x0, mair_el1
	ret
2:	cmp	x0, #2
	b.ne	3f
	mrs	x0, ttbr0_el1
	ret
3:	cmp	x0, #3
	b.ne	4f
	mrs	x0, sctlr_el1
	ret
4:	cmp	x0, #4
	b.ne	5f
	mrs	x0, CurrentEL
	ret
5:	mrs	x0, id_aa64mmfr0_el1
	ret

/* PSCI SYSTEM_OFF through HVC, QEMU virt's conduit without EL2/EL3. */
	.global	stub_psci_off
stub_psci_off:
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	hvc	#0
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
