// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Dump readers: the public entry points, format detection and the pass
 * driver. The line parsers live in one file per family of formats
 * (text_linux.c, text_firmware.c, text_other.c), what they share in
 * text_lex.c.
 *
 * A call reads the input up to three times, each pass linear: detect the
 * format (AUTO only), check and count every line, then write. Writing
 * only after a clean count is what keeps a failing call from touching the
 * output.
 */
#include "text_internal.h"

static const char *const format_names[EFIVMAP_TEXT_NR_FORMATS] = {
	[EFIVMAP_TEXT_AUTO] = "auto",
	[EFIVMAP_TEXT_LINUX_ARM64] = "linux-arm64",
	[EFIVMAP_TEXT_LINUX_X86] = "linux-x86",
	[EFIVMAP_TEXT_LINUX_OLD] = "linux-old",
	[EFIVMAP_TEXT_UEFI_SHELL] = "uefi-shell",
	[EFIVMAP_TEXT_UBOOT] = "uboot",
	[EFIVMAP_TEXT_XEN] = "xen",
	[EFIVMAP_TEXT_FREEBSD] = "freebsd",
	[EFIVMAP_TEXT_CAPTURE] = "capture",
	[EFIVMAP_TEXT_RAW] = "raw",
};

/* Detection order; the signatures are disjoint, so it rarely matters. */
static const uint32_t detect_order[] = {
	EFIVMAP_TEXT_LINUX_ARM64, EFIVMAP_TEXT_LINUX_X86,
	EFIVMAP_TEXT_LINUX_OLD, EFIVMAP_TEXT_UEFI_SHELL, EFIVMAP_TEXT_UBOOT,
	EFIVMAP_TEXT_XEN, EFIVMAP_TEXT_FREEBSD, EFIVMAP_TEXT_CAPTURE,
};

static enum efivmap__line_kind parse_line(uint32_t fmt,
					  struct efivmap__span s,
					  struct efivmap__line *o, bool detect)
{
	efivmap__zero(o, sizeof(*o));
	o->why = "";
	switch (fmt) {
	case EFIVMAP_TEXT_LINUX_ARM64:
		return efivmap__parse_linux_arm64(s, o);
	case EFIVMAP_TEXT_LINUX_X86:
	case EFIVMAP_TEXT_LINUX_OLD:
		/* Either shape reads in either format; only detection cares. */
		return efivmap__parse_linux_mem(s, o, detect ? fmt : 0);
	case EFIVMAP_TEXT_UEFI_SHELL:
		return efivmap__parse_shell(s, o);
	case EFIVMAP_TEXT_UBOOT:
		return efivmap__parse_uboot(s, o);
	case EFIVMAP_TEXT_XEN:
		return efivmap__parse_xen(s, o);
	case EFIVMAP_TEXT_FREEBSD:
		return efivmap__parse_freebsd(s, o);
	case EFIVMAP_TEXT_CAPTURE:
		return efivmap__parse_capture(s, o);
	default:
		return EFIVMAP__LINE_NOISE;
	}
}

/* ---- lines ---- */

struct lines {
	const char *text;
	size_t len;
	size_t pos;
	uint32_t no;            /* 1-based number of the current line */
};

static void lines_init(struct lines *l, const char *text, size_t len)
{
	l->text = text;
	l->len = len;
	l->pos = 0;
	l->no = 0;
}

/*
 * Step over what logs, mail and consoles put before a line: blanks, '>'
 * quote markers, "[    0.000000]" timestamps (and any other leading
 * bracket group: no format's descriptor starts with '['), "<6>" log levels
 * and Xen's "(XEN)".
 */
static const char *skip_line_prefix(const char *p, const char *e)
{
	const char *q;

	for (;;) {
		while (p < e && (efivmap__is_blank(*p) || *p == '>'))
			p++;
		if (p < e && *p == '[') {
			for (q = p + 1; q < e && *q != ']'; q++)
				;
			if (q == e)
				return p;
			p = q + 1;
			continue;
		}
		if (p < e && *p == '<') {
			for (q = p + 1; q < e && *q >= '0' && *q <= '9'; q++)
				;
			if (q == p + 1 || q == e || *q != '>')
				return p;
			p = q + 1;
			continue;
		}
		if (e - p >= 5 && efivmap__name_eq(p, p + 5, "(XEN)")) {
			p += 5;
			continue;
		}
		return p;
	}
}

static bool lines_next(struct lines *l, struct efivmap__span *s)
{
	const char *b, *e, *end;

	if (l->pos >= l->len)
		return false;
	b = l->text + l->pos;
	end = l->text + l->len;
	for (e = b; e < end && *e != '\n'; e++)
		;
	l->pos = (size_t)(e - l->text) + (e < end);
	if (l->no != UINT32_MAX)
		l->no++;
	while (e > b && (efivmap__is_blank(e[-1]) || e[-1] == '\r'))
		e--;
	s->p = skip_line_prefix(b, e);
	s->e = e;
	return true;
}

/* "# desc_size 48" / "# desc_version 1" in a capture header. */
static void read_comment(struct efivmap__span s, size_t *desc_size,
			 uint32_t *desc_version)
{
	uint64_t v;
	bool size;

	s.p++;
	efivmap__skip_blanks(&s);
	if (efivmap__eat_ci(&s, "desc_size"))
		size = true;
	else if (efivmap__eat_ci(&s, "desc_version"))
		size = false;
	else
		return;
	if (!efivmap__token_done(&s))
		return;
	efivmap__skip_blanks(&s);
	if (efivmap__type_num(&s, &v) != EFIVMAP__NUM_OK ||
	    !efivmap__token_done(&s))
		return;
	efivmap__skip_blanks(&s);
	if (!efivmap__at_end(&s))
		return;
	if (size && v <= SIZE_MAX)
		*desc_size = (size_t)v;
	else if (!size && v <= UINT32_MAX)
		*desc_version = (uint32_t)v;
}

static bool is_comment(const struct efivmap__span *s)
{
	return !efivmap__at_end(s) && *s->p == '#';
}

/*
 * The format of the first line that reads as a descriptor. A range error
 * counts: it is only found once the whole line has parsed. Failing that,
 * the first line that looked like a descriptor but broke decides, so the
 * caller hears about its syntax error rather than "unknown format".
 */
static int detect(const char *text, size_t len, uint32_t *format,
		  uint32_t *line)
{
	struct lines l;
	struct efivmap__span s;
	struct efivmap__line o;
	uint32_t broken = EFIVMAP_TEXT_AUTO, broken_line = 0;
	enum efivmap__line_kind k;
	size_t i;

	lines_init(&l, text, len);
	while (lines_next(&l, &s)) {
		if (efivmap__at_end(&s) || is_comment(&s))
			continue;
		for (i = 0; i < EFIVMAP_ARRAY_SIZE(detect_order); i++) {
			k = parse_line(detect_order[i], s, &o, true);
			if (k == EFIVMAP__LINE_DESC ||
			    k == EFIVMAP__LINE_RANGE) {
				*format = detect_order[i];
				*line = l.no;
				return 0;
			}
			if (k == EFIVMAP__LINE_SYNTAX &&
			    broken == EFIVMAP_TEXT_AUTO) {
				broken = detect_order[i];
				broken_line = l.no;
			}
		}
	}
	if (broken == EFIVMAP_TEXT_AUTO)
		return -EFIVMAP_ERR_FORMAT;
	*format = broken;
	*line = broken_line;
	return 0;
}

struct pass {
	size_t count;
	uint32_t first_line;
	bool has_virt;
	size_t in_desc_size;
	uint32_t desc_version;
};

static void put_desc(uint8_t *dst, const struct efivmap_efi_desc *d,
		     size_t desc_size)
{
	efivmap__copy(dst, d, sizeof(*d));
	efivmap__zero(dst + sizeof(*d), desc_size - sizeof(*d));
}

/* One pass over the text: check and count (@out NULL), or write. */
static int run(const char *text, size_t len, uint32_t fmt, uint8_t *out,
	       size_t desc_size, struct pass *r, struct efivmap_diag *diag)
{
	struct lines l;
	struct efivmap__span s;
	struct efivmap__line o;
	enum efivmap__line_kind k;

	efivmap__zero(r, sizeof(*r));
	lines_init(&l, text, len);
	while (lines_next(&l, &s)) {
		if (efivmap__at_end(&s))
			continue;
		if (is_comment(&s)) {
			read_comment(s, &r->in_desc_size, &r->desc_version);
			continue;
		}
		k = parse_line(fmt, s, &o, false);
		if (k == EFIVMAP__LINE_NOISE)
			continue;
		if (k != EFIVMAP__LINE_DESC)
			return efivmap__fail(diag, k == EFIVMAP__LINE_SYNTAX ?
					     EFIVMAP_ERR_SYNTAX :
					     EFIVMAP_ERR_RANGE, o.why,
					     r->count > UINT32_MAX - 1 ?
					     EFIVMAP_DIAG_NONE :
					     (uint32_t)r->count, l.no,
					     k == EFIVMAP__LINE_RANGE ?
					     o.d.phys_start : 0);
		if (!r->count)
			r->first_line = l.no;
		if (o.has_virt)
			r->has_virt = true;
		if (out)
			put_desc(out + r->count * desc_size, &o.d, desc_size);
		r->count++;
	}
	return 0;
}

/* Bytes of output, or SIZE_MAX when they do not fit a size_t. */
static size_t out_bytes(size_t count, size_t desc_size)
{
	return count > (SIZE_MAX - 1) / desc_size ? SIZE_MAX :
	       count * desc_size;
}

static int no_memory(struct efivmap_diag *diag)
{
	return efivmap__fail(diag, EFIVMAP_ERR_NOSPACE,
			     "output would not fit in memory",
			     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, SIZE_MAX);
}

int efivmap_text_parse_raw(const void *data, size_t len, size_t in_desc_size,
			   void *out, size_t out_size, size_t desc_size,
			   struct efivmap_text_info *info,
			   struct efivmap_diag *diag)
{
	const uint8_t *src = data;
	struct efivmap_efi_desc d;
	size_t count, i;

	if (!info || (!data && len))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "info is NULL, or data is NULL with a length",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (!efivmap__desc_size_ok(in_desc_size) ||
	    !efivmap__desc_size_ok(desc_size))
		return efivmap__fail(diag, EFIVMAP_ERR_DESC_SIZE,
				     "descriptor size below 40 or not a multiple of 8",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     efivmap__desc_size_ok(in_desc_size) ?
				     desc_size : in_desc_size);
	if (len % in_desc_size)
		return efivmap__fail(diag, EFIVMAP_ERR_MAP_SIZE,
				     "raw input length is not a multiple of its descriptor size",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, len);
	count = len / in_desc_size;
	efivmap__zero(info, sizeof(*info));
	info->format = EFIVMAP_TEXT_RAW;
	info->in_desc_size = in_desc_size;
	info->count = count;
	info->needed = out_bytes(count, desc_size);
	info->has_virt = true;
	if (info->needed == SIZE_MAX)
		return no_memory(diag);
	if (info->needed && (!out || out_size < info->needed))
		return efivmap__fail(diag, EFIVMAP_ERR_NOSPACE,
				     "output buffer too small for the descriptors",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     info->needed);
	for (i = 0; i < count; i++) {
		efivmap__copy(&d, src + i * in_desc_size, sizeof(d));
		d.pad = 0;
		put_desc((uint8_t *)out + i * desc_size, &d, desc_size);
	}
	return 0;
}

int efivmap_text_parse(const char *text, size_t len, uint32_t format,
		       void *out, size_t out_size, size_t desc_size,
		       struct efivmap_text_info *info,
		       struct efivmap_diag *diag)
{
	struct pass r;
	uint32_t line;
	size_t needed;
	int ret;

	if (!info || (!text && len) || format >= EFIVMAP_TEXT_NR_FORMATS)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "info is NULL, text is NULL with a length, or unknown format",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     format);
	if (format == EFIVMAP_TEXT_RAW)
		return efivmap_text_parse_raw(text, len, desc_size, out,
					      out_size, desc_size, info, diag);
	if (!efivmap__desc_size_ok(desc_size))
		return efivmap__fail(diag, EFIVMAP_ERR_DESC_SIZE,
				     "descriptor size below 40 or not a multiple of 8",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     desc_size);
	if (format == EFIVMAP_TEXT_AUTO &&
	    detect(text, len, &format, &line) < 0)
		return efivmap__fail(diag, EFIVMAP_ERR_FORMAT,
				     "no descriptor line of any known format",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	ret = run(text, len, format, NULL, desc_size, &r, diag);
	if (ret)
		return ret;
	if (!r.count)
		return efivmap__fail(diag, EFIVMAP_ERR_FORMAT,
				     "no descriptor line of the requested format",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	needed = out_bytes(r.count, desc_size);
	efivmap__zero(info, sizeof(*info));
	info->format = format;
	info->count = r.count;
	info->needed = needed;
	info->first_line = r.first_line;
	info->has_virt = r.has_virt;
	if (format == EFIVMAP_TEXT_CAPTURE) {
		info->in_desc_size = r.in_desc_size;
		info->desc_version = r.desc_version;
	}
	if (needed == SIZE_MAX)
		return no_memory(diag);
	if (!out || out_size < needed)
		return efivmap__fail(diag, EFIVMAP_ERR_NOSPACE,
				     "output buffer too small for the descriptors",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     needed);
	return run(text, len, format, out, desc_size, &r, diag);
}

int efivmap_text_detect(const char *text, size_t len, uint32_t *format,
			uint32_t *line)
{
	uint32_t f, n;

	if (!format || (!text && len))
		return -EFIVMAP_ERR_INVAL;
	if (detect(text, len, &f, &n) < 0)
		return -EFIVMAP_ERR_FORMAT;
	*format = f;
	if (line)
		*line = n;
	return 0;
}

const char *efivmap_text_format_name(uint32_t format)
{
	if (format < EFIVMAP_TEXT_NR_FORMATS)
		return format_names[format];
	return "unknown";
}

int efivmap_text_format_from_name(const char *name, uint32_t *format)
{
	uint32_t i;

	if (!name || !format)
		return -EFIVMAP_ERR_INVAL;
	for (i = 0; i < EFIVMAP_TEXT_NR_FORMATS; i++) {
		const char *a = name, *b = format_names[i];

		while (*a && *a == *b) {
			a++;
			b++;
		}
		if (!*a && !*b) {
			*format = i;
			return 0;
		}
	}
	return -EFIVMAP_ERR_INVAL;
}
