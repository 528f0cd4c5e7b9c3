// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The other producers: Xen's "(XEN)" console dump, FreeBSD's arm64 boot
 * log, and captures (one descriptor a line, as numbers, beside a raw map).
 */
#include "text_internal.h"

static const struct efivmap__named freebsd_types[] = {
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

bool efivmap__enum_type(const char *f, const char *fe, uint64_t *value)
{
	if (fe - f > 3 && efivmap__name_eq(f, f + 3, "Efi"))
		f += 3;
	return efivmap__lookup(freebsd_types, EFIVMAP_ARRAY_SIZE(freebsd_types),
			       f, fe, value);
}

static const struct efivmap__conv conv_xen = {
	"end below start (end is inclusive in Xen's EFI memory map)",
	"end is inclusive in Xen's EFI memory map; size is not whole 4 KiB pages",
};

/* "(XEN)  000000009e000-000000009efff type=0 attr=000000000000000f" */
enum efivmap__line_kind efivmap__parse_xen(struct efivmap__span s,
					   struct efivmap__line *o)
{
	uint64_t a, b, v;
	enum efivmap__line_kind k;

	if (!efivmap__is_range_token(s.p, efivmap__token_end(s.p, s.e)))
		return EFIVMAP__LINE_NOISE;
	k = efivmap__range_token(&s, &a, &b, o);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	efivmap__skip_blanks(&s);
	if (!efivmap__eat_ci(&s, "type="))
		return efivmap__syntax(o, "expected type=");
	if (efivmap__dec_num(&s, &v) != EFIVMAP__NUM_OK || v > UINT32_MAX)
		return efivmap__syntax(o, "bad type number");
	o->d.type = (uint32_t)v;
	efivmap__skip_blanks(&s);
	if (!efivmap__eat_ci(&s, "attr="))
		return efivmap__syntax(o, "expected attr=");
	k = efivmap__need(efivmap__hex_num(&s, true, &o->d.attribute, NULL),
			  o, "bad attr= value");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	return efivmap__finish_range(&s, o, a, b, true, &conv_xen);
}

/* "RuntimeServicesData 0000f6b27000 0000f6b27000 00000001 WB RUNTIME" */
enum efivmap__line_kind efivmap__parse_freebsd(struct efivmap__span s,
					       struct efivmap__line *o)
{
	const char *t = s.p, *te = efivmap__token_end(s.p, s.e);
	bool invalid = efivmap__name_eq(t, te, "<INVALID>");
	uint64_t v = 0;
	enum efivmap__line_kind k;
	struct efivmap__span n;

	if (!invalid && !efivmap__enum_type(t, te, &v))
		return EFIVMAP__LINE_NOISE;
	s.p = te;
	efivmap__skip_blanks(&s);
	n = s;
	if (efivmap__hex_num(&n, false, &o->d.phys_start, NULL) ==
	    EFIVMAP__NUM_NONE || !efivmap__token_done(&n))
		return EFIVMAP__LINE_NOISE;
	if (invalid)
		return efivmap__syntax(o, "memory type printed as <INVALID>");
	o->d.type = (uint32_t)v;
	k = efivmap__need(efivmap__hex_num(&s, false, &o->d.phys_start, NULL),
			  o, "bad physical address");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	k = efivmap__hex_column(&s, &o->d.virt_start, o,
				"missing virtual address column",
				"bad virtual address column");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	k = efivmap__hex_column(&s, &o->d.num_pages, o,
				"missing #Pages column", "bad #Pages column");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	o->has_virt = true;
	return efivmap__attr_list(&s, o);
}

/* "7 0x0000000040000000 0x4000 0x0000000000000008 [0x...virt]" */
enum efivmap__line_kind efivmap__parse_capture(struct efivmap__span s,
					       struct efivmap__line *o)
{
	uint64_t type, v[4];
	enum efivmap__line_kind k;
	enum efivmap__num r;
	unsigned i;

	r = efivmap__type_num(&s, &type);
	if (r == EFIVMAP__NUM_NONE || !efivmap__token_done(&s))
		return EFIVMAP__LINE_NOISE;
	efivmap__skip_blanks(&s);
	if (!efivmap__at_0x(&s))
		return EFIVMAP__LINE_NOISE;
	if (r == EFIVMAP__NUM_BIG || type > UINT32_MAX)
		return efivmap__syntax(o, "bad type number");
	o->d.type = (uint32_t)type;
	for (i = 0; i < 4; i++) {
		efivmap__skip_blanks(&s);
		if (i == 3 && efivmap__at_end(&s))
			break;
		k = efivmap__need(efivmap__hex_num(&s, true, &v[i], NULL), o,
				  "expected: type phys_start num_pages attribute [virt_start]");
		if (k != EFIVMAP__LINE_DESC)
			return k;
		if (!efivmap__token_done(&s))
			return efivmap__syntax(o, "bad number");
	}
	o->d.phys_start = v[0];
	o->d.num_pages = v[1];
	o->d.attribute = v[2];
	if (i == 4) {
		o->d.virt_start = v[3];
		o->has_virt = true;
	}
	return efivmap__finish(&s, o);
}
