/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The only part of libefivmap that must be instructions: installing
 * TTBR0 tables built by efivmap/pt.h and calling through them. Built only
 * for AArch64 (src/arch/aarch64/); a host build declares but never
 * defines these.
 *
 * Both functions run at EL1 with the MMU on and assume TCR_EL1 and
 * MAIR_EL1 already suit the new tables (efivmap_pt_tcr_compatible()),
 * that the code, stack and data in use at the time of the switch are
 * mapped by the new tables at the same addresses, and that interrupts are
 * masked or their vectors and handlers are mapped too. Only the calling
 * CPU is affected; other CPUs must not use the same ASID meanwhile.
 *
 * The sequence, per the Arm ARM's rules for changing translation table
 * base registers:
 *	DSB ISHST     table stores complete before the walker may read them
 *	MSR TTBR0_EL1
 *	ISB           later instructions use the new base
 *	TLBI VMALLE1  drop every EL1&0 entry of this CPU, including the
 *	              firmware's global (non-nG) ones, which would
 *	              otherwise match any ASID
 *	DSB ISH       the invalidation has completed
 *	ISB           no instruction fetched through a stale entry remains
 * Instruction caches need no maintenance: AArch64 instruction caches
 * behave as physically tagged, so a new VA-to-PA mapping cannot hit a
 * line fetched through an old one.
 */
#ifndef EFIVMAP_ARCH_H
#define EFIVMAP_ARCH_H

#include "env.h"

/**
 * efivmap_arch_switch_ttbr0 - install a TTBR0_EL1 value
 * @ttbr0: new value (efivmap_pt_ttbr0() or a saved one)
 *
 * Also used to restore: pass the returned value back.
 *
 * returns: the previous TTBR0_EL1 value.
 */
uint64_t efivmap_arch_switch_ttbr0(uint64_t ttbr0);

/* A function called with up to six 64-bit arguments (EFI runtime services
 * take at most five; pointers are passed as uint64_t). */
typedef uint64_t (*efivmap_arch_fn)(uint64_t, uint64_t, uint64_t, uint64_t,
				    uint64_t, uint64_t);

/**
 * efivmap_arch_call_with_ttbr0 - call @fn with other tables live
 * @ttbr0: the TTBR0_EL1 value to install for the call
 * @fn: function to call (its VA must be mapped by @ttbr0's tables)
 * @a0: first argument of @fn
 * @a1: second argument
 * @a2: third argument
 * @a3: fourth argument
 * @a4: fifth argument
 * @a5: sixth argument
 *
 * Installs @ttbr0 as efivmap_arch_switch_ttbr0() does, calls @fn, then
 * reinstalls the previous TTBR0_EL1 with the same sequence (so entries
 * cached from @ttbr0's tables do not survive). Pointer arguments must be
 * valid under @ttbr0's tables.
 *
 * returns: what @fn returned (an EFI_STATUS for runtime services).
 */
uint64_t efivmap_arch_call_with_ttbr0(uint64_t ttbr0, efivmap_arch_fn fn,
				      uint64_t a0, uint64_t a1, uint64_t a2,
				      uint64_t a3, uint64_t a4, uint64_t a5);

#endif /* EFIVMAP_ARCH_H */
