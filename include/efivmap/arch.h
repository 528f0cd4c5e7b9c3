/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The only part of libefivmap that must be instructions: installing
 * TTBR0 tables built by efivmap/pt.h and calling through them. Built only
 * for AArch64 (src/arch/aarch64/); a host build declares but never
 * defines these, except efivmap_arch_regs_check(), the decisions, which
 * every build has.
 *
 * Two ways to switch:
 *  - same shape: efivmap_arch_switch_ttbr0() and
 *    efivmap_arch_call_with_ttbr0() swap only TTBR0_EL1, with the MMU on.
 *    Use them when efivmap_pt_tcr_compatible() holds for the live TCR_EL1
 *    and the tables were built for the live MAIR_EL1.
 *  - other shape (another T0SZ, granule or MAIR):
 *    efivmap_arch_call_with_regs() changes TTBR0, TCR and MAIR together
 *    with the MMU briefly off. See its comment for what that demands.
 *
 * The TTBR0-only functions run at EL1 with the MMU on and assume TCR_EL1
 * and MAIR_EL1 already suit the new tables (efivmap_pt_tcr_compatible()),
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
#include "error.h"

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

/*
 * System register values for efivmap_arch_call_with_regs(): typically
 * efivmap_pt_ttbr0(), efivmap_pt_tcr() (or efivmap_pt_tcr_merge() of the
 * live value; only its TTBR0 fields and IPS are used) and efivmap_pt_mair().
 */
struct efivmap_arch_regs {
	uint64_t ttbr0;
	uint64_t tcr;
	uint64_t mair;
};

/**
 * efivmap_arch_call_with_regs - call @fn through tables of another shape
 * @regs: TTBR0_EL1, TCR_EL1 and MAIR_EL1 for the call
 * @fn: function to call (its VA must be mapped by the new tables)
 * @a0: first argument of @fn
 * @a1: second argument
 * @a2: third argument
 * @a3: fourth argument
 * @a4: fifth argument
 * @a5: sixth argument
 * @ret: where @fn's return value goes (an EFI_STATUS for runtime
 *	services); may be NULL
 *
 * T0SZ and TG0 cannot change while the walker uses them, so this
 * installs the new values with SCTLR_EL1.M cleared for a few
 * instructions, calls @fn, then puts the previous TTBR0, TCR and MAIR
 * back the same way. Each switch: mask DAIF, DSB ISH (table stores and
 * earlier accesses complete), clear SCTLR_EL1.M, ISB, write TTBR0, TCR,
 * MAIR, ISB, TLBI VMALLE1, DSB ISH, ISB, set SCTLR_EL1.M again, ISB.
 *
 * Only the TTBR0 half changes in TCR_EL1: T0SZ, EPD0, IRGN0, ORGN0, SH0
 * and TG0 come from @regs->tcr; IPS becomes the larger of the live and
 * the requested one (it also governs TTBR1); every other field (T1SZ,
 * TG1, EPD1, A1, AS, TBI...) and TTBR1_EL1 are left as they are. MAIR_EL1
 * is replaced whole, and it is shared with the TTBR1 half.
 *
 * Constraints, all the caller's to meet:
 *  - EL1 with the MMU on. At EL2 the _EL1 registers are not the running
 *    regime (or, with HCR_EL2.E2H, are redirected to EL2's): refused.
 *  - This function's code runs where VA == PA in both the old and the
 *    new tables: between the SCTLR writes instructions are fetched by
 *    physical address. (A kernel running from TTBR1 calls it from an
 *    identity-mapped copy or section.) The stack maps to the same
 *    physical memory in both, as the frame saved before the switch is
 *    read after it and @fn runs on it; identity mapping it is simplest.
 *    @fn's code, its pointer arguments and the vectors at VBAR_EL1 (left
 *    unchanged) must be mapped by the new tables. The caller's own code
 *    needs only the old tables.
 *  - With the MMU off, data accesses are Device-nGnRnE: the window
 *    touches no memory, so no cache maintenance is needed; tables are
 *    walked cacheable (IRGN0/ORGN0 write-back), as efivmap_pt_tcr() sets.
 *    Instruction fetches take the same physical addresses throughout, so
 *    the instruction cache needs no maintenance either.
 *  - Attribute indices used by live TTBR1 mappings keep their meaning in
 *    @regs->mair (or TTBR1 is unused during the call).
 *  - Interrupts (D, A, I and F) are masked from before the first switch
 *    until after the second, and @fn is called with them masked; the
 *    caller's DAIF is restored on return.
 *  - Only the calling CPU is affected; the TLBI is local.
 *
 * returns: 0 after calling @fn, or the error of
 * efivmap_arch_regs_check() (-EFIVMAP_ERR_INVAL, -EFIVMAP_ERR_UNSUPPORTED)
 * on the live registers; @fn is not called and nothing is changed then.
 */
int efivmap_arch_call_with_regs(const struct efivmap_arch_regs *regs,
				efivmap_arch_fn fn, uint64_t a0, uint64_t a1,
				uint64_t a2, uint64_t a3, uint64_t a4,
				uint64_t a5, uint64_t *ret);

/* The live registers efivmap_arch_regs_check() decides on, as read. */
struct efivmap_arch_live {
	uint64_t current_el;   /* CurrentEL */
	uint64_t sctlr;        /* SCTLR_EL1 */
	uint64_t mmfr0;        /* ID_AA64MMFR0_EL1 */
};

/**
 * efivmap_arch_regs_check - may efivmap_arch_call_with_regs() switch?
 * @regs: the request
 * @fn: the function to call
 * @live: the registers as read on the CPU that would switch
 *
 * Every decision of efivmap_arch_call_with_regs(), which reads @live and
 * calls this first; plain C, built and tested on every host. @regs->tcr
 * and @regs->mair must describe tables this library builds (as
 * efivmap_pt_config_from_tcr() reads them).
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @regs, @fn or @live NULL, or @regs->tcr and
 *	@regs->mair are not a configuration efivmap_pt_config_from_tcr()
 *	accepts (EPD0 set, reserved TG0, a T0SZ outside 16..28, IPS 7, a
 *	MAIR without the memory types the tables use)
 *	-EFIVMAP_ERR_UNSUPPORTED: not at EL1, the MMU off, or the CPU does
 *	not implement the granule TG0 asks for
 */
int efivmap_arch_regs_check(const struct efivmap_arch_regs *regs,
			    efivmap_arch_fn fn,
			    const struct efivmap_arch_live *live);

#endif /* EFIVMAP_ARCH_H */
