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
void stub_exception(uint64_t esr, uint64_t far, uint64_t elr, uint64_t kind);
extern char stub_vectors[];

#endif
