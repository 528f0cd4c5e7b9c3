// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* A text dump of the tables, one line per table descriptor and leaf. */
#include "pt_internal.h"

static const char *const mt_name[8] = {
	"DEV-nGnRnE", "DEV-nGnRE", "NC", "WT", "WB", "?", "?", "?",
};

static void out_addr(struct efivmap__out *o, uint64_t a)
{
	efivmap__out_str(o, "0x");
	efivmap__out_hex(o, a, 12);
}

int efivmap_pt_dump(const struct efivmap_pt *pt, efivmap_pt_sink_fn sink,
		    void *ctx)
{
	struct efivmap__pt_cursor c;
	struct efivmap_pt_leaf l;
	struct efivmap__out o;
	char line[96];
	unsigned i;
	int r;

	if (!pt || !sink)
		return -EFIVMAP_ERR_INVAL;
	efivmap__pt_cursor_init(&c, pt);
	while ((r = efivmap__pt_cursor_next(&c, &l)) > 0) {
		efivmap__out_init(&o, line, sizeof(line));
		for (i = pt->start_level; i < l.level; i++)
			efivmap__out_str(&o, "  ");
		efivmap__out_char(&o, 'L');
		efivmap__out_dec(&o, l.level);
		efivmap__out_char(&o, ' ');
		out_addr(&o, l.va);
		efivmap__out_char(&o, '-');
		out_addr(&o, l.va + l.size - 1);
		if (r == EFIVMAP__PT_ITEM_TABLE) {
			efivmap__out_str(&o, " table ");
			out_addr(&o, l.pa);
		} else {
			efivmap__out_str(&o, " -> ");
			out_addr(&o, l.pa);
			efivmap__out_char(&o, ' ');
			efivmap__out_str(&o,
				mt_name[l.attrs & EFIVMAP_PT_ATTR_MT_MASK]);
			efivmap__out_str(&o, " R");
			efivmap__out_char(&o, l.attrs & EFIVMAP_PT_ATTR_W ?
					  'W' : '-');
			efivmap__out_char(&o, l.attrs & EFIVMAP_PT_ATTR_X ?
					  'X' : '-');
			if (l.attrs & EFIVMAP_PT_ATTR_GP)
				efivmap__out_str(&o, " G");
			if (l.contig)
				efivmap__out_str(&o, " C");
		}
		efivmap__out_end(&o);
		sink(ctx, line);
	}
	return r;
}
