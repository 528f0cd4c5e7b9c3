// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Dump readers.
 *
 * Every text format has one line parser that sorts a line into noise, a
 * descriptor, or a line that is plainly a descriptor of the format but is
 * broken (syntax or range). A parser first checks a cheap signature (the
 * shape that makes a line "meant" as a descriptor) and only then gets
 * strict, so log noise is skipped while typos are reported.
 *
 * A call reads the input up to three times, each pass linear: detect the
 * format (AUTO only), check and count every line, then write. Writing
 * only after a clean count is what keeps a failing call from touching the
 * output.
 */
#include "efivmap/text.h"
#include "internal.h"

enum line_kind { LINE_NOISE, LINE_DESC, LINE_SYNTAX, LINE_RANGE };

/* The unread part of one line. */
struct span {
	const char *p;
	const char *e;
};

struct line_out {
	struct efivmap_efi_desc d;
	const char *why;        /* reason for LINE_SYNTAX / LINE_RANGE */
	bool has_virt;
};

struct named {
	const char *name;
	uint64_t value;
};

/*
 * Type names as each producer prints them. Linux changed its spelling in
 * 4.x-5.x ("Conventional Memory" became "Conventional"), so both are kept.
 */
static const struct named linux_types[] = {
	{ "Reserved", EFIVMAP_EFI_RESERVED },
	{ "Loader Code", EFIVMAP_EFI_LOADER_CODE },
	{ "Loader Data", EFIVMAP_EFI_LOADER_DATA },
	{ "Boot Code", EFIVMAP_EFI_BOOT_SERVICES_CODE },
	{ "Boot Data", EFIVMAP_EFI_BOOT_SERVICES_DATA },
	{ "Runtime Code", EFIVMAP_EFI_RUNTIME_SERVICES_CODE },
	{ "Runtime Data", EFIVMAP_EFI_RUNTIME_SERVICES_DATA },
	{ "Conventional", EFIVMAP_EFI_CONVENTIONAL },
	{ "Conventional Memory", EFIVMAP_EFI_CONVENTIONAL },
	{ "Unusable", EFIVMAP_EFI_UNUSABLE },
	{ "Unusable Memory", EFIVMAP_EFI_UNUSABLE },
	{ "ACPI Reclaim", EFIVMAP_EFI_ACPI_RECLAIM },
	{ "ACPI Reclaim Memory", EFIVMAP_EFI_ACPI_RECLAIM },
	{ "ACPI Mem NVS", EFIVMAP_EFI_ACPI_NVS },
	{ "ACPI Memory NVS", EFIVMAP_EFI_ACPI_NVS },
	{ "MMIO", EFIVMAP_EFI_MMIO },
	{ "Memory Mapped I/O", EFIVMAP_EFI_MMIO },
	{ "MMIO Port", EFIVMAP_EFI_MMIO_PORT_SPACE },
	{ "MMIO Port Space", EFIVMAP_EFI_MMIO_PORT_SPACE },
	{ "PAL Code", EFIVMAP_EFI_PAL_CODE },
	{ "Persistent", EFIVMAP_EFI_PERSISTENT },
	{ "Persistent Memory", EFIVMAP_EFI_PERSISTENT },
	{ "Unaccepted", EFIVMAP_EFI_UNACCEPTED },
};

static const struct named shell_types[] = {
	{ "Reserved", EFIVMAP_EFI_RESERVED },
	{ "LoaderCode", EFIVMAP_EFI_LOADER_CODE },
	{ "LoaderData", EFIVMAP_EFI_LOADER_DATA },
	{ "BS_Code", EFIVMAP_EFI_BOOT_SERVICES_CODE },
	{ "BS_Data", EFIVMAP_EFI_BOOT_SERVICES_DATA },
	{ "RT_Code", EFIVMAP_EFI_RUNTIME_SERVICES_CODE },
	{ "RT_Data", EFIVMAP_EFI_RUNTIME_SERVICES_DATA },
	{ "Available", EFIVMAP_EFI_CONVENTIONAL },
	{ "Unusable", EFIVMAP_EFI_UNUSABLE },
	{ "ACPI_Recl", EFIVMAP_EFI_ACPI_RECLAIM },
	{ "ACPI_NVS", EFIVMAP_EFI_ACPI_NVS },
	{ "MMIO", EFIVMAP_EFI_MMIO },
	{ "MMIO_Port", EFIVMAP_EFI_MMIO_PORT_SPACE },
	{ "PalCode", EFIVMAP_EFI_PAL_CODE },
	{ "Persistent", EFIVMAP_EFI_PERSISTENT },
	{ "Unaccepted", EFIVMAP_EFI_UNACCEPTED },
};

static const struct named uboot_types[] = {
	{ "RESERVED", EFIVMAP_EFI_RESERVED },
	{ "LOADER CODE", EFIVMAP_EFI_LOADER_CODE },
	{ "LOADER DATA", EFIVMAP_EFI_LOADER_DATA },
	{ "BOOT CODE", EFIVMAP_EFI_BOOT_SERVICES_CODE },
	{ "BOOT DATA", EFIVMAP_EFI_BOOT_SERVICES_DATA },
	{ "RUNTIME CODE", EFIVMAP_EFI_RUNTIME_SERVICES_CODE },
	{ "RUNTIME DATA", EFIVMAP_EFI_RUNTIME_SERVICES_DATA },
	{ "CONVENTIONAL", EFIVMAP_EFI_CONVENTIONAL },
	{ "UNUSABLE MEM", EFIVMAP_EFI_UNUSABLE },
	{ "ACPI RECLAIM MEM", EFIVMAP_EFI_ACPI_RECLAIM },
	{ "ACPI NVS", EFIVMAP_EFI_ACPI_NVS },
	{ "IO", EFIVMAP_EFI_MMIO },
	{ "IO PORT", EFIVMAP_EFI_MMIO_PORT_SPACE },
	{ "PAL", EFIVMAP_EFI_PAL_CODE },
	{ "PERSISTENT", EFIVMAP_EFI_PERSISTENT },
	{ "UNACCEPTED", EFIVMAP_EFI_UNACCEPTED },
};

static const struct named freebsd_types[] = {
	{ "Reserved", EFIVMAP_EFI_RESERVED },
	{ "LoaderCode", EFIVMAP_EFI_LOADER_CODE },
	{ "LoaderData", EFIVMAP_EFI_LOADER_DATA },
	{ "BootServicesCode", EFIVMAP_EFI_BOOT_SERVICES_CODE },
	{ "BootServicesData", EFIVMAP_EFI_BOOT_SERVICES_DATA },
	{ "RuntimeServicesCode", EFIVMAP_EFI_RUNTIME_SERVICES_CODE },
	{ "RuntimeServicesData", EFIVMAP_EFI_RUNTIME_SERVICES_DATA },
	{ "ConventionalMemory", EFIVMAP_EFI_CONVENTIONAL },
	{ "UnusableMemory", EFIVMAP_EFI_UNUSABLE },
	{ "ACPIReclaimMemory", EFIVMAP_EFI_ACPI_RECLAIM },
	{ "ACPIMemoryNVS", EFIVMAP_EFI_ACPI_NVS },
	{ "MemoryMappedIO", EFIVMAP_EFI_MMIO },
	{ "MemoryMappedIOPortSpace", EFIVMAP_EFI_MMIO_PORT_SPACE },
	{ "PalCode", EFIVMAP_EFI_PAL_CODE },
	{ "PersistentMemory", EFIVMAP_EFI_PERSISTENT },
	{ "UnacceptedMemory", EFIVMAP_EFI_UNACCEPTED },
};

/*
 * Attribute words of every producer in one table: Linux's columns, U-Boot's
 * '|'-joined words and FreeBSD's blank-separated ones. U-Boot prints XP as
 * "WP" (a long-standing typo in efidebug), so "WP" there may mean either;
 * it is read as WP, the only reading the text supports.
 */
static const struct named attr_words[] = {
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

/* What a range error says: the format and its end convention. */
struct conv {
	const char *below;
	const char *pages;
};

static const struct conv conv_linux_incl = {
	"end below start (end is inclusive in Linux efi=debug)",
	"end is inclusive in Linux efi=debug; size is not whole 4 KiB pages",
};
static const struct conv conv_linux_excl = {
	"end not above start (end is exclusive, ')', in old Linux efi=debug)",
	"end is exclusive, ')', in old Linux efi=debug; size is not whole 4 KiB pages",
};
static const struct conv conv_shell = {
	"end below start (end is inclusive in UEFI Shell memmap)",
	"end is inclusive in UEFI Shell memmap; size is not whole 4 KiB pages",
};
static const struct conv conv_uboot = {
	"end not above start (end is exclusive in U-Boot efidebug memmap)",
	"end is exclusive in U-Boot efidebug memmap; size is not whole 4 KiB pages",
};
static const struct conv conv_xen = {
	"end below start (end is inclusive in Xen's EFI memory map)",
	"end is inclusive in Xen's EFI memory map; size is not whole 4 KiB pages",
};

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

/* ---- characters and tokens ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool at_end(const struct span *s)
{
	return s->p >= s->e;
}

static void skip_blanks(struct span *s)
{
	while (s->p < s->e && is_blank(*s->p))
		s->p++;
}

static bool eat(struct span *s, char c)
{
	if (s->p < s->e && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

/* Consume @w when the line continues with it, ignoring case. */
static bool eat_ci(struct span *s, const char *w)
{
	const char *p = s->p;

	for (; *w; w++, p++)
		if (p >= s->e || lower(*p) != lower(*w))
			return false;
	s->p = p;
	return true;
}

static bool at_0x(const struct span *s)
{
	return s->e - s->p >= 2 && s->p[0] == '0' && lower(s->p[1]) == 'x';
}

/* End of the blank-delimited token starting at @p. */
static const char *token_end(const char *p, const char *e)
{
	while (p < e && !is_blank(*p))
		p++;
	return p;
}

/* Does [@f, @fe) spell @name, ignoring case, any blank run as one space? */
static bool name_eq(const char *f, const char *fe, const char *name)
{
	while (f < fe && *name) {
		if (is_blank(*f)) {
			if (*name != ' ')
				return false;
			while (f < fe && is_blank(*f))
				f++;
			name++;
			continue;
		}
		if (lower(*f) != lower(*name))
			return false;
		f++;
		name++;
	}
	return f == fe && !*name;
}

static bool lookup(const struct named *t, size_t n, const char *f,
		   const char *fe, uint64_t *value)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (name_eq(f, fe, t[i].name)) {
			*value = t[i].value;
			return true;
		}
	}
	return false;
}

static void trim(const char **f, const char **fe)
{
	while (*f < *fe && is_blank(**f))
		(*f)++;
	while (*fe > *f && is_blank((*fe)[-1]))
		(*fe)--;
}

enum num { NUM_NONE, NUM_OK, NUM_BIG };

/*
 * A hex number, with an optional "0x" when @prefix. @digits (optional)
 * receives the digit count so callers can demand a printed width.
 */
static enum num hex_num(struct span *s, bool prefix, uint64_t *v,
			size_t *digits)
{
	const char *p = s->p;
	uint64_t x = 0;
	bool big = false;
	int d;

	if (prefix && at_0x(s) && s->e - s->p > 2 && hex_digit(s->p[2]) >= 0)
		p += 2;
	if (p >= s->e || hex_digit(*p) < 0)
		return NUM_NONE;
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
	return big ? NUM_BIG : NUM_OK;
}

static enum num dec_num(struct span *s, uint64_t *v)
{
	const char *p = s->p;
	uint64_t x = 0;
	bool big = false;

	if (p >= s->e || *p < '0' || *p > '9')
		return NUM_NONE;
	for (; p < s->e && *p >= '0' && *p <= '9'; p++) {
		uint64_t d = (uint64_t)(*p - '0');

		if (x > (UINT64_MAX - d) / 10)
			big = true;
		x = x * 10 + d;
	}
	s->p = p;
	*v = x;
	return big ? NUM_BIG : NUM_OK;
}

/* A type number as decimal, or hex with "0x". */
static enum num type_num(struct span *s, uint64_t *v)
{
	if (at_0x(s))
		return hex_num(s, true, v, NULL);
	return dec_num(s, v);
}

static enum line_kind syntax(struct line_out *o, const char *why)
{
	o->why = why;
	return LINE_SYNTAX;
}

/* Parse one number that must be there; a missing one is a syntax error. */
static enum line_kind need(enum num r, struct line_out *o, const char *missing)
{
	if (r == NUM_OK)
		return LINE_DESC;
	return syntax(o, r == NUM_BIG ? "number does not fit in 64 bits" :
		      missing);
}

/* The next token must end here: at a blank or at the end of the line. */
static bool token_done(const struct span *s)
{
	return at_end(s) || is_blank(*s->p);
}

static enum line_kind finish(struct span *s, struct line_out *o)
{
	skip_blanks(s);
	if (!at_end(s))
		return syntax(o, "unexpected text after the descriptor");
	return LINE_DESC;
}

/* Fill phys_start and num_pages from a start/end pair, checking the size. */
static enum line_kind set_range(struct line_out *o, uint64_t start,
				uint64_t end, bool inclusive,
				const struct conv *c)
{
	uint64_t bytes;

	o->d.phys_start = start;
	if (inclusive) {
		if (end < start) {
			o->why = c->below;
			return LINE_RANGE;
		}
		/* end - start + 1 would wrap for a full 2^64 range. */
		bytes = end - start;
		if ((bytes & (EFIVMAP_SZ_4K - 1)) != EFIVMAP_SZ_4K - 1) {
			o->why = c->pages;
			return LINE_RANGE;
		}
		o->d.num_pages = (bytes >> EFIVMAP_EFI_PAGE_SHIFT) + 1;
	} else {
		if (end <= start) {
			o->why = c->below;
			return LINE_RANGE;
		}
		bytes = end - start;
		if (bytes & (EFIVMAP_SZ_4K - 1)) {
			o->why = c->pages;
			return LINE_RANGE;
		}
		o->d.num_pages = bytes >> EFIVMAP_EFI_PAGE_SHIFT;
	}
	return LINE_DESC;
}

/*
 * "HEX-HEX" with at least 8 digits a side and nothing glued after it:
 * the range column of the Shell, U-Boot and Xen (which print 8 to 16).
 */
static bool is_range_token(const char *p, const char *e)
{
	struct span s = { p, e };
	uint64_t v;
	size_t n;

	if (hex_num(&s, false, &v, &n) == NUM_NONE || n < 8 || !eat(&s, '-'))
		return false;
	if (hex_num(&s, false, &v, &n) == NUM_NONE || n < 8)
		return false;
	return token_done(&s);
}

static enum line_kind range_token(struct span *s, uint64_t *a, uint64_t *b,
				  struct line_out *o)
{
	enum line_kind k;

	k = need(hex_num(s, false, a, NULL), o, "bad start address");
	if (k != LINE_DESC)
		return k;
	eat(s, '-');
	return need(hex_num(s, false, b, NULL), o, "bad end address");
}

/*
 * Attribute words up to the end of the line, separated by blanks (FreeBSD)
 * or '|' (U-Boot). "0x..." adds raw bits, for values no word names.
 */
static enum line_kind attr_list(struct span *s, struct line_out *o)
{
	uint64_t v;

	for (;;) {
		const char *w;

		while (s->p < s->e && (is_blank(*s->p) || *s->p == '|'))
			s->p++;
		if (at_end(s))
			return LINE_DESC;
		if (at_0x(s)) {
			if (hex_num(s, true, &v, NULL) != NUM_OK)
				return syntax(o, "bad attribute value");
		} else {
			w = s->p;
			while (s->p < s->e && !is_blank(*s->p) &&
			       *s->p != '|')
				s->p++;
			if (!lookup(attr_words, EFIVMAP_ARRAY_SIZE(attr_words),
				    w, s->p, &v))
				return syntax(o, "unknown attribute name");
		}
		if (!at_end(s) && !is_blank(*s->p) && *s->p != '|')
			return syntax(o, "bad attribute value");
		o->d.attribute |= v;
	}
}

/* ---- Linux ---- */

static void skip_efi_tag(struct span *s)
{
	if (eat_ci(s, "efi:"))
		skip_blanks(s);
}

/* Linux's "[Type|flag|flag|...]" or "[Type|attr=0x...]", from the '['. */
static enum line_kind linux_typeattr(struct span *s, struct line_out *o)
{
	const char *f, *fe;
	uint64_t v;

	if (!eat(s, '['))
		return syntax(o, "expected '[' before the memory type");
	f = s->p;
	while (s->p < s->e && *s->p != '|' && *s->p != ']')
		s->p++;
	fe = s->p;
	trim(&f, &fe);
	if (fe - f > 5 && name_eq(f, f + 5, "type=")) {
		struct span n = { f + 5, fe };

		if (type_num(&n, &v) != NUM_OK || n.p != fe ||
		    v > UINT32_MAX)
			return syntax(o, "bad type number");
	} else if (!lookup(linux_types, EFIVMAP_ARRAY_SIZE(linux_types), f,
			   fe, &v)) {
		return syntax(o, "unknown memory type name");
	}
	o->d.type = (uint32_t)v;
	while (eat(s, '|')) {
		f = s->p;
		while (s->p < s->e && *s->p != '|' && *s->p != ']')
			s->p++;
		fe = s->p;
		trim(&f, &fe);
		if (f == fe)
			continue;
		if (fe - f > 5 && name_eq(f, f + 5, "attr=")) {
			struct span n = { f + 5, fe };

			if (hex_num(&n, true, &v, NULL) != NUM_OK ||
			    n.p != fe)
				return syntax(o, "bad attr= value");
		} else if (!lookup(attr_words, EFIVMAP_ARRAY_SIZE(attr_words),
				   f, fe, &v)) {
			return syntax(o, "unknown attribute flag");
		}
		o->d.attribute |= v;
	}
	if (!eat(s, ']'))
		return syntax(o, "missing ']' after the attribute flags");
	return LINE_DESC;
}

/* arm64: "efi:   0x000040000000-0x00004007ffff [Conventional|...]*" */
static enum line_kind parse_linux_arm64(struct span s, struct line_out *o)
{
	uint64_t a, b;
	enum num ra;
	enum line_kind k;

	skip_efi_tag(&s);
	if (!at_0x(&s))
		return LINE_NOISE;
	ra = hex_num(&s, true, &a, NULL);
	if (ra == NUM_NONE || !eat(&s, '-') || !at_0x(&s))
		return LINE_NOISE;
	if (ra == NUM_BIG)
		return syntax(o, "number does not fit in 64 bits");
	k = need(hex_num(&s, true, &b, NULL), o, "bad end address");
	if (k != LINE_DESC)
		return k;
	skip_blanks(&s);
	k = linux_typeattr(&s, o);
	if (k != LINE_DESC)
		return k;
	skip_blanks(&s);
	eat(&s, '*');           /* arm64 marks memory it will not use */
	k = finish(&s, o);
	if (k != LINE_DESC)
		return k;
	return set_range(o, a, b, true, &conv_linux_incl);
}

/*
 * x86 "efi: mem07: [Type|...] range=[0x...-0x...] (1MB)" and the older
 * "mem00: type=7, attr=0xf, range=[0x...-0x...) (0MB)". @want picks one
 * shape when detecting; 0 takes either.
 */
static enum line_kind parse_linux_mem(struct span s, struct line_out *o,
				      uint32_t want)
{
	uint64_t a, b, v;
	enum line_kind k;
	bool inclusive;

	skip_efi_tag(&s);
	if (!eat_ci(&s, "mem") || dec_num(&s, &v) != NUM_OK || !eat(&s, ':'))
		return LINE_NOISE;
	skip_blanks(&s);
	if (!at_end(&s) && *s.p == '[') {
		if (want == EFIVMAP_TEXT_LINUX_OLD)
			return LINE_NOISE;
		k = linux_typeattr(&s, o);
		if (k != LINE_DESC)
			return k;
	} else if (eat_ci(&s, "type=")) {
		if (want == EFIVMAP_TEXT_LINUX_X86)
			return LINE_NOISE;
		if (type_num(&s, &v) != NUM_OK || v > UINT32_MAX)
			return syntax(o, "bad type number");
		o->d.type = (uint32_t)v;
		skip_blanks(&s);
		if (!eat(&s, ','))
			return syntax(o, "expected ',' after type=");
		skip_blanks(&s);
		if (!eat_ci(&s, "attr="))
			return syntax(o, "expected attr=");
		k = need(hex_num(&s, true, &o->d.attribute, NULL), o,
			 "bad attr= value");
		if (k != LINE_DESC)
			return k;
		skip_blanks(&s);
		if (!eat(&s, ','))
			return syntax(o, "expected ',' after attr=");
	} else {
		return syntax(o, "expected '[' or type= after memNN:");
	}
	skip_blanks(&s);
	if (!eat_ci(&s, "range=["))
		return syntax(o, "expected range=[");
	k = need(hex_num(&s, true, &a, NULL), o, "bad start address");
	if (k != LINE_DESC)
		return k;
	if (!eat(&s, '-'))
		return syntax(o, "expected '-' between start and end");
	k = need(hex_num(&s, true, &b, NULL), o, "bad end address");
	if (k != LINE_DESC)
		return k;
	if (eat(&s, ']'))
		inclusive = true;
	else if (eat(&s, ')'))
		inclusive = false;
	else
		return syntax(o, "expected ']' or ')' after the range");
	skip_blanks(&s);
	if (eat(&s, '(')) {     /* the size in MB, redundant */
		while (s.p < s.e && *s.p != ')')
			s.p++;
		if (!eat(&s, ')'))
			return syntax(o, "unclosed '(' after the range");
	}
	k = finish(&s, o);
	if (k != LINE_DESC)
		return k;
	return set_range(o, a, b, inclusive,
			 inclusive ? &conv_linux_incl : &conv_linux_excl);
}

/* ---- UEFI Shell, U-Boot, Xen, FreeBSD, capture ---- */

/* "RT_Data    00000000001D0000-00000000001EFFFF 0000000000000020 8...0E" */
static enum line_kind parse_shell(struct span s, struct line_out *o)
{
	const char *t = s.p, *te = token_end(s.p, s.e);
	uint64_t a, b, pages, v;
	enum line_kind k;
	struct span n;

	if (t == te)
		return LINE_NOISE;
	s.p = te;
	skip_blanks(&s);
	if (!is_range_token(s.p, s.e))
		return LINE_NOISE;
	k = range_token(&s, &a, &b, o);
	if (k != LINE_DESC)
		return k;
	/* Types outside the standard range are printed as 8 hex digits. */
	n.p = t;
	n.e = te;
	if (!lookup(shell_types, EFIVMAP_ARRAY_SIZE(shell_types), t, te, &v) &&
	    (hex_num(&n, false, &v, NULL) != NUM_OK || n.p != te ||
	     v > UINT32_MAX))
		return syntax(o, "unknown memory type name");
	o->d.type = (uint32_t)v;
	skip_blanks(&s);
	k = need(hex_num(&s, false, &pages, NULL), o,
		 "missing # Pages column");
	if (k != LINE_DESC)
		return k;
	if (!token_done(&s))
		return syntax(o, "bad # Pages column");
	skip_blanks(&s);
	k = need(hex_num(&s, false, &o->d.attribute, NULL), o,
		 "missing Attributes column");
	if (k != LINE_DESC)
		return k;
	k = finish(&s, o);
	if (k != LINE_DESC)
		return k;
	k = set_range(o, a, b, true, &conv_shell);
	if (k != LINE_DESC)
		return k;
	if (o->d.num_pages != pages) {
		o->why = "# Pages disagrees with Start-End (end is inclusive in UEFI Shell memmap)";
		return LINE_RANGE;
	}
	return LINE_DESC;
}

static bool is_type_word(const char *p, const char *e)
{
	for (; p < e; p++) {
		char c = lower(*p);

		if (!((c >= 'a' && c <= 'z') || c == '_' || c == '(' ||
		      c == ')'))
			return false;
	}
	return true;
}

/* "RUNTIME DATA     00000000fab25000-00000000fab26000 WB|RT" */
static enum line_kind parse_uboot(struct span s, struct line_out *o)
{
	const char *t, *te = NULL;
	uint64_t a, b, v;
	enum line_kind k;
	unsigned words = 0;

	skip_blanks(&s);
	t = s.p;
	for (;;) {
		const char *we;

		skip_blanks(&s);
		if (at_end(&s))
			return LINE_NOISE;
		we = token_end(s.p, s.e);
		if (is_range_token(s.p, we))
			break;
		/* The longest name, "ACPI RECLAIM MEM", has three words. */
		if (words == 3 || !is_type_word(s.p, we))
			return LINE_NOISE;
		words++;
		te = we;
		s.p = we;
	}
	if (!words)
		return LINE_NOISE;
	k = range_token(&s, &a, &b, o);
	if (k != LINE_DESC)
		return k;
	if (!lookup(uboot_types, EFIVMAP_ARRAY_SIZE(uboot_types), t, te, &v))
		return syntax(o, name_eq(t, te, "(unknown)") ?
			      "memory type printed as (unknown)" :
			      "unknown memory type name");
	o->d.type = (uint32_t)v;
	if (!token_done(&s))
		return syntax(o, "unexpected text after the range");
	k = attr_list(&s, o);
	if (k != LINE_DESC)
		return k;
	return set_range(o, a, b, false, &conv_uboot);
}

/* "(XEN)  000000009e000-000000009efff type=0 attr=000000000000000f" */
static enum line_kind parse_xen(struct span s, struct line_out *o)
{
	uint64_t a, b, v;
	enum line_kind k;

	if (!is_range_token(s.p, token_end(s.p, s.e)))
		return LINE_NOISE;
	k = range_token(&s, &a, &b, o);
	if (k != LINE_DESC)
		return k;
	skip_blanks(&s);
	if (!eat_ci(&s, "type="))
		return syntax(o, "expected type=");
	if (dec_num(&s, &v) != NUM_OK || v > UINT32_MAX)
		return syntax(o, "bad type number");
	o->d.type = (uint32_t)v;
	skip_blanks(&s);
	if (!eat_ci(&s, "attr="))
		return syntax(o, "expected attr=");
	k = need(hex_num(&s, true, &o->d.attribute, NULL), o,
		 "bad attr= value");
	if (k != LINE_DESC)
		return k;
	k = finish(&s, o);
	if (k != LINE_DESC)
		return k;
	return set_range(o, a, b, true, &conv_xen);
}

/* "RuntimeServicesData 0000f6b27000 0000f6b27000 00000001 WB RUNTIME" */
static enum line_kind parse_freebsd(struct span s, struct line_out *o)
{
	const char *t = s.p, *te = token_end(s.p, s.e);
	bool invalid = name_eq(t, te, "<INVALID>");
	uint64_t v = 0;
	enum line_kind k;
	struct span n;

	if (!invalid &&
	    !lookup(freebsd_types, EFIVMAP_ARRAY_SIZE(freebsd_types), t, te,
		    &v))
		return LINE_NOISE;
	s.p = te;
	skip_blanks(&s);
	n = s;
	if (hex_num(&n, false, &o->d.phys_start, NULL) == NUM_NONE ||
	    !token_done(&n))
		return LINE_NOISE;
	if (invalid)
		return syntax(o, "memory type printed as <INVALID>");
	o->d.type = (uint32_t)v;
	k = need(hex_num(&s, false, &o->d.phys_start, NULL), o,
		 "bad physical address");
	if (k != LINE_DESC)
		return k;
	skip_blanks(&s);
	k = need(hex_num(&s, false, &o->d.virt_start, NULL), o,
		 "missing virtual address column");
	if (k != LINE_DESC)
		return k;
	if (!token_done(&s))
		return syntax(o, "bad virtual address column");
	skip_blanks(&s);
	k = need(hex_num(&s, false, &o->d.num_pages, NULL), o,
		 "missing #Pages column");
	if (k != LINE_DESC)
		return k;
	if (!token_done(&s))
		return syntax(o, "bad #Pages column");
	o->has_virt = true;
	return attr_list(&s, o);
}

/* "7 0x0000000040000000 0x4000 0x0000000000000008 [0x...virt]" */
static enum line_kind parse_capture(struct span s, struct line_out *o)
{
	uint64_t type, v[4];
	enum line_kind k;
	enum num r;
	unsigned i;

	r = type_num(&s, &type);
	if (r == NUM_NONE || !token_done(&s))
		return LINE_NOISE;
	skip_blanks(&s);
	if (!at_0x(&s))
		return LINE_NOISE;
	if (r == NUM_BIG || type > UINT32_MAX)
		return syntax(o, "bad type number");
	o->d.type = (uint32_t)type;
	for (i = 0; i < 4; i++) {
		skip_blanks(&s);
		if (i == 3 && at_end(&s))
			break;
		k = need(hex_num(&s, true, &v[i], NULL), o,
			 "expected: type phys_start num_pages attribute [virt_start]");
		if (k != LINE_DESC)
			return k;
		if (!token_done(&s))
			return syntax(o, "bad number");
	}
	o->d.phys_start = v[0];
	o->d.num_pages = v[1];
	o->d.attribute = v[2];
	if (i == 4) {
		o->d.virt_start = v[3];
		o->has_virt = true;
	}
	return finish(&s, o);
}

static enum line_kind parse_line(uint32_t fmt, struct span s,
				 struct line_out *o, bool detect)
{
	efivmap__zero(o, sizeof(*o));
	o->why = "";
	switch (fmt) {
	case EFIVMAP_TEXT_LINUX_ARM64:
		return parse_linux_arm64(s, o);
	case EFIVMAP_TEXT_LINUX_X86:
	case EFIVMAP_TEXT_LINUX_OLD:
		/* Either shape reads in either format; only detection cares. */
		return parse_linux_mem(s, o, detect ? fmt : 0);
	case EFIVMAP_TEXT_UEFI_SHELL:
		return parse_shell(s, o);
	case EFIVMAP_TEXT_UBOOT:
		return parse_uboot(s, o);
	case EFIVMAP_TEXT_XEN:
		return parse_xen(s, o);
	case EFIVMAP_TEXT_FREEBSD:
		return parse_freebsd(s, o);
	case EFIVMAP_TEXT_CAPTURE:
		return parse_capture(s, o);
	default:
		return LINE_NOISE;
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
		while (p < e && (is_blank(*p) || *p == '>'))
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
		if (e - p >= 5 && name_eq(p, p + 5, "(XEN)")) {
			p += 5;
			continue;
		}
		return p;
	}
}

static bool lines_next(struct lines *l, struct span *s)
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
	while (e > b && (is_blank(e[-1]) || e[-1] == '\r'))
		e--;
	s->p = skip_line_prefix(b, e);
	s->e = e;
	return true;
}

/* "# desc_size 48" / "# desc_version 1" in a capture header. */
static void read_comment(struct span s, size_t *desc_size,
			 uint32_t *desc_version)
{
	uint64_t v;
	bool size;

	s.p++;
	skip_blanks(&s);
	if (eat_ci(&s, "desc_size"))
		size = true;
	else if (eat_ci(&s, "desc_version"))
		size = false;
	else
		return;
	if (!token_done(&s))
		return;
	skip_blanks(&s);
	if (type_num(&s, &v) != NUM_OK || !token_done(&s))
		return;
	skip_blanks(&s);
	if (!at_end(&s))
		return;
	if (size && v <= SIZE_MAX)
		*desc_size = (size_t)v;
	else if (!size && v <= UINT32_MAX)
		*desc_version = (uint32_t)v;
}

static bool is_comment(const struct span *s)
{
	return !at_end(s) && *s->p == '#';
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
	struct span s;
	struct line_out o;
	uint32_t broken = EFIVMAP_TEXT_AUTO, broken_line = 0;
	enum line_kind k;
	size_t i;

	lines_init(&l, text, len);
	while (lines_next(&l, &s)) {
		if (at_end(&s) || is_comment(&s))
			continue;
		for (i = 0; i < EFIVMAP_ARRAY_SIZE(detect_order); i++) {
			k = parse_line(detect_order[i], s, &o, true);
			if (k == LINE_DESC || k == LINE_RANGE) {
				*format = detect_order[i];
				*line = l.no;
				return 0;
			}
			if (k == LINE_SYNTAX && broken == EFIVMAP_TEXT_AUTO) {
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
	struct span s;
	struct line_out o;
	enum line_kind k;

	efivmap__zero(r, sizeof(*r));
	lines_init(&l, text, len);
	while (lines_next(&l, &s)) {
		if (at_end(&s))
			continue;
		if (is_comment(&s)) {
			read_comment(s, &r->in_desc_size, &r->desc_version);
			continue;
		}
		k = parse_line(fmt, s, &o, false);
		if (k == LINE_NOISE)
			continue;
		if (k != LINE_DESC)
			return efivmap__fail(diag, k == LINE_SYNTAX ?
					     EFIVMAP_ERR_SYNTAX :
					     EFIVMAP_ERR_RANGE, o.why,
					     r->count > UINT32_MAX - 1 ?
					     EFIVMAP_DIAG_NONE :
					     (uint32_t)r->count, l.no,
					     k == LINE_RANGE ?
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

static bool desc_size_ok(size_t n)
{
	return n >= EFIVMAP_EFI_DESC_MIN_SIZE && n % 8 == 0;
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
	if (!desc_size_ok(in_desc_size) || !desc_size_ok(desc_size))
		return efivmap__fail(diag, EFIVMAP_ERR_DESC_SIZE,
				     "descriptor size below 40 or not a multiple of 8",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     desc_size_ok(in_desc_size) ? desc_size :
				     in_desc_size);
	if (len % in_desc_size)
		return efivmap__fail(diag, EFIVMAP_ERR_MAP_SIZE,
				     "raw input length is not a multiple of its descriptor size",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, len);
	count = len / in_desc_size;
	if (count > SIZE_MAX / desc_size)
		return efivmap__fail(diag, EFIVMAP_ERR_NOSPACE,
				     "output would not fit in memory",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	efivmap__zero(info, sizeof(*info));
	info->format = EFIVMAP_TEXT_RAW;
	info->in_desc_size = in_desc_size;
	info->count = count;
	info->needed = count * desc_size;
	info->has_virt = true;
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
	if (!desc_size_ok(desc_size))
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
	if (r.count > SIZE_MAX / desc_size)
		return efivmap__fail(diag, EFIVMAP_ERR_NOSPACE,
				     "output would not fit in memory",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	needed = r.count * desc_size;
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
