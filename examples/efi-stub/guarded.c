// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efivmap/arch.h>
#include <efivmap/mmap.h>
#include "guarded.h"
#include "out.h"

uint64_t rt_thunk(uint64_t slot, uint64_t a0, uint64_t a1, uint64_t a2,
		  uint64_t a3, uint64_t a4);

/*
 * One CPU, one guard: the vectors find it here. Static, so inside the
 * image, which every table set of the stub maps read-write.
 */
static struct efivmap_guard guard;
static _Alignas(16) uint8_t guard_stack[64 * 1024];

int guarded_call(struct guarded_fault *f, const char *name, const void *slot,
		 uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		 uint64_t a4, uint64_t *ret)
{
	unsigned int i;
	int r;

	guard.stack_top = (uintptr_t)(guard_stack + sizeof(guard_stack));
	r = efivmap_guard_call(&guard, (efivmap_arch_fn)rt_thunk,
			       (uintptr_t)slot, a0, a1, a2, a3, a4, ret);
	if (!r || f->err)
		return r;
	f->err = r;
	f->call = name;
	f->esr = guard.esr;
	f->far = guard.far;
	f->elr = guard.elr;
	f->corrupted = guard.corrupted;
	i = guard.corrupted == EFIVMAP_GUARD_REG_SP ? EFIVMAP_GUARD_NSAVED - 1 :
	    guard.corrupted >= 18 && guard.corrupted <= 29 ?
	    guard.corrupted - 18 : 0;
	f->before = guard.saved[i];
	f->after = guard.after[i];
	return r;
}

bool guarded_fixup(struct efivmap_guard_frame *frame)
{
	return efivmap_guard_fixup(&guard, frame);
}

void guarded_announce(void)
{
	out_printf("runtime calls: guarded (efivmap_guard_call, private stack "
		   "0x%lx-0x%lx, faults fixed up by the stub's vectors)\n",
		   (uint64_t)(uintptr_t)guard_stack,
		   (uint64_t)(uintptr_t)(guard_stack + sizeof(guard_stack)) - 1);
}

static void report_corrupt(const struct guarded_fault *f)
{
	char reg[8] = "SP";

	if (f->corrupted != EFIVMAP_GUARD_REG_SP) {
		reg[0] = 'x';
		reg[1] = (char)('0' + f->corrupted / 10);
		reg[2] = (char)('0' + f->corrupted % 10);
		reg[3] = 0;
	}
	out_printf("EFIVMAP-FAULT: ESR=0x0 FAR=0x0 ELR=0x0 desc=none no "
		   "exception: %s returned with %s corrupted (0x%lx before, "
		   "0x%lx after)\n", f->call, reg, f->before, f->after);
}

void guarded_report(const struct guarded_fault *f,
		    const struct efivmap_mmap *map)
{
	struct efivmap_guard_diag d;
	char cause[200];

	out_printf("guard: %s: %s\n", f->call, efivmap_strerror(f->err));
	if (f->err == -EFIVMAP_ERR_FW_CORRUPT) {
		report_corrupt(f);
		return;
	}
	if (efivmap_guard_diagnose(map, f->esr, f->far, f->elr, &d) != 0)
		return;
	efivmap_guard_diag_format(&d, f->far, f->elr, cause, sizeof(cause));
	out_printf("EFIVMAP-FAULT: ESR=0x%lx FAR=0x%lx ELR=0x%lx desc=",
		   f->esr, f->far, f->elr);
	if (d.far_valid && d.far_desc != EFIVMAP_GUARD_NO_DESC)
		out_printf("%lu", (unsigned long)d.far_desc);
	else
		out_printf("none");
	out_printf(" %s (in %s)\n", cause, f->call);
}
