/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * What runs between the old kernel and the new one. Linux's kexec_load
 * path enters the image's entry point with x0 = 0 (only kexec_file_load
 * passes a DT), so this sets x0 = DT, x1-x3 = 0 and jumps to the kernel,
 * both addresses patched into the two slots at the end by the loader. It
 * runs with the MMU off: only aligned loads.
 */
	.section .rodata
	.balign	8
	.globl	kexec_purgatory
	.globl	kexec_purgatory_end
kexec_purgatory:
	ldr	x0, 1f
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldr	x4, 2f
	br	x4
	.balign	8
1:	.quad	0		/* DT, physical */
2:	.quad	0		/* kernel entry, physical */
kexec_purgatory_end:
