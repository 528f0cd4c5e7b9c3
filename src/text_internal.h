/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Shared between the dump reader's files. Not installed.
 *
 * Every text format has one line parser that sorts a line into noise, a
 * descriptor, or a line that is plainly a descriptor of the format but is
 * broken (syntax or range). A parser first checks a cheap signature (the
 * shape that makes a line "meant" as a descriptor) and only then gets
 * strict, so log noise is skipped while typos are reported.
 */
#ifndef EFIVMAP_TEXT_INTERNAL_H
#define EFIVMAP_TEXT_INTERNAL_H

#include "internal.h"
#include "efivmap/text.h"

enum efivmap__line_kind {
	EFIVMAP__LINE_NOISE,
	EFIVMAP__LINE_DESC,
	EFIVMAP__LINE_SYNTAX,
	EFIVMAP__LINE_RANGE
};

/* The unread part of one line. */
struct efivmap__span {
	const char *p;
	const char *e;
};

/* What a line parser found. */
struct efivmap__line {
	struct efivmap_efi_desc d;
	const char *why;        /* reason for a SYNTAX or RANGE verdict */
	bool has_virt;
	bool no_attrs;          /* the line has no attribute column at all */
};

struct efivmap__named {
	const char *name;
	uint64_t value;
};

/* What a range error says: the format and its end convention. */
struct efivmap__conv {
	const char *below;
	const char *pages;
};

enum efivmap__num { EFIVMAP__NUM_NONE, EFIVMAP__NUM_OK, EFIVMAP__NUM_BIG };

/* ---- characters (text_lex.c has the tokens and numbers) ---- */

static inline bool efivmap__is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline char efivmap__lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static inline bool efivmap__at_end(const struct efivmap__span *s)
{
	return s->p >= s->e;
}

static inline void efivmap__skip_blanks(struct efivmap__span *s)
{
	while (s->p < s->e && efivmap__is_blank(*s->p))
		s->p++;
}

static inline bool efivmap__eat(struct efivmap__span *s, char c)
{
	if (s->p < s->e && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

static inline bool efivmap__at_0x(const struct efivmap__span *s)
{
	return s->e - s->p >= 2 && s->p[0] == '0' &&
	       efivmap__lower(s->p[1]) == 'x';
}

/* The next token must end here: at a blank or at the end of the line. */
static inline bool efivmap__token_done(const struct efivmap__span *s)
{
	return efivmap__at_end(s) || efivmap__is_blank(*s->p);
}

/* ---- tokens and numbers: text_lex.c ---- */

/* Consume @w when the line continues with it, ignoring case. */
bool efivmap__eat_ci(struct efivmap__span *s, const char *w);
/* End of the blank-delimited token starting at @p. */
const char *efivmap__token_end(const char *p, const char *e);
/* Does [@f, @fe) spell @name, ignoring case, any blank run as one space? */
bool efivmap__name_eq(const char *f, const char *fe, const char *name);
bool efivmap__lookup(const struct efivmap__named *t, size_t n, const char *f,
		     const char *fe, uint64_t *value);
/* An attribute word of any producer ("WB", "RUNTIME", "XP", ...). */
bool efivmap__attr_word(const char *f, const char *fe, uint64_t *value);
void efivmap__trim(const char **f, const char **fe);
/*
 * A hex number, with an optional "0x" when @prefix. @digits (optional)
 * receives the digit count so callers can demand a printed width.
 */
enum efivmap__num efivmap__hex_num(struct efivmap__span *s, bool prefix,
				   uint64_t *v, size_t *digits);
enum efivmap__num efivmap__dec_num(struct efivmap__span *s, uint64_t *v);
/* A type number as decimal, or hex with "0x". */
enum efivmap__num efivmap__type_num(struct efivmap__span *s, uint64_t *v);

/* ---- verdicts shared by the line parsers: text_lex.c ---- */

enum efivmap__line_kind efivmap__syntax(struct efivmap__line *o,
					const char *why);
/* Parse one number that must be there; a missing one is a syntax error. */
enum efivmap__line_kind efivmap__need(enum efivmap__num r,
				      struct efivmap__line *o,
				      const char *missing);
/* Nothing but blanks may follow the descriptor. */
enum efivmap__line_kind efivmap__finish(struct efivmap__span *s,
					struct efivmap__line *o);
/* Fill phys_start and num_pages from a start/end pair, checking the size. */
enum efivmap__line_kind efivmap__set_range(struct efivmap__line *o,
					   uint64_t start, uint64_t end,
					   bool inclusive,
					   const struct efivmap__conv *c);
/* finish(), then set_range(): the end of a line that printed a range. */
enum efivmap__line_kind efivmap__finish_range(struct efivmap__span *s,
					      struct efivmap__line *o,
					      uint64_t start, uint64_t end,
					      bool inclusive,
					      const struct efivmap__conv *c);
/*
 * "HEX-HEX" with at least 8 digits a side and nothing glued after it:
 * the range column of the Shell, U-Boot and Xen (which print 8 to 16).
 */
bool efivmap__is_range_token(const char *p, const char *e);
enum efivmap__line_kind efivmap__range_token(struct efivmap__span *s,
					     uint64_t *a, uint64_t *b,
					     struct efivmap__line *o);
/*
 * A hex column (no "0x") after blanks, which must be there and end at a
 * blank or the end of the line.
 */
enum efivmap__line_kind efivmap__hex_column(struct efivmap__span *s,
					    uint64_t *v,
					    struct efivmap__line *o,
					    const char *missing,
					    const char *bad);
/*
 * Attribute words up to the end of the line, separated by blanks (FreeBSD)
 * or '|' (U-Boot). "0x..." adds raw bits, for values no word names.
 */
enum efivmap__line_kind efivmap__attr_list(struct efivmap__span *s,
					   struct efivmap__line *o);

/* ---- one line parser per format ---- */

/* text_linux.c: @want picks x86's or the old shape; 0 takes either. */
enum efivmap__line_kind efivmap__parse_linux_arm64(struct efivmap__span s,
						   struct efivmap__line *o);
enum efivmap__line_kind efivmap__parse_linux_mem(struct efivmap__span s,
						 struct efivmap__line *o,
						 uint32_t want);
/*
 * Step over Linux's "efi: memattr:" tag (and the '!' it puts before an
 * entry it refuses): such a line is a Memory Attributes Table entry, not
 * a map descriptor. False, @s untouched, when the line has no such tag.
 */
bool efivmap__memattr_tag(struct efivmap__span *s);
/* text_firmware.c */
enum efivmap__line_kind efivmap__parse_shell(struct efivmap__span s,
					     struct efivmap__line *o);
enum efivmap__line_kind efivmap__parse_uboot(struct efivmap__span s,
					     struct efivmap__line *o);
/* text_other.c */
enum efivmap__line_kind efivmap__parse_xen(struct efivmap__span s,
					   struct efivmap__line *o);
enum efivmap__line_kind efivmap__parse_freebsd(struct efivmap__span s,
					       struct efivmap__line *o);
enum efivmap__line_kind efivmap__parse_capture(struct efivmap__span s,
					       struct efivmap__line *o);
/*
 * A type spelled as the UEFI enum is, "RuntimeServicesData", with or
 * without "Efi" in front: FreeBSD, newer U-Boot and some Shells print it.
 */
bool efivmap__enum_type(const char *f, const char *fe, uint64_t *value);

#endif /* EFIVMAP_TEXT_INTERNAL_H */
