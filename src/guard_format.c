// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* A diagnosed firmware fault as one line, for a boot log. */
#include "internal.h"
#include "efivmap/arch.h"

static const char *const kind_names[] = {
	[EFIVMAP_GUARD_EXC_OTHER] = "exception",
	[EFIVMAP_GUARD_EXC_DATA] = "data abort",
	[EFIVMAP_GUARD_EXC_INSN] = "instruction abort",
	[EFIVMAP_GUARD_EXC_PC_ALIGN] = "PC alignment fault",
	[EFIVMAP_GUARD_EXC_SP_ALIGN] = "SP alignment fault",
	[EFIVMAP_GUARD_EXC_UNKNOWN] = "undefined instruction",
	[EFIVMAP_GUARD_EXC_BRK] = "breakpoint",
};

static const char *const fsc_names[] = {
	[EFIVMAP_GUARD_FSC_NONE] = "",
	[EFIVMAP_GUARD_FSC_ADDR_SIZE] = "address size fault",
	[EFIVMAP_GUARD_FSC_TRANSLATION] = "translation fault",
	[EFIVMAP_GUARD_FSC_ACCESS] = "access flag fault",
	[EFIVMAP_GUARD_FSC_PERMISSION] = "permission fault",
	[EFIVMAP_GUARD_FSC_EXTERNAL] = "synchronous external abort",
	[EFIVMAP_GUARD_FSC_WALK_EXT] = "external abort on a table walk",
	[EFIVMAP_GUARD_FSC_ALIGNMENT] = "alignment fault",
	[EFIVMAP_GUARD_FSC_TLB_CONFLICT] = "TLB conflict abort",
	[EFIVMAP_GUARD_FSC_OTHER] = "fault status",
};

static void where(struct efivmap__out *o, const char *reg, uint64_t va,
		  size_t desc)
{
	efivmap__out_str(o, reg);
	efivmap__out_str(o, " 0x");
	efivmap__out_hex(o, va, 1);
	if (desc == EFIVMAP_GUARD_NO_DESC) {
		efivmap__out_str(o, " in no runtime descriptor");
		return;
	}
	efivmap__out_str(o, " in descriptor ");
	efivmap__out_dec(o, desc);
}

static void status(struct efivmap__out *o, const struct efivmap_guard_diag *d)
{
	efivmap__out_str(o, d->same_el ? ", same EL, " : ", lower EL, ");
	efivmap__out_str(o, d->fsc_class < EFIVMAP_ARRAY_SIZE(fsc_names) ?
			 fsc_names[d->fsc_class] : "fault status");
	if (d->fsc_class == EFIVMAP_GUARD_FSC_OTHER) {
		efivmap__out_str(o, " 0x");
		efivmap__out_hex(o, d->fsc, 2);
	}
	if (d->has_level) {
		efivmap__out_str(o, " level ");
		if (d->level < 0)
			efivmap__out_str(o, "-1");
		else
			efivmap__out_dec(o, (uint64_t)d->level);
	}
	if (d->kind == EFIVMAP_GUARD_EXC_DATA)
		efivmap__out_str(o, d->write ? ", write" : ", read");
}

size_t efivmap_guard_diag_format(const struct efivmap_guard_diag *d,
				 uint64_t far, uint64_t elr, char *buf,
				 size_t size)
{
	struct efivmap__out o;

	efivmap__out_init(&o, buf, size);
	efivmap__out_str(&o, d->kind < EFIVMAP_ARRAY_SIZE(kind_names) ?
			 kind_names[d->kind] : "exception");
	if (d->kind == EFIVMAP_GUARD_EXC_OTHER) {
		efivmap__out_str(&o, " class 0x");
		efivmap__out_hex(&o, d->ec, 2);
	}
	if (d->kind == EFIVMAP_GUARD_EXC_DATA ||
	    d->kind == EFIVMAP_GUARD_EXC_INSN)
		status(&o, d);
	efivmap__out_str(&o, ", ");
	if (d->far_valid) {
		where(&o, "FAR", far, d->far_desc);
		efivmap__out_str(&o, ", ");
	}
	where(&o, "ELR", elr, d->elr_desc);
	return efivmap__out_end(&o);
}
