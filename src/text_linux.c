// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Linux efi=debug lines, all three generations: arm64's range-first line,
 * x86's "memNN: [Type|...] range=[...]" and the older "memNN: type=N,
 * attr=0x..., range=[...)" whose end is exclusive.
 */
#include "text_internal.h"

/*
 * Type names as Linux prints them. It changed its spelling in 4.x-5.x
 * ("Conventional Memory" became "Conventional"), so both are kept.
 */
static const struct efivmap__named linux_types[] = {
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

static const struct efivmap__conv conv_linux_incl = {
	"end below start (end is inclusive in Linux efi=debug)",
	"end is inclusive in Linux efi=debug; size is not whole 4 KiB pages",
};
static const struct efivmap__conv conv_linux_excl = {
	"end not above start (end is exclusive, ')', in old Linux efi=debug)",
	"end is exclusive, ')', in old Linux efi=debug; size is not whole 4 KiB pages",
};

static void skip_efi_tag(struct efivmap__span *s)
{
	if (efivmap__eat_ci(s, "efi:"))
		efivmap__skip_blanks(s);
}

/* Step over one '|'- or ']'-ended field of "[...]", trimmed into [@f, @fe). */
static void typeattr_field(struct efivmap__span *s, const char **f,
			   const char **fe)
{
	*f = s->p;
	while (s->p < s->e && *s->p != '|' && *s->p != ']')
		s->p++;
	*fe = s->p;
	efivmap__trim(f, fe);
}

/* Linux's "[Type|flag|flag|...]" or "[Type|attr=0x...]", from the '['. */
static enum efivmap__line_kind linux_typeattr(struct efivmap__span *s,
					      struct efivmap__line *o)
{
	const char *f, *fe;
	uint64_t v;

	if (!efivmap__eat(s, '['))
		return efivmap__syntax(o,
				       "expected '[' before the memory type");
	typeattr_field(s, &f, &fe);
	if (fe - f > 5 && efivmap__name_eq(f, f + 5, "type=")) {
		struct efivmap__span n = { f + 5, fe };

		if (efivmap__type_num(&n, &v) != EFIVMAP__NUM_OK || n.p != fe ||
		    v > UINT32_MAX)
			return efivmap__syntax(o, "bad type number");
	} else if (!efivmap__lookup(linux_types,
				    EFIVMAP_ARRAY_SIZE(linux_types), f, fe,
				    &v)) {
		return efivmap__syntax(o, "unknown memory type name");
	}
	o->d.type = (uint32_t)v;
	/* Linux before 3.19 printed the type alone on arm64: "[Runtime Data]". */
	o->no_attrs = s->p < s->e && *s->p == ']';
	while (efivmap__eat(s, '|')) {
		typeattr_field(s, &f, &fe);
		if (f == fe)
			continue;
		if (fe - f > 5 && efivmap__name_eq(f, f + 5, "attr=")) {
			struct efivmap__span n = { f + 5, fe };

			if (efivmap__hex_num(&n, true, &v, NULL) !=
			    EFIVMAP__NUM_OK || n.p != fe)
				return efivmap__syntax(o, "bad attr= value");
		} else if (!efivmap__attr_word(f, fe, &v)) {
			return efivmap__syntax(o, "unknown attribute flag");
		}
		o->d.attribute |= v;
	}
	if (!efivmap__eat(s, ']'))
		return efivmap__syntax(o,
				       "missing ']' after the attribute flags");
	return EFIVMAP__LINE_DESC;
}

bool efivmap__memattr_tag(struct efivmap__span *s)
{
	struct efivmap__span t = *s;

	skip_efi_tag(&t);
	if (!efivmap__eat_ci(&t, "memattr:"))
		return false;
	efivmap__skip_blanks(&t);
	if (efivmap__eat(&t, '!'))
		efivmap__skip_blanks(&t);
	*s = t;
	return true;
}

/* arm64: "efi:   0x000040000000-0x00004007ffff [Conventional|...]*" */
enum efivmap__line_kind efivmap__parse_linux_arm64(struct efivmap__span s,
						   struct efivmap__line *o)
{
	uint64_t a, b;
	enum efivmap__num ra;
	enum efivmap__line_kind k;

	skip_efi_tag(&s);
	if (!efivmap__at_0x(&s))
		return EFIVMAP__LINE_NOISE;
	ra = efivmap__hex_num(&s, true, &a, NULL);
	if (ra == EFIVMAP__NUM_NONE || !efivmap__eat(&s, '-') ||
	    !efivmap__at_0x(&s))
		return EFIVMAP__LINE_NOISE;
	if (ra == EFIVMAP__NUM_BIG)
		return efivmap__syntax(o, "number does not fit in 64 bits");
	k = efivmap__need(efivmap__hex_num(&s, true, &b, NULL), o,
			  "bad end address");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	efivmap__skip_blanks(&s);
	k = linux_typeattr(&s, o);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	efivmap__skip_blanks(&s);
	efivmap__eat(&s, '*');  /* arm64 marks memory it will not use */
	return efivmap__finish_range(&s, o, a, b, true, &conv_linux_incl);
}

/* The old "type=7, attr=0xf," after "memNN:", from past "type=". */
static enum efivmap__line_kind linux_old_typeattr(struct efivmap__span *s,
						  struct efivmap__line *o)
{
	enum efivmap__line_kind k;
	uint64_t v;

	if (efivmap__type_num(s, &v) != EFIVMAP__NUM_OK || v > UINT32_MAX)
		return efivmap__syntax(o, "bad type number");
	o->d.type = (uint32_t)v;
	efivmap__skip_blanks(s);
	if (!efivmap__eat(s, ','))
		return efivmap__syntax(o, "expected ',' after type=");
	efivmap__skip_blanks(s);
	if (!efivmap__eat_ci(s, "attr="))
		return efivmap__syntax(o, "expected attr=");
	k = efivmap__need(efivmap__hex_num(s, true, &o->d.attribute, NULL), o,
			  "bad attr= value");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	efivmap__skip_blanks(s);
	if (!efivmap__eat(s, ','))
		return efivmap__syntax(o, "expected ',' after attr=");
	return EFIVMAP__LINE_DESC;
}

/* "range=[0x...-0x...]" or "...)", then an optional "(1MB)". */
static enum efivmap__line_kind linux_mem_range(struct efivmap__span s,
					       struct efivmap__line *o)
{
	uint64_t a, b;
	enum efivmap__line_kind k;
	bool inclusive;

	efivmap__skip_blanks(&s);
	if (!efivmap__eat_ci(&s, "range=["))
		return efivmap__syntax(o, "expected range=[");
	k = efivmap__need(efivmap__hex_num(&s, true, &a, NULL), o,
			  "bad start address");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	if (!efivmap__eat(&s, '-'))
		return efivmap__syntax(o,
				       "expected '-' between start and end");
	k = efivmap__need(efivmap__hex_num(&s, true, &b, NULL), o,
			  "bad end address");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	if (efivmap__eat(&s, ']'))
		inclusive = true;
	else if (efivmap__eat(&s, ')'))
		inclusive = false;
	else
		return efivmap__syntax(o,
				       "expected ']' or ')' after the range");
	efivmap__skip_blanks(&s);
	if (efivmap__eat(&s, '(')) {    /* the size in MB, redundant */
		while (s.p < s.e && *s.p != ')')
			s.p++;
		if (!efivmap__eat(&s, ')'))
			return efivmap__syntax(o,
					       "unclosed '(' after the range");
	}
	return efivmap__finish_range(&s, o, a, b, inclusive,
				     inclusive ? &conv_linux_incl :
				     &conv_linux_excl);
}

/*
 * x86 "efi: mem07: [Type|...] range=[0x...-0x...] (1MB)" and the older
 * "mem00: type=7, attr=0xf, range=[0x...-0x...) (0MB)". @want picks one
 * shape when detecting; 0 takes either.
 */
enum efivmap__line_kind efivmap__parse_linux_mem(struct efivmap__span s,
						 struct efivmap__line *o,
						 uint32_t want)
{
	enum efivmap__line_kind k;
	uint64_t v;

	skip_efi_tag(&s);
	if (!efivmap__eat_ci(&s, "mem") ||
	    efivmap__dec_num(&s, &v) != EFIVMAP__NUM_OK ||
	    !efivmap__eat(&s, ':'))
		return EFIVMAP__LINE_NOISE;
	efivmap__skip_blanks(&s);
	if (!efivmap__at_end(&s) && *s.p == '[') {
		if (want == EFIVMAP_TEXT_LINUX_OLD)
			return EFIVMAP__LINE_NOISE;
		k = linux_typeattr(&s, o);
	} else if (efivmap__eat_ci(&s, "type=")) {
		if (want == EFIVMAP_TEXT_LINUX_X86)
			return EFIVMAP__LINE_NOISE;
		k = linux_old_typeattr(&s, o);
	} else {
		return efivmap__syntax(o,
				       "expected '[' or type= after memNN:");
	}
	return k == EFIVMAP__LINE_DESC ? linux_mem_range(s, o) : k;
}
