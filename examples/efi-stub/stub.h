/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* The stub's few instructions (vectors.S). */
#ifndef EFISTUB_STUB_H
#define EFISTUB_STUB_H

#include <stdint.h>

#define STUB_REG_TCR   0
#define STUB_REG_MAIR  1
#define STUB_REG_TTBR0 2
#define STUB_REG_SCTLR 3
#define STUB_REG_EL    4
#define STUB_REG_MMFR0 5

uint64_t stub_sysreg(int which);
uint64_t stub_read_sp(void);
uint64_t stub_set_vbar(uint64_t vbar);
uint64_t stub_irq_save(void);
void stub_irq_restore(uint64_t daif);
void stub_psci_off(void) __attribute__((noreturn));
void stub_exception(uint64_t esr, uint64_t far, uint64_t elr, uint64_t kind);
extern char stub_vectors[];

#endif
