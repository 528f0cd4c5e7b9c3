/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Errors. Every function returns int: 0 (or a count) on success and a
 * negative -EFIVMAP_ERR_* on failure. Codes are grouped by cause so a caller
 * can act on them: NOSPACE means "grow the buffer and call again", the MAP_*
 * group means the firmware's memory map is bad, and so on.
 *
 * Where an error has a place (a descriptor index, a text line, an address),
 * the function also fills an optional struct efivmap_diag. A function that
 * fails leaves its other outputs untouched.
 */
#ifndef EFIVMAP_ERROR_H
#define EFIVMAP_ERROR_H

#include "env.h"

enum efivmap_err {
	EFIVMAP_OK = 0,
	/* Caller mistakes */
	EFIVMAP_ERR_INVAL = 1,       /* NULL pointer or bad configuration value */
	EFIVMAP_ERR_NOSPACE,         /* caller buffer too small; grow and retry */
	/* Memory map */
	EFIVMAP_ERR_DESC_SIZE,       /* desc_size < 40 or not a multiple of 8 */
	EFIVMAP_ERR_MAP_SIZE,        /* map_size not a multiple of desc_size */
	EFIVMAP_ERR_VERSION,         /* unsupported descriptor version */
	EFIVMAP_ERR_ZERO_PAGES,      /* descriptor with NumberOfPages == 0 */
	EFIVMAP_ERR_ALIGN,           /* address not aligned as required */
	EFIVMAP_ERR_OVERFLOW,        /* address + size wraps past 2^64 */
	EFIVMAP_ERR_OVERLAP,         /* two descriptors claim the same bytes */
	EFIVMAP_ERR_NOTFOUND,        /* no descriptor / entry matches */
	/* Dump readers */
	EFIVMAP_ERR_SYNTAX,          /* malformed descriptor line */
	EFIVMAP_ERR_FORMAT,          /* no known dump format recognised */
	EFIVMAP_ERR_RANGE,           /* end below start, or not whole pages */
	/* Layout */
	EFIVMAP_ERR_WINDOW,          /* layout does not fit the VA window */
	EFIVMAP_ERR_VA_BITS,         /* address beyond the VA (or PA) size */
	EFIVMAP_ERR_NO_VA,           /* runtime descriptor without a VA */
	EFIVMAP_ERR_RT_UNAVAILABLE,  /* VirtualStart is U64_MAX: SVAM failed */
	EFIVMAP_ERR_VA_MISMATCH,     /* VA not congruent to PA modulo 64 KiB */
	EFIVMAP_ERR_VA_OVERLAP,      /* two physical ranges share a VA range */
	/* Firmware sequence */
	EFIVMAP_ERR_FIRMWARE,        /* a firmware call failed; diag.addr has the EFI status */
	EFIVMAP_ERR_MAP_GREW,        /* map outgrew the slack after ExitBootServices */
	EFIVMAP_ERR_RETRIES,         /* ExitBootServices kept failing */
	EFIVMAP_ERR_SVAM,            /* SetVirtualAddressMap failed; VAs set to U64_MAX */
	/* Translation tables */
	EFIVMAP_ERR_POOL,            /* table pool exhausted; the count needed is reported */
	EFIVMAP_ERR_CONFLICT,        /* VA already mapped differently */
	EFIVMAP_ERR_ATTR,            /* attributes that cannot share one page */
	EFIVMAP_ERR_MAT,             /* unusable Memory Attributes Table */
	EFIVMAP_ERR_VERIFY,          /* tables do not map exactly what was asked */
	/* FDT */
	EFIVMAP_ERR_FDT,             /* corrupt or unusable device tree */
	EFIVMAP_ERR_FDT_NOPROP,      /* a required property is missing */
	EFIVMAP_ERR_FDT_BADLEN,      /* a property has the wrong length */
	EFIVMAP_ERR_UNSUPPORTED,     /* valid, but not something this build handles */
	/* Guarded firmware calls */
	EFIVMAP_ERR_FW_FAULT,        /* firmware took a synchronous exception */
	EFIVMAP_ERR_FW_CORRUPT,      /* firmware returned with a register corrupted */
	EFIVMAP_ERR_MAX
};

/* Marks an unused index/line field in struct efivmap_diag. */
#define EFIVMAP_DIAG_NONE UINT32_MAX

/*
 * Where and why an operation failed. All fields are set together on failure
 * and left alone on success. 'what' points to a static string.
 */
struct efivmap_diag {
	int err;            /* the negative code that was returned */
	const char *what;   /* short reason, e.g. "PhysicalStart not 4 KiB aligned" */
	uint32_t index;     /* descriptor or table-entry index, or EFIVMAP_DIAG_NONE */
	uint32_t line;      /* 1-based text line, or EFIVMAP_DIAG_NONE */
	uint64_t addr;      /* the address or value at fault (0 when none) */
};

/**
 * efivmap_strerror - describe an error code
 * @err: a value returned by any libefivmap function (sign ignored)
 *
 * returns: a static string; "unknown error" for codes out of range.
 */
const char *efivmap_strerror(int err);

/**
 * efivmap_diag_format - render a diagnostic as one line of text
 * @diag: filled by a failing call
 * @buf: output, always NUL-terminated when @size > 0
 * @size: bytes available in @buf
 *
 * Produces e.g. "descriptor 5 at 0x80001000: PhysicalStart not 4 KiB aligned
 * (misaligned address)". Output longer than @buf is truncated.
 *
 * returns: the length the full text needs, without the NUL (like snprintf).
 */
size_t efivmap_diag_format(const struct efivmap_diag *diag, char *buf,
			   size_t size);

#endif /* EFIVMAP_ERROR_H */
