// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The firmware's own memory map commands: the UEFI Shell's "memmap" and
 * U-Boot's "efidebug memmap" and "efi mem".
 */
#include "text_internal.h"

/*
 * Names are matched ignoring case, so the EFI 1.10 Shell's lower-case
 * "available", "reserved", "RT_code" read with today's. The rows after
 * the first block are what older Shells and EDK2's long names say.
 */
static const struct efivmap__named shell_types[] = {
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
	/* EFI 1.10 Shell */
	{ "LD_Code", EFIVMAP_EFI_LOADER_CODE },
	{ "LD_Data", EFIVMAP_EFI_LOADER_DATA },
	{ "LDR_Code", EFIVMAP_EFI_LOADER_CODE },
	{ "LDR_Data", EFIVMAP_EFI_LOADER_DATA },
	{ "MemMapIO", EFIVMAP_EFI_MMIO },
	{ "MemPortIO", EFIVMAP_EFI_MMIO_PORT_SPACE },
	{ "PAL_Code", EFIVMAP_EFI_PAL_CODE },
	/* EDK2's long names */
	{ "BootServiceCode", EFIVMAP_EFI_BOOT_SERVICES_CODE },
	{ "BootServiceData", EFIVMAP_EFI_BOOT_SERVICES_DATA },
	{ "RuntimeCode", EFIVMAP_EFI_RUNTIME_SERVICES_CODE },
	{ "RuntimeData", EFIVMAP_EFI_RUNTIME_SERVICES_DATA },
};

static const struct efivmap__named uboot_types[] = {
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

static const struct efivmap__conv conv_shell = {
	"end below start (end is inclusive in UEFI Shell memmap)",
	"end is inclusive in UEFI Shell memmap; size is not whole 4 KiB pages",
};
static const struct efivmap__conv conv_uboot = {
	"end not above start (end is exclusive in U-Boot efidebug memmap)",
	"end is exclusive in U-Boot efidebug memmap; size is not whole 4 KiB pages",
};

/* "RT_Data    00000000001D0000-00000000001EFFFF 0000000000000020 8...0E" */
enum efivmap__line_kind efivmap__parse_shell(struct efivmap__span s,
					     struct efivmap__line *o)
{
	const char *t = s.p, *te = efivmap__token_end(s.p, s.e);
	uint64_t a, b, pages, v;
	enum efivmap__line_kind k;
	struct efivmap__span n;

	if (t == te)
		return EFIVMAP__LINE_NOISE;
	s.p = te;
	efivmap__skip_blanks(&s);
	if (!efivmap__is_range_token(s.p, s.e))
		return EFIVMAP__LINE_NOISE;
	k = efivmap__range_token(&s, &a, &b, o);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	/* Types outside the standard range are printed as 8 hex digits. */
	n.p = t;
	n.e = te;
	if (!efivmap__lookup(shell_types, EFIVMAP_ARRAY_SIZE(shell_types), t,
			     te, &v) && !efivmap__enum_type(t, te, &v) &&
	    (efivmap__hex_num(&n, false, &v, NULL) != EFIVMAP__NUM_OK ||
	     n.p != te || v > UINT32_MAX))
		return efivmap__syntax(o, "unknown memory type name");
	o->d.type = (uint32_t)v;
	k = efivmap__hex_column(&s, &pages, o, "missing # Pages column",
				"bad # Pages column");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	efivmap__skip_blanks(&s);
	k = efivmap__need(efivmap__hex_num(&s, false, &o->d.attribute, NULL),
			  o, "missing Attributes column");
	if (k != EFIVMAP__LINE_DESC)
		return k;
	k = efivmap__finish_range(&s, o, a, b, true, &conv_shell);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	if (o->d.num_pages != pages) {
		o->why = "# Pages disagrees with Start-End (end is inclusive in UEFI Shell memmap)";
		return EFIVMAP__LINE_RANGE;
	}
	return EFIVMAP__LINE_DESC;
}

static bool is_type_word(const char *p, const char *e)
{
	for (; p < e; p++) {
		char c = efivmap__lower(*p);

		if (!((c >= 'a' && c <= 'z') || c == '_' || c == '(' ||
		      c == ')'))
			return false;
	}
	return true;
}

/* "RUNTIME DATA     00000000fab25000-00000000fab26000 WB|RT" */
static enum efivmap__line_kind uboot_efidebug(struct efivmap__span s,
					      struct efivmap__line *o)
{
	const char *t, *te = NULL;
	uint64_t a, b, v;
	enum efivmap__line_kind k;
	unsigned words = 0;

	efivmap__skip_blanks(&s);
	t = s.p;
	for (;;) {
		const char *we;

		efivmap__skip_blanks(&s);
		if (efivmap__at_end(&s))
			return EFIVMAP__LINE_NOISE;
		we = efivmap__token_end(s.p, s.e);
		if (efivmap__is_range_token(s.p, we))
			break;
		/* The longest name, "ACPI RECLAIM MEM", has three words. */
		if (words == 3 || !is_type_word(s.p, we))
			return EFIVMAP__LINE_NOISE;
		words++;
		te = we;
		s.p = we;
	}
	if (!words)
		return EFIVMAP__LINE_NOISE;
	k = efivmap__range_token(&s, &a, &b, o);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	/* Newer U-Boot spells types as the UEFI enum does. */
	if (!efivmap__lookup(uboot_types, EFIVMAP_ARRAY_SIZE(uboot_types), t,
			     te, &v) && !efivmap__enum_type(t, te, &v))
		return efivmap__syntax(o, efivmap__name_eq(t, te, "(unknown)") ?
				       "memory type printed as (unknown)" :
				       "unknown memory type name");
	o->d.type = (uint32_t)v;
	if (!efivmap__token_done(&s))
		return efivmap__syntax(o, "unexpected text after the range");
	k = efivmap__attr_list(&s, o);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	return efivmap__set_range(o, a, b, false, &conv_uboot);
}

/* "efi mem" attributes: 'r' for EFI_MEMORY_RUNTIME, then the rest in hex. */
static enum efivmap__line_kind uboot_mem_attr(struct efivmap__span *s,
					      struct efivmap__line *o)
{
	uint64_t v;

	efivmap__skip_blanks(s);
	if (efivmap__eat(s, 'r'))
		o->d.attribute = EFIVMAP_EFI_MEMORY_RUNTIME;
	if (efivmap__hex_num(s, false, &v, NULL) != EFIVMAP__NUM_OK)
		return efivmap__syntax(o, "bad Attributes column");
	o->d.attribute |= v;
	return efivmap__finish(s, o);
}

/*
 * U-Boot's "efi mem" (as an EFI app or payload):
 * "  6  6:rt_data       001f8ef000  0000000000  0000100000  rf", with the
 * type as hex:name, and a size in bytes rather than an end.
 */
static enum efivmap__line_kind uboot_mem(struct efivmap__span s,
					 struct efivmap__line *o)
{
	uint64_t n, type, size;
	enum efivmap__line_kind k;
	const char *name;

	if (efivmap__dec_num(&s, &n) != EFIVMAP__NUM_OK ||
	    !efivmap__token_done(&s))
		return EFIVMAP__LINE_NOISE;
	efivmap__skip_blanks(&s);
	if (efivmap__hex_num(&s, false, &type, NULL) != EFIVMAP__NUM_OK ||
	    !efivmap__eat(&s, ':'))
		return EFIVMAP__LINE_NOISE;
	name = s.p;
	s.p = efivmap__token_end(s.p, s.e);
	if (name == s.p || !is_type_word(name, s.p))
		return EFIVMAP__LINE_NOISE;
	if (type > UINT32_MAX)
		return efivmap__syntax(o, "bad type number");
	o->d.type = (uint32_t)type;
	o->has_virt = true;
	k = efivmap__hex_column(&s, &o->d.phys_start, o,
				"missing Physical column", "bad Physical column");
	if (k == EFIVMAP__LINE_DESC)
		k = efivmap__hex_column(&s, &o->d.virt_start, o,
					"missing Virtual column",
					"bad Virtual column");
	if (k == EFIVMAP__LINE_DESC)
		k = efivmap__hex_column(&s, &size, o, "missing Size column",
					"bad Size column");
	if (k == EFIVMAP__LINE_DESC)
		k = uboot_mem_attr(&s, o);
	if (k != EFIVMAP__LINE_DESC)
		return k;
	if (!size || (size & (EFIVMAP_SZ_4K - 1))) {
		o->why = "Size in U-Boot efi mem is not whole 4 KiB pages";
		return EFIVMAP__LINE_RANGE;
	}
	o->d.num_pages = size >> EFIVMAP_EFI_PAGE_SHIFT;
	return EFIVMAP__LINE_DESC;
}

/* Both of U-Boot's listings: "efidebug memmap" and "efi mem". */
enum efivmap__line_kind efivmap__parse_uboot(struct efivmap__span s,
					     struct efivmap__line *o)
{
	enum efivmap__line_kind k = uboot_efidebug(s, o);

	return k == EFIVMAP__LINE_NOISE ? uboot_mem(s, o) : k;
}
