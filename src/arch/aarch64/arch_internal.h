/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* The instructions behind efivmap_arch_call_with_regs() (regs_switch.S). */
#ifndef EFIVMAP_ARCH_INTERNAL_H
#define EFIVMAP_ARCH_INTERNAL_H

#include "efivmap/arch.h"

/* CurrentEL, SCTLR_EL1 and ID_AA64MMFR0_EL1, as read. */
uint64_t efivmap__arch_current_el(void);
uint64_t efivmap__arch_sctlr(void);
uint64_t efivmap__arch_mmfr0(void);

/*
 * The switch itself, with @regs already checked: merges @regs->tcr into
 * the live TCR_EL1 and returns what @fn returned.
 */
uint64_t efivmap__arch_regs_call(const struct efivmap_arch_regs *regs,
				 efivmap_arch_fn fn, uint64_t a0, uint64_t a1,
				 uint64_t a2, uint64_t a3, uint64_t a4,
				 uint64_t a5);

#endif /* EFIVMAP_ARCH_INTERNAL_H */
