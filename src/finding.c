// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Validation findings: names, and recording one (see efivmap/finding.h). */
#include "internal.h"
#include "efivmap/finding.h"

static const char *const class_names[EFIVMAP_FIND_MAX] = {
	[EFIVMAP_FIND_START_UNALIGNED] = "start-unaligned",
	[EFIVMAP_FIND_END_UNALIGNED] = "end-unaligned",
	[EFIVMAP_FIND_ZERO_PAGES] = "zero-pages",
	[EFIVMAP_FIND_OVERLAP_RT_OTHER] = "overlap-runtime-other",
	[EFIVMAP_FIND_OVERLAP_OTHER] = "overlap-other",
	[EFIVMAP_FIND_OVERLAP_RT] = "overlap-runtime",
	[EFIVMAP_FIND_DUPLICATE] = "duplicate",
	[EFIVMAP_FIND_UNKNOWN_TYPE] = "unknown-type",
	[EFIVMAP_FIND_OEM_TYPE] = "oem-type",
	[EFIVMAP_FIND_OS_TYPE] = "os-type",
	[EFIVMAP_FIND_RT_NO_CACHEABILITY] = "runtime-no-cacheability",
	[EFIVMAP_FIND_UNDEFINED_ATTR] = "undefined-attribute-bits",
	[EFIVMAP_FIND_BEYOND_PA] = "beyond-pa-size",
	[EFIVMAP_FIND_DESC_VERSION] = "descriptor-version",
	[EFIVMAP_FIND_UNSORTED] = "unsorted",
	[EFIVMAP_FIND_RT_INFERRED] = "runtime-inferred",
	[EFIVMAP_FIND_MAP_REPEATED] = "map-repeated",
	[EFIVMAP_FIND_MAT_ENTRY] = "mat-entry-ignored",
	[EFIVMAP_FIND_MAT_OVERRUN] = "mat-overrun",
};

static const char *const repair_names[EFIVMAP_REPAIR_MAX] = {
	[EFIVMAP_REPAIR_NONE] = "none",
	[EFIVMAP_REPAIR_ROUNDED_OUT] = "rounded-out",
	[EFIVMAP_REPAIR_SKIPPED] = "skipped",
	[EFIVMAP_REPAIR_UNION] = "union",
	[EFIVMAP_REPAIR_SORTED] = "sorted",
	[EFIVMAP_REPAIR_DEVICE] = "device",
	[EFIVMAP_REPAIR_INFERRED] = "inferred",
	[EFIVMAP_REPAIR_FIRST_COPY] = "first-copy",
	[EFIVMAP_REPAIR_TRUNCATED] = "truncated",
	[EFIVMAP_REPAIR_NONCACHEABLE] = "non-cacheable",
};

void efivmap_findings_init(struct efivmap_findings *f,
			   struct efivmap_finding *list, size_t cap)
{
	if (!f)
		return;
	efivmap__zero(f, sizeof(*f));
	f->list = list;
	f->cap = list ? cap : 0;
}

const char *efivmap_finding_name(uint32_t cls)
{
	return cls < EFIVMAP_FIND_MAX && class_names[cls] ? class_names[cls] :
	       "unknown";
}

const char *efivmap_repair_name(uint32_t repair)
{
	return repair < EFIVMAP_REPAIR_MAX ? repair_names[repair] : "unknown";
}

int efivmap__finding(struct efivmap_findings *f,
		     const struct efivmap_finding *x, const char *what,
		     struct efivmap_diag *diag)
{
	/* err 0: a defect the library never refused, so strict records it */
	if (f && (f->flags & EFIVMAP_FINDINGS_STRICT) && x->err)
		return efivmap__fail(diag, -x->err, what, x->index, x->line,
				     x->addr);
	if (!f)
		return 0;
	if (f->list && f->count < f->cap)
		efivmap__copy(&f->list[f->count], x, sizeof(*x));
	f->count++;
	if (f->sink)
		f->sink(f->ctx, x);
	return 0;
}
