// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* A text dump of the tables, one line per table descriptor and leaf. */
#include "pt_internal.h"

static const char *const mt_name[8] = {
	"DEV-nGnRnE", "DEV-nGnRE", "NC", "WT", "WB", "?", "?", "?",
};

int efivmap_pt_dump(const struct efivmap_pt *pt, efivmap_pt_sink_fn sink,
		    void *ctx)
{
	struct efivmap__pt_cursor c;
	struct efivmap_pt_leaf l;
	struct efivmap__out o;
	char line[96], s[6];
	unsigned i;
	int r;

	if (!pt || !sink)
		return -EFIVMAP_ERR_INVAL;
	efivmap__pt_cursor_init(&c, pt);
	while ((r = efivmap__pt_cursor_next(&c, &l)) > 0) {
		efivmap__out_init(&o, line, sizeof(line));
		for (i = pt->start_level; i < l.level; i++)
			efivmap__out_str(&o, "  ");
		s[0] = 'L';
		s[1] = (char)('0' + l.level);
		s[2] = ' ';
		s[3] = '0';
		s[4] = 'x';
		s[5] = 0;
		efivmap__out_str(&o, s);
		efivmap__out_hex(&o, l.va, 12);
		efivmap__out_str(&o, "-0x");
		efivmap__out_hex(&o, l.va + l.size - 1, 12);
		efivmap__out_str(&o, r == EFIVMAP__PT_ITEM_TABLE ? " table 0x" :
				 " -> 0x");
		efivmap__out_hex(&o, l.pa, 12);
		if (r == EFIVMAP__PT_ITEM_LEAF) {
			efivmap__out_char(&o, ' ');
			efivmap__out_str(&o,
				mt_name[l.attrs & EFIVMAP_PT_ATTR_MT_MASK]);
			s[0] = ' ';
			s[1] = 'R';
			s[2] = l.attrs & EFIVMAP_PT_ATTR_W ? 'W' : '-';
			s[3] = l.attrs & EFIVMAP_PT_ATTR_X ? 'X' : '-';
			s[4] = 0;
			efivmap__out_str(&o, s);
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
