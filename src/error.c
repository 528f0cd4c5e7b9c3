// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Error strings and diagnostic rendering. */
#include "internal.h"

static const char *const messages[EFIVMAP_ERR_MAX] = {
	[EFIVMAP_OK] = "success",
	[EFIVMAP_ERR_INVAL] = "invalid argument",
	[EFIVMAP_ERR_NOSPACE] = "buffer too small",
	[EFIVMAP_ERR_DESC_SIZE] = "bad descriptor size",
	[EFIVMAP_ERR_MAP_SIZE] = "map size not a multiple of descriptor size",
	[EFIVMAP_ERR_VERSION] = "unsupported descriptor version",
	[EFIVMAP_ERR_ZERO_PAGES] = "descriptor with zero pages",
	[EFIVMAP_ERR_ALIGN] = "misaligned address",
	[EFIVMAP_ERR_OVERFLOW] = "address range overflows",
	[EFIVMAP_ERR_OVERLAP] = "overlapping descriptors",
	[EFIVMAP_ERR_NOTFOUND] = "not found",
	[EFIVMAP_ERR_SYNTAX] = "malformed line",
	[EFIVMAP_ERR_FORMAT] = "unrecognised dump format",
	[EFIVMAP_ERR_RANGE] = "bad address range",
	[EFIVMAP_ERR_WINDOW] = "layout does not fit the virtual window",
	[EFIVMAP_ERR_VA_BITS] = "address beyond the address size",
	[EFIVMAP_ERR_NO_VA] = "runtime descriptor has no virtual address",
	[EFIVMAP_ERR_RT_UNAVAILABLE] = "runtime services unavailable (SetVirtualAddressMap failed)",
	[EFIVMAP_ERR_VA_MISMATCH] = "virtual address not congruent to physical modulo 64 KiB",
	[EFIVMAP_ERR_VA_OVERLAP] = "virtual ranges overlap",
	[EFIVMAP_ERR_FIRMWARE] = "firmware call failed",
	[EFIVMAP_ERR_MAP_GREW] = "memory map outgrew its slack after ExitBootServices",
	[EFIVMAP_ERR_RETRIES] = "ExitBootServices kept failing",
	[EFIVMAP_ERR_SVAM] = "SetVirtualAddressMap failed",
	[EFIVMAP_ERR_POOL] = "translation table pool exhausted",
	[EFIVMAP_ERR_CONFLICT] = "virtual address already mapped differently",
	[EFIVMAP_ERR_ATTR] = "incompatible attributes on one page",
	[EFIVMAP_ERR_MAT] = "unusable Memory Attributes Table",
	[EFIVMAP_ERR_VERIFY] = "tables do not match the intended mapping",
	[EFIVMAP_ERR_FDT] = "corrupt or unusable device tree",
	[EFIVMAP_ERR_FDT_NOPROP] = "device tree property missing",
	[EFIVMAP_ERR_FDT_BADLEN] = "device tree property has the wrong length",
	[EFIVMAP_ERR_UNSUPPORTED] = "unsupported",
	[EFIVMAP_ERR_FW_FAULT] = "firmware faulted inside a guarded call",
	[EFIVMAP_ERR_FW_CORRUPT] = "firmware corrupted a register it must preserve",
};

const char *efivmap_strerror(int err)
{
	/* Unsigned negation: INT_MIN from a callback must not overflow. */
	unsigned int e = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;

	if (e >= EFIVMAP_ERR_MAX || !messages[e])
		return "unknown error";
	return messages[e];
}

size_t efivmap_diag_format(const struct efivmap_diag *diag, char *buf,
			   size_t size)
{
	struct efivmap__out o;
	bool where = false;

	efivmap__out_init(&o, buf, size);
	if (diag->line != EFIVMAP_DIAG_NONE) {
		efivmap__out_str(&o, "line ");
		efivmap__out_dec(&o, diag->line);
		where = true;
	}
	if (diag->index != EFIVMAP_DIAG_NONE) {
		efivmap__out_str(&o, where ? ", descriptor " : "descriptor ");
		efivmap__out_dec(&o, diag->index);
		where = true;
	}
	if (diag->addr) {
		efivmap__out_str(&o, where ? " at 0x" : "at 0x");
		efivmap__out_hex(&o, diag->addr, 1);
		where = true;
	}
	if (where)
		efivmap__out_str(&o, ": ");
	efivmap__out_str(&o, diag->what ? diag->what : efivmap_strerror(diag->err));
	if (diag->what) {
		efivmap__out_str(&o, " (");
		efivmap__out_str(&o, efivmap_strerror(diag->err));
		efivmap__out_char(&o, ')');
	}
	return efivmap__out_end(&o);
}

int efivmap__fail(struct efivmap_diag *diag, int err, const char *what,
		  uint32_t index, uint32_t line, uint64_t addr)
{
	if (diag) {
		diag->err = -err;
		diag->what = what;
		diag->index = index;
		diag->line = line;
		diag->addr = addr;
	}
	return -err;
}
