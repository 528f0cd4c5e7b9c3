/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* The stub's few instructions (vectors.S). */
#ifndef EFISTUB_STUB_H
#define EFISTUB_STUB_H

#include <stdint.h>

uint64_t stub_read_sp(void);
/* VBAR_EL1, or VBAR_EL2 at EL2: the running level's vectors. */
uint64_t stub_set_vbar(uint64_t vbar);
uint64_t stub_irq_save(void);
void stub_irq_restore(uint64_t daif);
/* PSCI SYSTEM_OFF through SMC when @smc, else HVC. */
void stub_psci_off(int smc) __attribute__((noreturn));
uint64_t stub_read_mmfr1(void);
/*
 * At EL2 without E2H: with the MMU off, set HCR_EL2 to @hcr (E2H and TGE
 * among it), CPTR_EL2 to @cptr (now in CPACR_EL1's layout), install the
 * EL2&0 tables (@ttbr0, @tcr in TCR_EL1's layout, @mair), invalidate
 * the EL2 and EL2&0 TLB entries and turn the MMU back on.
 */
void stub_enter_vhe(uint64_t ttbr0, uint64_t tcr, uint64_t mair,
		    uint64_t hcr, uint64_t cptr);
void stub_exception(uint64_t esr, uint64_t far, uint64_t elr, uint64_t kind);
struct efivmap_guard_frame;
/* The vectors' C half: 1 to restore @frame and ERET, else no return. */
int stub_vector(struct efivmap_guard_frame *frame, uint64_t kind,
		uint64_t esr, uint64_t far);
extern char stub_vectors[];

#endif
