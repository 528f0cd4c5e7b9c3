/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Leaf invariants every table set must keep, read from the raw
 * descriptors rather than from the library's own decoding: shared by the
 * table fuzzers and the property test.
 */
#ifndef EFIVMAP_PT_CHECK_H
#define EFIVMAP_PT_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "efivmap/pt.h"

/* VMSAv8-64 stage 1 block/page descriptor bits. */
#define PTC_VALID  (UINT64_C(1) << 0)
#define PTC_AP_EL0 (UINT64_C(1) << 6)   /* AP[1]: EL0 access */
#define PTC_AF     (UINT64_C(1) << 10)
#define PTC_NG     (UINT64_C(1) << 11)
#define PTC_CONT   (UINT64_C(1) << 52)
#define PTC_PXN    (UINT64_C(1) << 53)
#define PTC_UXN    (UINT64_C(1) << 54)
#define PTC_AP_RO  (UINT64_C(1) << 7)   /* AP[2] */

struct ptc {
	uint32_t regime;        /* EFIVMAP_PT_REGIME_*; 0 (EL1&0) if zeroed */
	uint64_t next_va;       /* leaves come in ascending VA order */
	uint64_t leaves;
	uint64_t bytes;
	uint64_t wx_bytes;      /* writable and executable */
	const char *bad;        /* first broken invariant, or NULL */
	uint64_t bad_va;
};

/* Is the memory type of @attrs a device type? */
static inline bool ptc_device(uint32_t attrs)
{
	uint32_t mt = attrs & EFIVMAP_PT_ATTR_MT_MASK;

	return mt == EFIVMAP_PT_MT_DEVICE_NGNRNE ||
	       mt == EFIVMAP_PT_MT_DEVICE_NGNRE;
}

static inline int ptc_fail(struct ptc *c, const char *why, uint64_t va)
{
	if (!c->bad) {
		c->bad = why;
		c->bad_va = va;
	}
	return 1;
}

/* The bit that keeps the tables' own level from executing. */
static inline uint64_t ptc_xn(const struct ptc *c)
{
	return c->regime == EFIVMAP_PT_REGIME_EL2 ? PTC_UXN : PTC_PXN;
}

/* An efivmap_pt_leaf_fn; ctx is a zeroed struct ptc (regime set). */
static inline int ptc_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct ptc *c = ctx;
	uint64_t d = l->desc;

	if (!(d & PTC_VALID))
		return ptc_fail(c, "leaf not valid", l->va);
	if (!(d & PTC_AF))
		return ptc_fail(c, "AF clear", l->va);
	/* EL2 has one VA range, no ASIDs and no EL0: AP[1] RES1, nG RES0,
	 * bit 54 the only execute-never bit and bit 53 RES0. */
	if (c->regime == EFIVMAP_PT_REGIME_EL2) {
		if ((d & PTC_NG) || !(d & PTC_AP_EL0) || (d & PTC_PXN))
			return ptc_fail(c, "EL2 RES0/RES1 bits wrong", l->va);
	} else {
		if (!(d & PTC_NG))
			return ptc_fail(c, "nG clear", l->va);
		if (d & PTC_AP_EL0)
			return ptc_fail(c, "EL0 can access", l->va);
		if (!(d & PTC_UXN))
			return ptc_fail(c, "EL0 can execute", l->va);
	}
	if (!l->size || (l->size & (l->size - 1)) ||
	    (l->va & (l->size - 1)) || (l->pa & (l->size - 1)))
		return ptc_fail(c, "leaf size or alignment", l->va);
	if (c->leaves && l->va < c->next_va)
		return ptc_fail(c, "leaves out of order or overlapping", l->va);
	/* The decoded attributes must say what the bits say. */
	if (!(l->attrs & EFIVMAP_PT_ATTR_X) != !!(d & ptc_xn(c)))
		return ptc_fail(c, "X decodes wrongly", l->va);
	if (!(l->attrs & EFIVMAP_PT_ATTR_W) != !!(d & PTC_AP_RO))
		return ptc_fail(c, "W decodes wrongly", l->va);
	if (ptc_device(l->attrs) && !(d & ptc_xn(c)))
		return ptc_fail(c, "device memory executable", l->va);
	if ((l->attrs & EFIVMAP_PT_ATTR_GP) && !(l->attrs & EFIVMAP_PT_ATTR_X))
		return ptc_fail(c, "guarded but not executable", l->va);
	if (l->contig != !!(d & PTC_CONT))
		return ptc_fail(c, "contiguous flag decodes wrongly", l->va);
	if ((l->attrs & EFIVMAP_PT_ATTR_W) && (l->attrs & EFIVMAP_PT_ATTR_X))
		c->wx_bytes += l->size;
	c->next_va = l->va + l->size;
	c->leaves++;
	c->bytes += l->size;
	return 0;
}

#endif
