// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Tokens, numbers and verdicts the dump formats' line parsers share.
 */
#include "text_internal.h"

/*
 * Attribute words of every producer in one table: Linux's columns, U-Boot's
 * '|'-joined words and FreeBSD's blank-separated ones. U-Boot prints XP as
 * "WP" (a long-standing typo in efidebug), so "WP" there may mean either;
 * it is read as WP, the only reading the text supports.
 */
static const struct efivmap__named attr_words[] = {
	{ "UC", EFIVMAP_EFI_MEMORY_UC },
	{ "WC", EFIVMAP_EFI_MEMORY_WC },
	{ "WT", EFIVMAP_EFI_MEMORY_WT },
	{ "WB", EFIVMAP_EFI_MEMORY_WB },
	{ "UCE", EFIVMAP_EFI_MEMORY_UCE },
	{ "WP", EFIVMAP_EFI_MEMORY_WP },
	{ "RP", EFIVMAP_EFI_MEMORY_RP },
	{ "XP", EFIVMAP_EFI_MEMORY_XP },
	{ "NV", EFIVMAP_EFI_MEMORY_NV },
	{ "MR", EFIVMAP_EFI_MEMORY_MORE_RELIABLE },
	{ "REL", EFIVMAP_EFI_MEMORY_MORE_RELIABLE },
	{ "MORE_RELIABLE", EFIVMAP_EFI_MEMORY_MORE_RELIABLE },
	{ "RO", EFIVMAP_EFI_MEMORY_RO },
	{ "SP", EFIVMAP_EFI_MEMORY_SP },
	{ "CC", EFIVMAP_EFI_MEMORY_CPU_CRYPTO },
	{ "CPU_CRYPTO", EFIVMAP_EFI_MEMORY_CPU_CRYPTO },
	{ "HP", EFIVMAP_EFI_MEMORY_HOT_PLUGGABLE },
	{ "HOT_PLUGGABLE", EFIVMAP_EFI_MEMORY_HOT_PLUGGABLE },
	{ "RUN", EFIVMAP_EFI_MEMORY_RUNTIME },
	{ "RT", EFIVMAP_EFI_MEMORY_RUNTIME },
	{ "RUNTIME", EFIVMAP_EFI_MEMORY_RUNTIME },
};

/* ---- tokens ---- */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = efivmap__lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool efivmap__eat_ci(struct efivmap__span *s, const char *w)
{
	const char *p = s->p;

	for (; *w; w++, p++)
		if (p >= s->e || efivmap__lower(*p) != efivmap__lower(*w))
			return false;
	s->p = p;
	return true;
}

const char *efivmap__token_end(const char *p, const char *e)
{
	while (p < e && !efivmap__is_blank(*p))
		p++;
	return p;
}

bool efivmap__name_eq(const char *f, const char *fe, const char *name)
{
	while (f < fe && *name) {
		if (efivmap__is_blank(*f)) {
			if (*name != ' ')
				return false;
			while (f < fe && efivmap__is_blank(*f))
				f++;
			name++;
			continue;
		}
		if (efivmap__lower(*f) != efivmap__lower(*name))
			return false;
		f++;
		name++;
	}
	return f == fe && !*name;
}

bool efivmap__lookup(const struct efivmap__named *t, size_t n, const char *f,
		     const char *fe, uint64_t *value)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (efivmap__name_eq(f, fe, t[i].name)) {
			*value = t[i].value;
			return true;
		}
	}
	return false;
}

bool efivmap__attr_word(const char *f, const char *fe, uint64_t *value)
{
	return efivmap__lookup(attr_words, EFIVMAP_ARRAY_SIZE(attr_words), f,
			       fe, value);
}

void efivmap__trim(const char **f, const char **fe)
{
	while (*f < *fe && efivmap__is_blank(**f))
		(*f)++;
	while (*fe > *f && efivmap__is_blank((*fe)[-1]))
		(*fe)--;
}

/* ---- numbers ---- */

enum efivmap__num efivmap__hex_num(struct efivmap__span *s, bool prefix,
				   uint64_t *v, size_t *digits)
{
	const char *p = s->p;
	uint64_t x = 0;
	bool big = false;
	int d;

	if (prefix && efivmap__at_0x(s) && s->e - s->p > 2 &&
	    hex_digit(s->p[2]) >= 0)
		p += 2;
	if (p >= s->e || hex_digit(*p) < 0)
		return EFIVMAP__NUM_NONE;
	if (digits)
		*digits = 0;
	for (; p < s->e && (d = hex_digit(*p)) >= 0; p++) {
		if (x >> 60)
			big = true;
		x = (x << 4) | (uint64_t)d;
		if (digits)
			(*digits)++;
	}
	s->p = p;
	*v = x;
	return big ? EFIVMAP__NUM_BIG : EFIVMAP__NUM_OK;
}

enum efivmap__num efivmap__dec_num(struct efivmap__span *s, uint64_t *v)
{
	const char *p = s->p;
	uint64_t x = 0;
	bool big = false;

	if (p >= s->e || *p < '0' || *p > '9')
		return EFIVMAP__NUM_NONE;
	for (; p < s->e && *p >= '0' && *p <= '9'; p++) {
		uint64_t d = (uint64_t)(*p - '0');

		if (x > (UINT64_MAX - d) / 10)
			big = true;
		x = x * 10 + d;
	}
	s->p = p;
	*v = x;
	return big ? EFIVMAP__NUM_BIG : EFIVMAP__NUM_OK;
}

enum efivmap__num efivmap__type_num(struct efivmap__span *s, uint64_t *v)
{
	if (efivmap__at_0x(s))
		return efivmap__hex_num(s, true, v, NULL);
	return efivmap__dec_num(s, v);
}

/* ---- verdicts ---- */

enum efivmap__line_kind efivmap__syntax(struct efivmap__line *o,
					const char *why)
{
	o->why = why;
	return EFIVMAP__LINE_SYNTAX;
}

enum efivmap__line_kind efivmap__need(enum efivmap__num r,
				      struct efivmap__line *o,
				      const char *missing)
{
	if (r == EFIVMAP__NUM_OK)
		return EFIVMAP__LINE_DESC;
	return efivmap__syntax(o, r == EFIVMAP__NUM_BIG ?
			       "number does not fit in 64 bits" : missing);
}

enum efivmap__line_kind efivmap__finish(struct efivmap__span *s,
					struct efivmap__line *o)
{
	efivmap__skip_blanks(s);
	if (!efivmap__at_end(s))
		return efivmap__syntax(o,
				       "unexpected text after the descriptor");
	return EFIVMAP__LINE_DESC;
}

enum efivmap__line_kind efivmap__set_range(struct efivmap__line *o,
					   uint64_t start, uint64_t end,
					   bool inclusive,
					   const struct efivmap__conv *c)
{
	uint64_t bytes;

	o->d.phys_start = start;
	if (inclusive) {
		if (end < start) {
			o->why = c->below;
			return EFIVMAP__LINE_RANGE;
		}
		/* end - start + 1 would wrap for a full 2^64 range. */
		bytes = end - start;
		if ((bytes & (EFIVMAP_SZ_4K - 1)) != EFIVMAP_SZ_4K - 1) {
			o->why = c->pages;
			return EFIVMAP__LINE_RANGE;
		}
		o->d.num_pages = (bytes >> EFIVMAP_EFI_PAGE_SHIFT) + 1;
	} else {
		if (end <= start) {
			o->why = c->below;
			return EFIVMAP__LINE_RANGE;
		}
		bytes = end - start;
		if (bytes & (EFIVMAP_SZ_4K - 1)) {
			o->why = c->pages;
			return EFIVMAP__LINE_RANGE;
		}
		o->d.num_pages = bytes >> EFIVMAP_EFI_PAGE_SHIFT;
	}
	return EFIVMAP__LINE_DESC;
}

enum efivmap__line_kind efivmap__finish_range(struct efivmap__span *s,
					      struct efivmap__line *o,
					      uint64_t start, uint64_t end,
					      bool inclusive,
					      const struct efivmap__conv *c)
{
	enum efivmap__line_kind k;

	k = efivmap__finish(s, o);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	return efivmap__set_range(o, start, end, inclusive, c);
}

/* ---- columns more than one format prints ---- */

bool efivmap__is_range_token(const char *p, const char *e)
{
	struct efivmap__span s = { p, e };
	uint64_t v;
	size_t n;

	if (efivmap__hex_num(&s, false, &v, &n) == EFIVMAP__NUM_NONE ||
	    n < 8 || !efivmap__eat(&s, '-'))
		return false;
	if (efivmap__hex_num(&s, false, &v, &n) == EFIVMAP__NUM_NONE || n < 8)
		return false;
	return efivmap__token_done(&s);
}

enum efivmap__line_kind efivmap__range_token(struct efivmap__span *s,
					     uint64_t *a, uint64_t *b,
					     struct efivmap__line *o)
{
	enum efivmap__line_kind k;

	k = efivmap__need(efivmap__hex_num(s, false, a, NULL), o,
			  "bad start address");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	efivmap__eat(s, '-');
	return efivmap__need(efivmap__hex_num(s, false, b, NULL), o,
			     "bad end address");
}

enum efivmap__line_kind efivmap__hex_column(struct efivmap__span *s,
					    uint64_t *v,
					    struct efivmap__line *o,
					    const char *missing,
					    const char *bad)
{
	enum efivmap__line_kind k;

	efivmap__skip_blanks(s);
	k = efivmap__need(efivmap__hex_num(s, false, v, NULL), o, missing);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	if (!efivmap__token_done(s))
		return efivmap__syntax(o, bad);
	return EFIVMAP__LINE_DESC;
}

enum efivmap__line_kind efivmap__attr_list(struct efivmap__span *s,
					   struct efivmap__line *o)
{
	uint64_t v;

	for (;;) {
		const char *w;

		while (s->p < s->e && (efivmap__is_blank(*s->p) ||
				       *s->p == '|'))
			s->p++;
		if (efivmap__at_end(s))
			return EFIVMAP__LINE_DESC;
		if (efivmap__at_0x(s)) {
			if (efivmap__hex_num(s, true, &v, NULL) !=
			    EFIVMAP__NUM_OK)
				return efivmap__syntax(o,
						       "bad attribute value");
		} else {
			w = s->p;
			while (s->p < s->e && !efivmap__is_blank(*s->p) &&
			       *s->p != '|')
				s->p++;
			if (!efivmap__attr_word(w, s->p, &v))
				return efivmap__syntax(o,
						       "unknown attribute name");
		}
		if (!efivmap__at_end(s) && !efivmap__is_blank(*s->p) &&
		    *s->p != '|')
			return efivmap__syntax(o, "bad attribute value");
		o->d.attribute |= v;
	}
}
