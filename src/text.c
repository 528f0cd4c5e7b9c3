// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Dump readers: the public entry points, format detection and the pass
 * driver. The line parsers live in one file per family of formats
 * (text_linux.c, text_firmware.c, text_other.c), what they share in
 * text_lex.c.
 *
 * A call reads the input a few times, each pass linear: detect the format
 * (AUTO only), check and count every line, compare a repeated copy of the
 * map (only when the first descriptor comes again), infer and report
 * findings, then write. Writing only after a clean count is what keeps a
 * failing call from touching the output.
 */
#include "text_internal.h"
#include "efivmap/finding.h"

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

/* ---- the passes ---- */

/* What one call reads: the format, and the map or its MAT lines. */
struct ctx {
	const char *text;
	size_t len;
	uint32_t fmt;
	bool mat;
	size_t desc_size;
	struct efivmap_findings *f;
};

struct pass {
	size_t count;           /* descriptors of the first copy */
	size_t seen;            /* descriptor lines in the whole input */
	uint32_t first_line;
	bool has_virt;
	size_t in_desc_size;
	uint32_t desc_version;
	size_t inferred;
	size_t memattr;
	struct efivmap_efi_desc first;
	size_t again;           /* the next descriptor equal to the first */
	uint32_t again_line;
};

/* Lines of one format, one after the other. */
struct cursor {
	struct lines l;
	const struct ctx *x;
	struct pass *r;         /* gets comments and MAT counts; may be NULL */
};

static void cursor_init(struct cursor *c, const struct ctx *x,
			struct pass *r)
{
	lines_init(&c->l, x->text, x->len);
	c->x = x;
	c->r = r;
}

/*
 * A format that printed no attributes at all (Linux arm64 before 3.19)
 * still had them: Runtime Code and Data are runtime by their type, and
 * firmware allocates them from write-back system memory. MMIO cannot be
 * told, so it is left as printed.
 */
static bool infer_runtime(struct efivmap__line *o)
{
	if (!o->no_attrs ||
	    (o->d.type != EFIVMAP_EFI_RUNTIME_SERVICES_CODE &&
	     o->d.type != EFIVMAP_EFI_RUNTIME_SERVICES_DATA))
		return false;
	o->d.attribute |= EFIVMAP_EFI_MEMORY_RUNTIME | EFIVMAP_EFI_MEMORY_WB;
	return true;
}

/*
 * One line that is not blank or a comment. "efi: memattr:" lines are a
 * Memory Attributes Table: a map read counts and skips them, a MAT read
 * reads only them (in Linux's arm64 syntax, which x86 prints too).
 */
static enum efivmap__line_kind pick_line(const struct cursor *c,
					 struct efivmap__span s,
					 struct efivmap__line *o)
{
	bool tagged = efivmap__memattr_tag(&s);
	enum efivmap__line_kind k;

	if (tagged != c->x->mat) {
		if (tagged && c->r &&
		    parse_line(EFIVMAP_TEXT_LINUX_ARM64, s, o, false) ==
		    EFIVMAP__LINE_DESC)
			c->r->memattr++;
		return EFIVMAP__LINE_NOISE;
	}
	k = parse_line(c->x->mat ? EFIVMAP_TEXT_LINUX_ARM64 : c->x->fmt, s, o,
		       false);
	/* From here on no_attrs means "runtime was inferred". */
	if (k == EFIVMAP__LINE_DESC && !c->x->mat)
		o->no_attrs = infer_runtime(o);
	return k;
}

/* The next descriptor or broken line; LINE_NOISE at the end. */
static enum efivmap__line_kind cursor_next(struct cursor *c,
					   struct efivmap__line *o)
{
	struct efivmap__span s;
	enum efivmap__line_kind k;

	while (lines_next(&c->l, &s)) {
		if (efivmap__at_end(&s))
			continue;
		if (is_comment(&s)) {
			if (c->r)
				read_comment(s, &c->r->in_desc_size,
					     &c->r->desc_version);
			continue;
		}
		k = pick_line(c, s, o);
		if (k != EFIVMAP__LINE_NOISE)
			return k;
	}
	return EFIVMAP__LINE_NOISE;
}

static void put_desc(uint8_t *dst, const struct efivmap_efi_desc *d,
		     size_t desc_size)
{
	efivmap__copy(dst, d, sizeof(*d));
	efivmap__zero(dst + sizeof(*d), desc_size - sizeof(*d));
}

static bool desc_eq(const struct efivmap_efi_desc *a,
		    const struct efivmap_efi_desc *b)
{
	return a->type == b->type && a->phys_start == b->phys_start &&
	       a->virt_start == b->virt_start &&
	       a->num_pages == b->num_pages && a->attribute == b->attribute;
}

static uint32_t index32(size_t i)
{
	return i > UINT32_MAX - 1 ? EFIVMAP_DIAG_NONE : (uint32_t)i;
}

enum pass_kind { PASS_COUNT, PASS_CHECK, PASS_WRITE };

/* Descriptor @n of the input, at line @line, in pass @kind. */
static int take(const struct ctx *x, enum pass_kind kind, struct pass *r,
		const struct efivmap__line *o, size_t n, uint32_t line,
		uint8_t *out, struct efivmap_diag *diag)
{
	struct efivmap_finding fd;

	if (kind == PASS_WRITE) {
		put_desc(out + n * x->desc_size, &o->d, x->desc_size);
	} else if (kind == PASS_COUNT) {
		if (!n) {
			r->first_line = line;
			r->first = o->d;
		} else if (!r->again && desc_eq(&o->d, &r->first)) {
			r->again = n;
			r->again_line = line;
		}
		r->has_virt |= o->has_virt;
	} else if (o->no_attrs) {
		r->inferred++;
		fd.cls = EFIVMAP_FIND_RT_INFERRED;
		fd.repair = EFIVMAP_REPAIR_INFERRED;
		fd.index = index32(n);
		fd.line = line;
		fd.addr = o->d.phys_start;
		fd.other = EFIVMAP_DIAG_NONE;
		fd.err = -EFIVMAP_ERR_UNSUPPORTED;
		return efivmap__finding(x->f, &fd,
					"the dump prints no attributes; strict mode does not infer EFI_MEMORY_RUNTIME from the type",
					diag);
	}
	return 0;
}

/*
 * One pass: COUNT checks every line and counts them all; CHECK (inferred
 * attributes and their findings) and WRITE see the first copy only.
 */
static int run(const struct ctx *x, enum pass_kind kind, struct pass *r,
	       uint8_t *out, struct efivmap_diag *diag)
{
	struct cursor c;
	struct efivmap__line o;
	enum efivmap__line_kind k;
	size_t n = 0, limit = kind == PASS_COUNT ? SIZE_MAX : r->count;
	int ret;

	cursor_init(&c, x, kind == PASS_COUNT ? r : NULL);
	while (n < limit && (k = cursor_next(&c, &o)) != EFIVMAP__LINE_NOISE) {
		if (k != EFIVMAP__LINE_DESC)
			return efivmap__fail(diag, k == EFIVMAP__LINE_SYNTAX ?
					     EFIVMAP_ERR_SYNTAX :
					     EFIVMAP_ERR_RANGE, o.why,
					     index32(n), c.l.no,
					     k == EFIVMAP__LINE_RANGE ?
					     o.d.phys_start : 0);
		ret = take(x, kind, r, &o, n, c.l.no, out, diag);
		if (ret)
			return ret;
		n++;
	}
	if (kind == PASS_COUNT)
		r->count = r->seen = n;
	return 0;
}

/*
 * Logs that print the map twice (two boots in one file, a kexec, a
 * command run again) repeat it exactly: descriptor i + @p equals
 * descriptor i for every i, with at least one whole copy after the
 * first. Two cursors in step, so nothing is stored.
 */
static bool repeats(const struct ctx *x, size_t p, size_t n)
{
	struct cursor a, b;
	struct efivmap__line da, db;
	size_t i;

	if (!p || n / 2 < p)
		return false;
	cursor_init(&a, x, NULL);
	cursor_init(&b, x, NULL);
	for (i = 0; i < p; i++)
		cursor_next(&b, &db);
	for (i = p; i < n; i++) {
		cursor_next(&a, &da);
		cursor_next(&b, &db);
		if (!desc_eq(&da.d, &db.d))
			return false;
	}
	return true;
}

/* Keep the first copy of a repeated map, and say so. */
static int first_copy(const struct ctx *x, struct pass *r,
		      struct efivmap_diag *diag)
{
	struct efivmap_finding fd;

	if (!repeats(x, r->again, r->seen))
		return 0;
	r->count = r->again;
	fd.cls = EFIVMAP_FIND_MAP_REPEATED;
	fd.repair = EFIVMAP_REPAIR_FIRST_COPY;
	fd.index = index32(r->again);
	fd.line = r->again_line;
	fd.addr = r->first.phys_start;
	fd.other = 0;
	fd.err = -EFIVMAP_ERR_OVERLAP;
	return efivmap__finding(x->f, &fd,
				"the map is printed again from here; the first copy is read",
				diag);
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

static const char only_memattr[] =
	"only efi: memattr: lines, a Memory Attributes Table (efivmap_text_parse_mat)";

static void fill_info(const struct ctx *x, const struct pass *r,
		      struct efivmap_text_info *info)
{
	efivmap__zero(info, sizeof(*info));
	info->format = x->fmt;
	info->count = r->count;
	info->needed = out_bytes(r->count, x->desc_size);
	info->first_line = r->first_line;
	info->has_virt = r->has_virt;
	info->rt_inferred = r->inferred;
	info->repeated = r->seen - r->count;
	info->mat_entries = r->memattr;
	if (x->fmt == EFIVMAP_TEXT_CAPTURE) {
		info->in_desc_size = r->in_desc_size;
		info->desc_version = r->desc_version;
	}
}

/* Count, check, size, then write: what every text read shares. */
static int read_text(const struct ctx *x, void *out, size_t out_size,
		     struct efivmap_text_info *info, struct efivmap_diag *diag)
{
	struct pass r;
	int ret;

	efivmap__zero(&r, sizeof(r));
	ret = run(x, PASS_COUNT, &r, NULL, diag);
	if (ret)
		return ret;
	if (!r.count)
		return efivmap__fail(diag, EFIVMAP_ERR_FORMAT, x->mat ?
				     "no efi: memattr: entry line" : r.memattr ?
				     only_memattr :
				     "no descriptor line of the requested format",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	ret = first_copy(x, &r, diag);
	if (!ret)
		ret = run(x, PASS_CHECK, &r, NULL, diag);
	if (ret)
		return ret;
	fill_info(x, &r, info);
	if (info->needed == SIZE_MAX)
		return no_memory(diag);
	if (!out || out_size < info->needed)
		return efivmap__fail(diag, EFIVMAP_ERR_NOSPACE,
				     "output buffer too small for the descriptors",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     info->needed);
	return run(x, PASS_WRITE, &r, out, diag);
}

/* A UTF-16 byte order mark, or ASCII as UTF-16LE ("R\0T\0"). */
static bool is_utf16(const char *text, size_t len)
{
	const uint8_t *p = (const uint8_t *)text;

	if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
			 (p[0] == 0xfe && p[1] == 0xff)))
		return true;
	return len >= 4 && p[0] && !p[1] && p[2] && !p[3];
}

static int utf16_error(struct efivmap_diag *diag)
{
	return efivmap__fail(diag, EFIVMAP_ERR_FORMAT,
			     "UTF-16 text: convert first (efivmap_text_from_utf16)",
			     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
}

/* The checks every text entry point makes before reading a line. */
static int check_args(const char *text, size_t len, size_t desc_size,
		      const struct efivmap_text_info *info,
		      struct efivmap_diag *diag)
{
	if (!info || (!text && len))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "info is NULL, or text is NULL with a length",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (!efivmap__desc_size_ok(desc_size))
		return efivmap__fail(diag, EFIVMAP_ERR_DESC_SIZE,
				     "descriptor size below 40 or not a multiple of 8",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     desc_size);
	if (is_utf16(text, len))
		return utf16_error(diag);
	return 0;
}

/* No format detected: say so, and name a MAT that came alone. */
static int no_format(const struct ctx *x, struct efivmap_diag *diag)
{
	struct ctx y = *x;
	struct pass r;

	y.fmt = EFIVMAP_TEXT_LINUX_ARM64;
	efivmap__zero(&r, sizeof(r));
	run(&y, PASS_COUNT, &r, NULL, NULL);
	return efivmap__fail(diag, EFIVMAP_ERR_FORMAT, r.memattr ?
			     only_memattr :
			     "no descriptor line of any known format",
			     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
}

int efivmap_text_parse_ex(const char *text, size_t len, uint32_t format,
			  void *out, size_t out_size, size_t desc_size,
			  struct efivmap_text_info *info,
			  struct efivmap_findings *findings,
			  struct efivmap_diag *diag)
{
	struct ctx x = { text, len, format, false, desc_size, findings };
	uint32_t line;
	int ret;

	if (!info || (!text && len) || format >= EFIVMAP_TEXT_NR_FORMATS)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "info is NULL, text is NULL with a length, or unknown format",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     format);
	if (format == EFIVMAP_TEXT_RAW)
		return efivmap_text_parse_raw(text, len, desc_size, out,
					      out_size, desc_size, info, diag);
	ret = check_args(text, len, desc_size, info, diag);
	if (ret)
		return ret;
	if (format == EFIVMAP_TEXT_AUTO &&
	    detect(text, len, &x.fmt, &line) < 0)
		return no_format(&x, diag);
	return read_text(&x, out, out_size, info, diag);
}

int efivmap_text_parse(const char *text, size_t len, uint32_t format,
		       void *out, size_t out_size, size_t desc_size,
		       struct efivmap_text_info *info,
		       struct efivmap_diag *diag)
{
	return efivmap_text_parse_ex(text, len, format, out, out_size,
				     desc_size, info, NULL, diag);
}

int efivmap_text_parse_mat(const char *text, size_t len, void *out,
			   size_t out_size, size_t desc_size,
			   struct efivmap_text_info *info,
			   struct efivmap_findings *findings,
			   struct efivmap_diag *diag)
{
	struct ctx x = { text, len, EFIVMAP_TEXT_LINUX_ARM64, true, desc_size,
			 findings };
	int ret;

	ret = check_args(text, len, desc_size, info, diag);
	if (ret)
		return ret;
	return read_text(&x, out, out_size, info, diag);
}

int efivmap_text_from_utf16(const void *in, size_t len, char *out,
			    size_t out_size, size_t *needed)
{
	const uint8_t *p = in;
	size_t i = 0, k;
	bool be = false;

	if (!needed || (!in && len))
		return -EFIVMAP_ERR_INVAL;
	if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
			 (p[0] == 0xfe && p[1] == 0xff))) {
		be = p[0] == 0xfe;
		i = 2;
	}
	*needed = (len - i + 1) / 2;
	if (!out || out_size < *needed)
		return *needed ? -EFIVMAP_ERR_NOSPACE : 0;
	for (k = 0; i < len; i += 2, k++) {
		/* A lone last byte is half a character. */
		unsigned u = i + 1 == len ? 0xffffu : be ?
			     (unsigned)p[i] << 8 | p[i + 1] :
			     (unsigned)p[i + 1] << 8 | p[i];

		out[k] = u && u < 0x80 ? (char)u : '?';
	}
	return 0;
}

int efivmap_text_detect(const char *text, size_t len, uint32_t *format,
			uint32_t *line)
{
	uint32_t f, n;

	if (!format || (!text && len))
		return -EFIVMAP_ERR_INVAL;
	if (is_utf16(text, len) || detect(text, len, &f, &n) < 0)
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
