/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The only part of libefivmap that must be instructions: installing
 * TTBR0 tables built by efivmap/pt.h and calling through them. Built only
 * for AArch64 (src/arch/aarch64/); a host build declares but never
 * defines these, except the decisions (efivmap_arch_switch_kind(),
 * efivmap_arch_live_regime(), efivmap_arch_config_from_live(),
 * efivmap_arch_regs_prepare() and efivmap_arch_regs_check()), which every
 * build has and the host tests run.
 *
 * Every function works in the regime the CPU is running, which it reads
 * (efivmap_arch_read_live()) and lets efivmap_arch_switch_kind() decide:
 *  - EL1 (EL1&0): TTBR0_EL1, TCR_EL1, MAIR_EL1, SCTLR_EL1; TLBI VMALLE1.
 *  - EL2 with HCR_EL2.E2H = 0: TTBR0_EL2, TCR_EL2 (its own layout),
 *    MAIR_EL2, SCTLR_EL2; TLBI ALLE2.
 *  - EL2 with E2H = 1 (VHE, the EL2&0 regime): the same _EL2 registers,
 *    TCR_EL2 then in TCR_EL1's layout; TLBI ALLE2 as well. ALLE2 covers
 *    the EL2&0 regime whenever E2H is 1, whatever HCR_EL2.TGE holds,
 *    where VMALLE1 issued at EL2 reaches EL2&0 only with TGE also 1 (and
 *    otherwise invalidates a guest's EL1&0 entries instead).
 * Each switch function reads the registers and asks that C first, on
 * the caller's stack (under 200 bytes) and before anything changes.
 * Tables must be built for that regime: efivmap_arch_config_from_live()
 * or efivmap_pt_config_set_regime() with efivmap_arch_live_regime().
 * Anywhere else (EL3, or the MMU off) nothing is switched and the
 * functions say so: efivmap_arch_regime() lets a caller check first.
 *
 * Two ways to switch:
 *  - same shape: efivmap_arch_switch_ttbr0() and
 *    efivmap_arch_call_with_ttbr0() swap only TTBR0, with the MMU on.
 *    Use them when efivmap_pt_tcr_compatible() holds for the live TCR
 *    and the tables were built for the live MAIR.
 *  - other shape (another T0SZ, granule or MAIR):
 *    efivmap_arch_call_with_regs() changes TTBR0, TCR and MAIR together
 *    with the MMU briefly off. See its comment for what that demands.
 *
 * The TTBR0-only functions run with the MMU on and assume the live TCR
 * and MAIR already suit the new tables (efivmap_pt_tcr_compatible()),
 * that the code, stack and data in use at the time of the switch are
 * mapped by the new tables at the same addresses, and that interrupts are
 * masked or their vectors and handlers are mapped too. Only the calling
 * CPU is affected; other CPUs must not use the same ASID meanwhile.
 *
 * The sequence, per the Arm ARM's rules for changing translation table
 * base registers (ELx the running level):
 *	DSB ISHST     table stores complete before the walker may read them
 *	MSR TTBR0_ELx
 *	ISB           later instructions use the new base
 *	TLBI VMALLE1  (ALLE2 at EL2) drop every entry of the regime on this
 *	              CPU, including the firmware's global (non-nG) ones,
 *	              which would otherwise match any ASID
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

/* What efivmap_arch_switch_ttbr0() and _call_with_ttbr0() return when
 * efivmap_arch_switch_kind() refuses the live regime: nothing changed. */
#define EFIVMAP_ARCH_REFUSED UINT64_MAX

/**
 * efivmap_arch_switch_ttbr0 - install a TTBR0 value in the live regime
 * @ttbr0: new value (efivmap_pt_ttbr0() or a saved one)
 *
 * Also used to restore: pass the returned value back. TTBR0_EL1 at EL1,
 * TTBR0_EL2 at EL2 (with or without E2H).
 *
 * returns: the previous TTBR0 value, or EFIVMAP_ARCH_REFUSED (nothing
 * changed) where efivmap_arch_regime() fails.
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
 * returns: what @fn returned (an EFI_STATUS for runtime services), or
 * EFIVMAP_ARCH_REFUSED without calling @fn where efivmap_arch_regime()
 * fails (check first when @fn may return all ones).
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
 * @regs: TTBR0, TCR and MAIR for the call, in the live regime's layout
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
 * installs the new values with SCTLR_ELx.M cleared for a few
 * instructions, calls @fn, then puts the previous TTBR0, TCR and MAIR
 * back the same way. Each switch: mask DAIF, DSB ISH (table stores and
 * earlier accesses complete), clear SCTLR_ELx.M, ISB, write TTBR0, TCR,
 * MAIR, ISB, TLBI (VMALLE1 or ALLE2), DSB ISH, ISB, set SCTLR_ELx.M
 * again, ISB. ELx is the running level; the _EL2 registers at EL2.
 *
 * Only the TTBR0 half changes in TCR: T0SZ, EPD0, IRGN0, ORGN0, SH0
 * and TG0 come from @regs->tcr; IPS (PS in TCR_EL2's own layout) becomes
 * the larger of the live and the requested one (it also governs TTBR1);
 * every other field (T1SZ, TG1, EPD1, A1, AS, TBI, TCR_EL2's RES1 bits...)
 * and TTBR1 are left as they are (efivmap_arch_regs_prepare() computes
 * the value). MAIR is replaced whole, and it is shared with the TTBR1 half.
 *
 * Constraints, all the caller's to meet:
 *  - EL1 or EL2 (with or without E2H) with the MMU on, and @regs in that
 *    regime's layout (tables built for efivmap_arch_live_regime()).
 *  - This function's code runs where VA == PA in both the old and the
 *    new tables: between the SCTLR writes instructions are fetched by
 *    physical address. (A kernel running from TTBR1 calls it from an
 *    identity-mapped copy or section.) The stack maps to the same
 *    physical memory in both, as the frame saved before the switch is
 *    read after it and @fn runs on it; identity mapping it is simplest.
 *    @fn's code, its pointer arguments and the vectors at VBAR_ELx (left
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
 * efivmap_arch_regs_prepare() (-EFIVMAP_ERR_INVAL, -EFIVMAP_ERR_UNSUPPORTED)
 * on the live registers; @fn is not called and nothing is changed then.
 */
int efivmap_arch_call_with_regs(const struct efivmap_arch_regs *regs,
				efivmap_arch_fn fn, uint64_t a0, uint64_t a1,
				uint64_t a2, uint64_t a3, uint64_t a4,
				uint64_t a5, uint64_t *ret);

/*
 * The live registers the decisions are made on, as efivmap_arch_read_live()
 * reads them: those of the running level (the _EL1 registers at EL1, the
 * _EL2 ones at EL2). Fields that level cannot read are 0.
 */
struct efivmap_arch_live {
	uint64_t current_el;   /* CurrentEL */
	uint64_t sctlr;        /* SCTLR_EL1, or SCTLR_EL2 at EL2 */
	uint64_t mmfr0;        /* ID_AA64MMFR0_EL1 */
	uint64_t hcr;          /* HCR_EL2 at EL2 (UNDEFINED below: 0) */
	uint64_t tcr;          /* TCR_EL1, or TCR_EL2 in its live layout */
	uint64_t mair;         /* MAIR_EL1, or MAIR_EL2 */
	uint64_t ttbr0;        /* TTBR0_EL1, or TTBR0_EL2 */
};

/**
 * efivmap_arch_read_live - read the running level's registers
 * @live: filled; at EL3 only current_el and mmfr0
 *
 * Must run at EL1 or higher (CurrentEL is UNDEFINED at EL0).
 */
void efivmap_arch_read_live(struct efivmap_arch_live *live);

/* How the switch functions change tables (efivmap_arch_switch_kind()). */
enum efivmap_arch_switch {
	EFIVMAP_ARCH_SWITCH_NONE = 0,  /* refused: EL0/EL3, or the MMU off */
	EFIVMAP_ARCH_SWITCH_EL1 = 1,   /* _EL1 registers, TLBI VMALLE1 */
	EFIVMAP_ARCH_SWITCH_EL2 = 2,   /* _EL2 registers, TLBI ALLE2 (EL2 and
					* EL2&0 alike) */
};

/**
 * efivmap_arch_switch_kind - which registers and TLBI the live regime needs
 * @live: as read on the CPU that would switch (NULL: refused)
 *
 * From CurrentEL and SCTLR.M alone: HCR_EL2.E2H changes TCR_EL2's layout
 * (efivmap_arch_live_regime()), not the registers or the TLBI.
 *
 * returns: an enum efivmap_arch_switch.
 */
uint32_t efivmap_arch_switch_kind(const struct efivmap_arch_live *live);

/**
 * efivmap_arch_live_regime - the translation regime running
 * @live: as read
 * @regime: set to EFIVMAP_PT_REGIME_EL10 (EL1), _EL2 (EL2, E2H = 0) or
 *	_EL20 (EL2, E2H = 1) on success
 *
 * returns: 0, or -EFIVMAP_ERR_INVAL (a NULL argument) or
 *	-EFIVMAP_ERR_UNSUPPORTED (efivmap_arch_switch_kind() refuses).
 */
int efivmap_arch_live_regime(const struct efivmap_arch_live *live,
			     uint32_t *regime);

/**
 * efivmap_arch_regime - efivmap_arch_live_regime() on this CPU
 * @regime: as for efivmap_arch_live_regime()
 *
 * The check a caller of the TTBR0-only functions makes first.
 *
 * returns: as efivmap_arch_live_regime().
 */
int efivmap_arch_regime(uint32_t *regime);

/**
 * efivmap_arch_config_from_live - tables shaped like the live ones
 * @cfg: filled on success
 * @live: as read (its tcr and mair in the live regime's layout)
 * @flags: EFIVMAP_PT_CFG_*
 *
 * efivmap_pt_config_from_regs() with the regime, TCR and MAIR of @live:
 * tables built from it can be installed by TTBR0 alone.
 *
 * returns: 0, or the errors of efivmap_arch_live_regime() and
 *	efivmap_pt_config_from_regs().
 */
struct efivmap_pt_config;
int efivmap_arch_config_from_live(struct efivmap_pt_config *cfg,
				  const struct efivmap_arch_live *live,
				  uint32_t flags);

/* What efivmap_arch_call_with_regs() installs, decided from the live
 * registers by efivmap_arch_regs_prepare(). */
struct efivmap_arch_plan {
	uint64_t ttbr0;
	uint64_t tcr;          /* @regs->tcr's TTBR0 half in the live TCR */
	uint64_t mair;
	uint32_t how;          /* enum efivmap_arch_switch, never NONE */
	uint32_t regime;       /* EFIVMAP_PT_REGIME_* */
};

/**
 * efivmap_arch_regs_prepare - what efivmap_arch_call_with_regs() does
 * @regs: the request
 * @fn: the function to call
 * @live: the registers as read on the CPU that would switch
 * @plan: filled on success
 *
 * Every decision of efivmap_arch_call_with_regs(), which reads @live and
 * calls this first; plain C, built and tested on every host. @regs->tcr
 * and @regs->mair must describe tables this library builds for the live
 * regime (as efivmap_pt_config_from_regs() reads them).
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @regs, @fn, @live or @plan NULL, or @regs->tcr
 *	and @regs->mair are not a configuration efivmap_pt_config_from_regs()
 *	accepts in the live regime (EPD0 set, reserved TG0, a T0SZ outside
 *	16..28, IPS 7, a MAIR without the memory types the tables use)
 *	-EFIVMAP_ERR_UNSUPPORTED: not at EL1 or EL2, the MMU off, or the CPU
 *	does not implement the granule TG0 asks for
 */
int efivmap_arch_regs_prepare(const struct efivmap_arch_regs *regs,
			      efivmap_arch_fn fn,
			      const struct efivmap_arch_live *live,
			      struct efivmap_arch_plan *plan);

/**
 * efivmap_arch_regs_check - may efivmap_arch_call_with_regs() switch?
 * @regs: the request
 * @fn: the function to call
 * @live: the registers as read on the CPU that would switch
 *
 * efivmap_arch_regs_prepare() without the plan.
 *
 * returns: as efivmap_arch_regs_prepare() (with @plan never NULL).
 */
int efivmap_arch_regs_check(const struct efivmap_arch_regs *regs,
			    efivmap_arch_fn fn,
			    const struct efivmap_arch_live *live);

#endif /* EFIVMAP_ARCH_H */
