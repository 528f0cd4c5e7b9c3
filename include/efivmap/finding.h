/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Validation findings: what a map, a MAT or a dump got wrong that the
 * library tolerated, and how it repaired it.
 *
 * Where Linux keeps runtime services, so does libefivmap: a defect that
 * mapping can live with is tolerated and reported here; only what would
 * make mapping unsafe stays an error. A caller that wants every defect
 * refused sets EFIVMAP_FINDINGS_STRICT, and the first finding is then
 * returned as the error the library gave before it tolerated anything.
 *
 * Findings reach the caller through a sink, a caller-sized list, or both;
 * nothing is allocated. Repairs never change the map handed to
 * SetVirtualAddressMap or to the next kernel beyond what Linux would
 * hand over: they change only how the library itself reads and maps it.
 */
#ifndef EFIVMAP_FINDING_H
#define EFIVMAP_FINDING_H

#include "env.h"
#include "error.h"

/* What was found. Values are stable; names from efivmap_finding_name(). */
enum efivmap_finding_class {
	EFIVMAP_FIND_START_UNALIGNED = 1,  /* PhysicalStart not 4 KiB aligned */
	EFIVMAP_FIND_END_UNALIGNED,        /* a dump's end not on 4 KiB */
	EFIVMAP_FIND_ZERO_PAGES,           /* NumberOfPages is 0 */
	EFIVMAP_FIND_OVERLAP_RT_OTHER,     /* a runtime and another region */
	EFIVMAP_FIND_OVERLAP_OTHER,        /* two non-runtime regions */
	EFIVMAP_FIND_OVERLAP_RT,           /* two runtime regions */
	EFIVMAP_FIND_DUPLICATE,            /* a descriptor repeated exactly */
	EFIVMAP_FIND_UNKNOWN_TYPE,         /* a type UEFI does not define */
	EFIVMAP_FIND_OEM_TYPE,             /* 0x70000000..0x7fffffff */
	EFIVMAP_FIND_OS_TYPE,              /* 0x80000000..0xffffffff */
	EFIVMAP_FIND_RT_NO_CACHEABILITY,   /* runtime, no UC/WC/WT/WB bit */
	EFIVMAP_FIND_UNDEFINED_ATTR,       /* attribute bits UEFI reserves */
	EFIVMAP_FIND_BEYOND_PA,            /* ends above 2^pa_bits */
	EFIVMAP_FIND_DESC_VERSION,         /* descriptor version not 1 */
	EFIVMAP_FIND_UNSORTED,             /* not in PhysicalStart order */
	EFIVMAP_FIND_RT_INFERRED,          /* no attributes: RUNTIME by type */
	EFIVMAP_FIND_MAP_REPEATED,         /* a log printed the map twice */
	EFIVMAP_FIND_MAT_ENTRY,            /* a MAT entry ignored */
	EFIVMAP_FIND_MAT_OVERRUN,          /* MAT longer than its buffer */
	EFIVMAP_FIND_MAX
};

/* What the library did about it. */
enum efivmap_repair {
	EFIVMAP_REPAIR_NONE = 0,        /* nothing needed: reported only */
	EFIVMAP_REPAIR_ROUNDED_OUT,     /* mapped the enclosing 4 KiB pages */
	EFIVMAP_REPAIR_SKIPPED,         /* maps nothing; left out */
	EFIVMAP_REPAIR_UNION,           /* one mapping for both, permissions joined */
	EFIVMAP_REPAIR_SORTED,          /* looked up in address order */
	EFIVMAP_REPAIR_DEVICE,          /* mapped as device memory, never executed */
	EFIVMAP_REPAIR_INFERRED,        /* attribute taken from the type */
	EFIVMAP_REPAIR_FIRST_COPY,      /* the first printed copy was used */
	EFIVMAP_REPAIR_TRUNCATED,       /* read up to what the buffer holds */
	EFIVMAP_REPAIR_NONCACHEABLE,    /* mapped Normal non-cacheable */
	EFIVMAP_REPAIR_MAX
};

struct efivmap_finding {
	uint32_t cls;      /* enum efivmap_finding_class */
	uint32_t repair;   /* enum efivmap_repair */
	uint32_t index;    /* the descriptor (or entry); EFIVMAP_DIAG_NONE */
	uint32_t line;     /* 1-based line of a dump; EFIVMAP_DIAG_NONE */
	uint64_t addr;     /* PhysicalStart, or the address at fault */
	uint32_t other;    /* the other descriptor of a pair, or NONE */
	int err;           /* the error strict mode returns for it; 0 for a
			    * defect the library never refused, which strict
			    * mode records like the tolerant one */
};

typedef void (*efivmap_finding_fn)(void *ctx, const struct efivmap_finding *f);

/* Refuse every finding, as the library did before it tolerated any. */
#define EFIVMAP_FINDINGS_STRICT 0x1u

/*
 * Where findings go: to @sink as they are made, and into @list up to
 * @cap entries (either may be absent). @count counts them all, also past
 * @cap; the caller zeroes it before a call (efivmap_findings_init()).
 */
struct efivmap_findings {
	uint32_t flags;
	efivmap_finding_fn sink;
	void *ctx;
	struct efivmap_finding *list;
	size_t cap;
	size_t count;
};

/* An empty set of findings with an optional list; no sink, tolerant. */
void efivmap_findings_init(struct efivmap_findings *f,
			   struct efivmap_finding *list, size_t cap);

/* Stable short names, as the CLI's JSON prints them; "unknown" else. */
const char *efivmap_finding_name(uint32_t cls);
const char *efivmap_repair_name(uint32_t repair);

#endif /* EFIVMAP_FINDING_H */
