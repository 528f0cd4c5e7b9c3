/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * What every guarded runtime call runs (rt_thunk), and the misbehaving
 * "services" the negative controls call through it (cfg: shim=mmio,
 * shim=x18). All of it is in the stub's image, which its tables map.
 */
	.text
/*
 * u64 rt_thunk(u64 slot, a0, a1, a2, a3, a4): call the function whose
 * address is at @slot (an entry of the firmware's runtime-services
 * table) with a0..a4. Reading the entry is part of the guarded call: an
 * unmapped table faults inside the guard, not in the stub.
 */
	.global	rt_thunk
rt_thunk:
	ldr	x16, [x0]
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	br	x16

/* u64 shim_mmio(u64 addr): reads @addr, as firmware touching MMIO that no
 * runtime descriptor declares would. */
	.global	shim_mmio
shim_mmio:
	ldr	w0, [x0]
	mov	x0, #0
	ret

/* u64 shim_x18(void): returns EFI_SUCCESS with x18 clobbered. */
	.global	shim_x18
shim_x18:
	movz	x18, #0xbad
	movk	x18, #0x5eed, lsl #16
	mov	x0, #0
	ret
