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

/* ================================================================== */
/* Guarded runtime calls and the MMU self-check                        */
/* ================================================================== */
/*
 * Firmware misbehaves inside runtime services: it touches MMIO that no
 * runtime descriptor declares, takes permission faults, or returns with
 * registers the procedure call standard says it must keep. A guarded
 * call lets the caller survive that and say what happened:
 *
 *	struct efivmap_guard g = { .stack_top = (uint64_t)stack + sizeof(stack) };
 *	r = efivmap_guard_call(&g, fn, a0, a1, a2, a3, a4, 0, &status);
 *	if (r == -EFIVMAP_ERR_FW_FAULT)    g.esr, g.far, g.elr: see
 *					     efivmap_guard_diagnose()
 *	if (r == -EFIVMAP_ERR_FW_CORRUPT)  g.corrupted names the register
 *
 * Faults need the caller's synchronous-exception vector to hand them to
 * efivmap_guard_fixup() (see there for the contract). Without that hook
 * a guarded call still detects corrupted registers; a fault then goes
 * wherever the caller's vector sends it.
 *
 * The guard switches no tables: it runs @fn under whatever translation
 * regime is live, at EL1 or EL2. Install the runtime tables first
 * (efivmap_arch_switch_ttbr0()) and put the old ones back afterwards:
 * wrapping efivmap_arch_call_with_ttbr0() as @fn would leave firmware
 * only four arguments. The guard, its stack, the caller's code and its
 * vectors must be mapped in the live tables. The decisions are plain C,
 * built and tested on every host; the instructions are in
 * src/arch/aarch64/guard.S.
 */

/* Register indices in struct efivmap_guard.corrupted. */
#define EFIVMAP_GUARD_REG_NONE 0xffu  /* nothing corrupted */
#define EFIVMAP_GUARD_REG_SP   31u    /* the stack pointer */
/* x18..x29 are their own numbers, 18..29. */

/* What ended the call, in struct efivmap_guard.outcome. */
#define EFIVMAP_GUARD_RETURNED 0u  /* @fn returned */
#define EFIVMAP_GUARD_FAULTED  1u  /* a synchronous exception inside @fn */
#define EFIVMAP_GUARD_LOST_SP  2u  /* @fn returned with an SP that does not
				    * point at the guard's record */

/* Slots of the saved contexts: x18..x29 at 0..11, SP at 12. */
#define EFIVMAP_GUARD_NSAVED 13u

/*
 * One guarded call's state. Caller-owned, one per CPU that makes guarded
 * calls (it must stay valid, and not be reused by another call, until
 * the call returns). The caller sets stack_top; every other field is the
 * library's: read them after the call, never write them.
 */
struct efivmap_guard {
	/* The caller's: top of a private stack, 16-byte aligned, mapped
	 * and writable under the live tables. The guard keeps a 16-byte
	 * record at its top; @fn and the caller's vector for a fault
	 * in it get the rest (Linux gives firmware a kernel stack's
	 * size). */
	uint64_t stack_top;
	/* Set at each call */
	uint64_t current_el;   /* CurrentEL of the call */
	uint64_t active;       /* non-zero while @fn runs: the fixup's test */
	uint64_t resume;       /* where a fixed-up exception resumes */
	uint64_t ret_lo;       /* the guard's own return path, [lo, hi): */
	uint64_t ret_hi;       /*   a fault there means SP was corrupted */
	uint64_t fn_sp;        /* the SP @fn started with */
	uint64_t daif;         /* the caller's DAIF, restored on return */
	uint64_t saved[EFIVMAP_GUARD_NSAVED];  /* x18..x29, SP before @fn */
	uint64_t after[EFIVMAP_GUARD_NSAVED];  /* the same after @fn */
	uint64_t status;       /* what @fn returned (x0) */
	/* Results */
	uint64_t esr;          /* ESR_ELx of the fault (0 if none) */
	uint64_t far;          /* FAR_ELx of the fault */
	uint64_t elr;          /* where in firmware it was taken */
	uint64_t spsr;         /* SPSR_ELx of the fault */
	uint32_t outcome;      /* EFIVMAP_GUARD_RETURNED, _FAULTED, _LOST_SP */
	uint32_t corrupted;    /* EFIVMAP_GUARD_REG_* or 18..29 */
};

/**
 * efivmap_guard_call - call firmware on a private stack, checked
 * @g: the guard; g->stack_top set by the caller
 * @fn: function to call (EFI runtime services take at most five
 *	arguments; pointers are passed as uint64_t)
 * @a0: first argument of @fn
 * @a1: second argument
 * @a2: third argument
 * @a3: fourth argument
 * @a4: fifth argument
 * @a5: sixth argument
 * @ret: where @fn's return value goes; may be NULL
 *
 * AArch64 only (src/arch/aarch64/guard.S). Saves x18..x29, SP and DAIF
 * in @g, masks D, A, I and F, switches SP to g->stack_top and calls @fn
 * with x18..x29 as they were (x29 is this call's frame, so a backtrace
 * taken in firmware leads back to the caller). After @fn returns (or a
 * fault is fixed up), puts back the caller's SP, x18..x29 and DAIF
 * whatever @fn left, then judges with efivmap_guard_end().
 *
 * returns: 0 (*@ret set), or
 *	-EFIVMAP_ERR_INVAL: @g or @fn NULL, or g->stack_top zero or not
 *	16-byte aligned (@fn not called)
 *	-EFIVMAP_ERR_UNSUPPORTED: not at EL1 or EL2 (@fn not called)
 *	-EFIVMAP_ERR_FW_FAULT: @fn took a synchronous exception that
 *	efivmap_guard_fixup() took over; g->esr, g->far, g->elr and
 *	g->spsr describe it; *@ret untouched
 *	-EFIVMAP_ERR_FW_CORRUPT: @fn returned, but SP, x18 or one of
 *	x19..x29 differs; g->corrupted names the first in that order;
 *	*@ret holds what @fn returned unless SP was lost (g->outcome
 *	EFIVMAP_GUARD_LOST_SP: untouched). The registers the caller
 *	gets back are its own, so it can carry on, but should stop
 *	trusting the firmware.
 */
int efivmap_guard_call(struct efivmap_guard *g, efivmap_arch_fn fn,
		       uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		       uint64_t a4, uint64_t a5, uint64_t *ret);

/**
 * efivmap_guard_el - the exception level whose registers the guard uses
 * @current_el: CurrentEL as read (EL in bits 3:2)
 *
 * returns: 1 or 2; 0 for EL0 and EL3, where the guard refuses to run.
 */
unsigned efivmap_guard_el(uint64_t current_el);

/**
 * efivmap_guard_begin - efivmap_guard_call()'s checks, before the call
 * @g: the guard
 * @fn: the function to call
 * @current_el: CurrentEL as read
 * @resume: address the fixup makes a faulting call resume at
 * @ret_lo: first instruction of the guard's return path
 * @ret_hi: the address after its last
 *
 * Called by guard.S; plain C so the host tests run it. Resets every
 * result field of @g and records the rest.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @g or @fn NULL, g->stack_top zero or not
 *	16-byte aligned
 *	-EFIVMAP_ERR_UNSUPPORTED: @current_el is EL0 or EL3
 */
int efivmap_guard_begin(struct efivmap_guard *g, efivmap_arch_fn fn,
			uint64_t current_el, uint64_t resume, uint64_t ret_lo,
			uint64_t ret_hi);

/**
 * efivmap_guard_end - efivmap_guard_call()'s verdict, after the call
 * @g: the guard, g->saved and g->after filled by guard.S
 * @ret: where g->status goes; may be NULL
 *
 * Called by guard.S with the caller's registers back; plain C. Sets
 * g->corrupted to the first of SP, x18, x19..x29 whose value after the
 * call differs from before it (SP is compared with g->fn_sp), or to SP
 * when g->outcome is EFIVMAP_GUARD_LOST_SP.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_FW_FAULT: g->outcome is EFIVMAP_GUARD_FAULTED
 *	-EFIVMAP_ERR_FW_CORRUPT: a register differs, or SP was lost
 */
int efivmap_guard_end(struct efivmap_guard *g, uint64_t *ret);

/*
 * What the caller's synchronous-exception vector saved, in this order
 * (Linux's struct pt_regs starts the same way): x0..x30, the SP of the
 * interrupted context (not read), ELR_ELx and SPSR_ELx. The vector
 * restores x0..x30, ELR and SPSR from it before ERET.
 */
struct efivmap_guard_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
};

/* ESR_ELx and FAR_ELx of the exception being handled. */
struct efivmap_guard_fault {
	uint64_t esr;
	uint64_t far;
};

/**
 * efivmap_guard_fixup - turn a fault inside a guarded call into a return
 * @g: the guard the caller registered for this CPU (the one its guarded
 *	calls use), or NULL when it has none
 * @frame: the exception frame the vector saved
 *
 * AArch64 only (guard.S): reads ESR_ELx and FAR_ELx of the current EL
 * (efivmap_guard_el()) and hands them to efivmap_guard_fixup_regs(), which
 * decides and edits @frame. Call it from the vector for synchronous
 * exceptions taken from the current EL, before anything that could take
 * another exception (ESR and FAR are live registers), with @frame as
 * the vector will restore it.
 *
 * When it is ours, the interrupted efivmap_guard_call() goes on to
 * report a firmware fault, or SP corrupted when the exception came from
 * the guard's own return path.
 *
 * returns: true when the exception was taken inside a guarded call: the
 *	vector must restore @frame and ERET, which resumes in the guard's
 *	return path; false: not ours, the vector handles it as it would
 *	have, @frame and @g untouched.
 */
bool efivmap_guard_fixup(struct efivmap_guard *g,
			 struct efivmap_guard_frame *frame);

/**
 * efivmap_guard_fixup_regs - efivmap_guard_fixup() on given ESR and FAR
 * @g: the registered guard, or NULL
 * @frame: the exception frame
 * @fault: ESR_ELx and FAR_ELx as read
 *
 * Ours when @g is active (a guarded call has started @fn and not come
 * back) and @frame->spsr says the exception came from the guard's own
 * EL. Then: records @fault, @frame->elr and @frame->spsr in @g, clears
 * g->active (a second fault while recovering is not ours), and edits
 * @frame so that ERET resumes at g->resume with x0 = @g, at the guard's
 * EL using SP_ELx (SPSR.M = ELxh), D, A, I and F masked and BTYPE 0.
 * Nothing else in @frame changes; the resume path reloads SP and
 * x18..x29 from @g.
 *
 * returns: true (ours, @frame edited) or false (not ours, nothing
 *	changed), the answer efivmap_guard_fixup() gives.
 */
bool efivmap_guard_fixup_regs(struct efivmap_guard *g,
			      struct efivmap_guard_frame *frame,
			      const struct efivmap_guard_fault *fault);

struct efivmap_mmap;

/* Classes of exception, in struct efivmap_guard_diag.kind. */
#define EFIVMAP_GUARD_EXC_OTHER    0u
#define EFIVMAP_GUARD_EXC_DATA     1u  /* data abort (EC 0x24/0x25) */
#define EFIVMAP_GUARD_EXC_INSN     2u  /* instruction abort (EC 0x20/0x21) */
#define EFIVMAP_GUARD_EXC_PC_ALIGN 3u  /* EC 0x22 */
#define EFIVMAP_GUARD_EXC_SP_ALIGN 4u  /* EC 0x26 */
#define EFIVMAP_GUARD_EXC_UNKNOWN  5u  /* EC 0x00: undefined instruction */
#define EFIVMAP_GUARD_EXC_BRK      6u  /* EC 0x3c */

/* Fault status classes (DFSC/IFSC), in struct efivmap_guard_diag.fsc_class. */
#define EFIVMAP_GUARD_FSC_NONE        0u  /* not an abort */
#define EFIVMAP_GUARD_FSC_ADDR_SIZE   1u  /* address size fault, level */
#define EFIVMAP_GUARD_FSC_TRANSLATION 2u  /* translation fault, level */
#define EFIVMAP_GUARD_FSC_ACCESS      3u  /* access flag fault, level */
#define EFIVMAP_GUARD_FSC_PERMISSION  4u  /* permission fault, level */
#define EFIVMAP_GUARD_FSC_EXTERNAL    5u  /* synchronous external abort */
#define EFIVMAP_GUARD_FSC_WALK_EXT    6u  /* the same on a table walk, level */
#define EFIVMAP_GUARD_FSC_ALIGNMENT   7u  /* alignment fault */
#define EFIVMAP_GUARD_FSC_TLB_CONFLICT 8u
#define EFIVMAP_GUARD_FSC_OTHER       9u  /* parity/ECC, tag check, ... */

/* No descriptor, in struct efivmap_guard_diag.far_desc/elr_desc. */
#define EFIVMAP_GUARD_NO_DESC SIZE_MAX

/* What a fault was and where, from efivmap_guard_diagnose(). */
struct efivmap_guard_diag {
	uint32_t ec;         /* ESR.EC */
	uint32_t fsc;        /* ESR.ISS[5:0] for aborts, else 0 */
	uint32_t kind;       /* EFIVMAP_GUARD_EXC_* */
	uint32_t fsc_class;  /* EFIVMAP_GUARD_FSC_* */
	int32_t level;       /* lookup level, -1..3 (-1 only with 52-bit
			      * addresses), when has_level */
	bool has_level;      /* the fault status class has a level */
	bool same_el;        /* an abort taken from the EL handling it */
	bool write;          /* data abort on a write (ESR.WnR; false for
			      * cache maintenance, which sets WnR) */
	bool far_valid;      /* FAR holds the faulting address (not FnV) */
	size_t far_desc;     /* runtime descriptor holding FAR, or NO_DESC */
	size_t elr_desc;     /* runtime descriptor holding ELR, or NO_DESC */
};

/**
 * efivmap_guard_diagnose - what an ESR says, and which regions FAR and ELR
 *	lie in
 * @map: the runtime map with VirtualStart assigned (as given to
 *	SetVirtualAddressMap); may be NULL, then no descriptor is looked up
 * @esr: ESR_ELx (struct efivmap_guard.esr)
 * @far: FAR_ELx
 * @elr: ELR_ELx
 * @out: filled on success
 *
 * Descriptors are matched by VirtualStart: only EFI_MEMORY_RUNTIME ones
 * with a valid VirtualStart. A data abort whose FAR lies in no runtime
 * descriptor is firmware touching memory no runtime descriptor declares
 * (far_valid and far_desc == EFIVMAP_GUARD_NO_DESC); an ELR outside every
 * runtime descriptor means firmware ran code it did not declare.
 * Linear in the map.
 *
 * returns: 0, or -EFIVMAP_ERR_INVAL: @out NULL.
 */
int efivmap_guard_diagnose(const struct efivmap_mmap *map, uint64_t esr,
			   uint64_t far, uint64_t elr,
			   struct efivmap_guard_diag *out);

/**
 * efivmap_guard_diag_format - one line for a diagnosed fault
 * @d: from efivmap_guard_diagnose()
 * @far: FAR it was made from
 * @elr: ELR it was made from
 * @buf: output, NUL-terminated when @size > 0
 * @size: bytes available
 *
 * E.g. "data abort, same EL, translation fault level 3, write, FAR
 * 0x9000000 in no runtime descriptor, ELR 0x3ff40123 in descriptor 4".
 *
 * returns: the length the full text needs, without the NUL.
 */
size_t efivmap_guard_diag_format(const struct efivmap_guard_diag *d,
				 uint64_t far, uint64_t elr, char *buf,
				 size_t size);

/* ------------------------------------------------------------------ */
/* MMU self-check: the hardware's translation against the library's    */
/* ------------------------------------------------------------------ */
/*
 * While the tables are live, AT S1ExR and AT S1ExW ask the MMU to
 * translate a VA for a read and for a write; PAR_EL1 holds the answer.
 * efivmap_probe_run() compares that, for sampled pages of every leaf,
 * with what efivmap_pt_walk() reads: output address, memory type
 * (PAR.ATTR against the MAIR byte of the leaf's AttrIndx), readable,
 * writable. A difference means the hardware does not see the tables the
 * library built: the wrong TTBR or TCR or MAIR, a stale TLB, tables not
 * visible to the walker, or memory corrupted since the build.
 */

struct efivmap_pt;
struct efivmap_pt_leaf;

/* AT operations, efivmap_arch_probe_at()'s @op. */
#define EFIVMAP_PROBE_S1E1R 0u
#define EFIVMAP_PROBE_S1E1W 1u
#define EFIVMAP_PROBE_S1E2R 2u
#define EFIVMAP_PROBE_S1E2W 3u

/* PAR_EL1 fields (64-bit format). */
#define EFIVMAP_PROBE_PAR_F         UINT64_C(1)        /* aborted */
#define EFIVMAP_PROBE_PAR_FST_SHIFT 1                  /* fault status, F=1 */
#define EFIVMAP_PROBE_PAR_PA_MASK   UINT64_C(0x0000fffffffff000)
#define EFIVMAP_PROBE_PAR_ATTR_SHIFT 56                /* MAIR-style byte */

/**
 * efivmap_arch_probe_at - translate @va with one AT operation
 * @ctx: ignored (the signature of efivmap_probe_at_fn)
 * @op: EFIVMAP_PROBE_* (efivmap_probe_select() picks them)
 * @va: the address
 *
 * AArch64 only (src/arch/aarch64/probe.S): AT, ISB, MRS PAR_EL1, with
 * interrupts masked between the AT and the read so no handler's AT can
 * replace PAR_EL1. S1E2 ops are UNDEFINED below EL2. PAR_EL1 is left
 * holding the result.
 *
 * returns: PAR_EL1.
 */
uint64_t efivmap_arch_probe_at(void *ctx, uint32_t op, uint64_t va);

/* An AT primitive: efivmap_arch_probe_at() on the CPU, a model on a host. */
typedef uint64_t (*efivmap_probe_at_fn)(void *ctx, uint32_t op, uint64_t va);

/**
 * efivmap_probe_select - the AT operations that translate @pt's regime
 * @pt: tables that are live
 * @current_el: CurrentEL as read
 * @op_read: set to the read operation
 * @op_write: set to the write operation
 *
 * EL1&0 tables at EL1 use S1E1R/W; EL2 and EL2&0 tables at EL2 use
 * S1E2R/W (at EL2 the S1E1 ops would translate the EL1&0 regime).
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: a NULL argument
 *	-EFIVMAP_ERR_UNSUPPORTED: @pt's regime is not the one running at
 *	@current_el
 */
int efivmap_probe_select(const struct efivmap_pt *pt, uint64_t current_el,
			 uint32_t *op_read, uint32_t *op_write);

/* Most samples per leaf. */
#define EFIVMAP_PROBE_MAX_SAMPLES 64u

/**
 * efivmap_probe_plan - the VAs to probe in one leaf
 * @leaf: a leaf (a page or a block)
 * @granule: the tables' granule
 * @max: most samples, 2..EFIVMAP_PROBE_MAX_SAMPLES
 * @vas: at least @max entries; filled ascending, page aligned
 *
 * Every granule page when the leaf has at most @max of them; otherwise
 * @max pages spread evenly from the first to the last, both included.
 *
 * returns: the number of VAs (at least 1), or 0 when @max is out of
 *	range, @leaf or @vas is NULL, or @granule is not a power of two.
 */
size_t efivmap_probe_plan(const struct efivmap_pt_leaf *leaf,
			  uint32_t granule, uint32_t max, uint64_t *vas);

/* What disagreed, in struct efivmap_probe_report.why (bits). */
#define EFIVMAP_PROBE_BAD_READ  0x1u  /* readable in one view only */
#define EFIVMAP_PROBE_BAD_WRITE 0x2u  /* writable in one view only */
#define EFIVMAP_PROBE_BAD_PA    0x4u  /* another output address */
#define EFIVMAP_PROBE_BAD_ATTR  0x8u  /* another memory type */

struct efivmap_probe_report {
	uint64_t checked;   /* VAs judged */
	uint64_t va;        /* the first VA that disagreed (when why != 0) */
	uint32_t why;       /* EFIVMAP_PROBE_BAD_* of that VA */
	uint64_t par_read;  /* its PAR values */
	uint64_t par_write;
	uint64_t pa;        /* the walk's PA for it (0 when unmapped) */
	uint32_t attrs;     /* the walk's EFIVMAP_PT_ATTR_* (0 when unmapped) */
};

/**
 * efivmap_probe_judge - does the MMU agree with the tables at one VA?
 * @pt: the tables
 * @va: the VA that was translated
 * @par_read: PAR_EL1 after the read AT
 * @par_write: PAR_EL1 after the write AT
 * @why: set to the EFIVMAP_PROBE_BAD_* bits (0 when they agree)
 *
 * A VA the walk finds mapped must translate for reading, to the walk's
 * PA, with PAR.ATTR of the same memory type as MAIR byte AttrIndx of the
 * leaf (for Normal memory the inner and outer cacheability, not the
 * allocation hints, which PAR may report differently; for Device memory
 * the nG/nR/E kind), and for writing exactly when the leaf is writable.
 * A VA the walk finds unmapped must fail both.
 *
 * returns: 0 when they agree, or
 *	-EFIVMAP_ERR_INVAL: @pt or @why NULL
 *	-EFIVMAP_ERR_VERIFY: they disagree (*@why says how), or the walk
 *	met a corrupt table descriptor (*@why 0)
 */
int efivmap_probe_judge(const struct efivmap_pt *pt, uint64_t va,
			uint64_t par_read, uint64_t par_write, uint32_t *why);

/**
 * efivmap_probe_run - probe every leaf of live tables
 * @pt: the tables, live on this CPU
 * @op_read: from efivmap_probe_select()
 * @op_write: likewise
 * @max: samples per leaf, 2..EFIVMAP_PROBE_MAX_SAMPLES
 * @at: efivmap_arch_probe_at, or a model
 * @ctx: passed to @at
 * @rep: filled: the VAs checked and the first disagreement
 *
 * For each leaf in VA order: efivmap_probe_plan(), then @at with both
 * operations and efivmap_probe_judge() per VA; stops at the first
 * disagreement. O(leaves * @max) ATs and walks. Call with the tables
 * live and nothing changing them.
 *
 * returns: 0 when every sample agrees, or
 *	-EFIVMAP_ERR_INVAL: NULL @pt, @at or @rep, or @max out of range
 *	-EFIVMAP_ERR_VERIFY: a VA disagrees (@rep names it), or a table
 *	descriptor points outside the table memory
 */
int efivmap_probe_run(const struct efivmap_pt *pt, uint32_t op_read,
		      uint32_t op_write, uint32_t max, efivmap_probe_at_fn at,
		      void *ctx, struct efivmap_probe_report *rep);

/* ================================================================== */
/* End of guarded calls and the MMU self-check                         */
/* ================================================================== */

#endif /* EFIVMAP_ARCH_H */
