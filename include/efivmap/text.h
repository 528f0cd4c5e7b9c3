/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Dump readers: turn a memory map that someone printed (a boot log, a UEFI
 * Shell session, a U-Boot console, a capture file) or saved raw back into
 * an array of EFI memory descriptors.
 *
 * Buffers in, descriptors out: the caller owns all memory. Sizing works by
 * asking twice: a first call with no output buffer fails with
 * -EFIVMAP_ERR_NOSPACE and reports the bytes needed in the info struct.
 * Every call reads its input in a few linear passes and writes nothing
 * until the whole input has been checked.
 *
 * Text formats read (auto-detected, or forced with @format):
 *   linux-arm64  efi:   0x000040000000-0x00004007ffff [Conventional|...|WB]
 *                (end inclusive; "[    0.000000]" prefix and trailing '*'
 *                allowed; both type-name generations; "|attr=0x...]")
 *   linux-x86    efi: mem07: [Runtime Data |RUN|...] range=[0x...-0x...]
 *                (']' inclusive end, ')' exclusive end)
 *   linux-old    mem00: type=7, attr=0xf, range=[0x...-0x...) (0MB)
 *   uefi-shell   RT_Data 00000000001D0000-00000000001EFFFF 0000000000000020
 *                800000000000000E  (end inclusive; # Pages must agree)
 *   uboot        RUNTIME DATA 00000000fab25000-00000000fab26000 WB|RT
 *                (end exclusive), and "efi mem" (U-Boot as an EFI app):
 *                6  6:rt_data  001f8ef000  0000000000  0000100000  rf
 *                (type hex:name, physical, virtual, size in bytes, 'r'
 *                for RUNTIME then the other attribute bits in hex)
 *   xen          (XEN)  000000009e000-000000009efff type=0 attr=00...0f
 *                (end inclusive)
 *   freebsd      RuntimeServicesData 0000f6b27000 0000f6b27000 00000001 WB
 *                RUNTIME  (physical, virtual, pages in hex)
 *   capture      7 0x0000000040000000 0x4000 0x8 [0x...virt]; '#' header
 *                lines "# desc_size N" and "# desc_version N" are reported
 * and the raw binary descriptor array (format raw, never auto-detected).
 *
 * Variants: the Shell's names of every version (EFI 1.10's "available",
 * "RT_code", "MemMapIO", "PAL_code", ...; EDK2's long "RuntimeData"),
 * type names spelled as the UEFI enum ("RuntimeServicesData") in the Shell
 * and U-Boot, U-Boot lines with an empty attribute field, and Linux arm64
 * lines without "efi:" (3.14-3.18), also with the type alone, "[Runtime
 * Data ]": there EFI_MEMORY_RUNTIME | EFI_MEMORY_WB is inferred for
 * Runtime Code and Data (finding EFIVMAP_FIND_RT_INFERRED, counted in
 * info->rt_inferred). "efi: memattr:" lines are a Memory Attributes Table
 * and are skipped (counted in info->mat_entries; read them with
 * efivmap_text_parse_mat()). A log that prints the same map twice or more
 * is read once (EFIVMAP_FIND_MAP_REPEATED, info->repeated). UTF-16 input
 * (the Shell's "memmap > file") is refused with -EFIVMAP_ERR_FORMAT:
 * convert it with efivmap_text_from_utf16() first.
 *
 * Lines that are not descriptors of the format are skipped: headers,
 * footers, other log lines, '#' comments. Leading blanks, tabs, '>' mail
 * quote markers, "[ timestamp ]" groups, "<N>" log levels and "(XEN)" are
 * skipped on every line; "\r" line ends are accepted.
 */
#ifndef EFIVMAP_TEXT_H
#define EFIVMAP_TEXT_H

#include "efi.h"
#include "error.h"
#include "finding.h"

/* Formats. Values are stable. */
#define EFIVMAP_TEXT_AUTO        0u  /* detect (efivmap_text_detect()) */
#define EFIVMAP_TEXT_LINUX_ARM64 1u  /* "linux-arm64" */
#define EFIVMAP_TEXT_LINUX_X86   2u  /* "linux-x86" */
#define EFIVMAP_TEXT_LINUX_OLD   3u  /* "linux-old" */
#define EFIVMAP_TEXT_UEFI_SHELL  4u  /* "uefi-shell" */
#define EFIVMAP_TEXT_UBOOT       5u  /* "uboot" */
#define EFIVMAP_TEXT_XEN         6u  /* "xen" */
#define EFIVMAP_TEXT_FREEBSD     7u  /* "freebsd" */
#define EFIVMAP_TEXT_CAPTURE     8u  /* "capture" */
#define EFIVMAP_TEXT_RAW         9u  /* "raw": binary descriptor array */
#define EFIVMAP_TEXT_NR_FORMATS  10u

/*
 * What a successful (or -EFIVMAP_ERR_NOSPACE) call found. Untouched by
 * every other failure.
 */
struct efivmap_text_info {
	uint32_t format;       /* format read; the detected one under AUTO */
	uint32_t desc_version; /* "# desc_version" of a capture, else 0 */
	size_t in_desc_size;   /* "# desc_size" of a capture, the raw input
				* stride, else 0 */
	size_t count;          /* descriptors read */
	size_t needed;         /* output bytes: count * desc_size */
	uint32_t first_line;   /* 1-based line of the first descriptor
				* (0 for raw or an empty map) */
	bool has_virt;         /* VirtualStart came from the input */
	size_t rt_inferred;    /* descriptors given EFI_MEMORY_RUNTIME by
				* their type: the dump printed no attributes */
	size_t repeated;       /* descriptors left out as later copies of
				* a map printed more than once */
	size_t mat_entries;    /* "efi: memattr:" entries skipped */
};

/**
 * efivmap_text_parse - read a memory-map dump into descriptors
 * @text: the dump (need not be NUL-terminated; may be NULL when @len is 0)
 * @len: bytes in @text
 * @format: EFIVMAP_TEXT_AUTO or one EFIVMAP_TEXT_* format. For
 *	EFIVMAP_TEXT_RAW, @text is a binary descriptor array at a stride of
 *	@desc_size (use efivmap_text_parse_raw() for a different input stride)
 * @out: output descriptors, any alignment; may be NULL to ask for the size
 * @out_size: bytes available at @out
 * @desc_size: output stride, >= 40 and a multiple of 8; the bytes of each
 *	stride beyond the 40-byte descriptor are zeroed
 * @info: required; filled on success and on -EFIVMAP_ERR_NOSPACE
 * @diag: optional; on a text error names the 1-based line (diag->line),
 *	the descriptor index so far (diag->index) and, for range errors,
 *	the start address (diag->addr)
 *
 * VirtualStart is taken from the dump when the format prints it (capture
 * with a fifth column, freebsd), else 0. Type values outside the standard
 * range and unknown attribute bits are kept as printed. Only the size of
 * each range is checked: a PhysicalStart that is not 4 KiB aligned is
 * passed on for efivmap_mmap_init() to judge. Nothing is written to @out
 * unless the call succeeds.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @info is NULL, @text is NULL with @len > 0, or
 *		@format is not a known format
 *	-EFIVMAP_ERR_DESC_SIZE: @desc_size below 40 or not a multiple of 8
 *	-EFIVMAP_ERR_MAP_SIZE: raw input length not a multiple of its stride
 *	-EFIVMAP_ERR_FORMAT: no descriptor line of any known format (AUTO),
 *		or none of the forced format; or UTF-16 input
 *	-EFIVMAP_ERR_SYNTAX: a line that is a descriptor of the format does
 *		not parse (bad number, unknown type or attribute name,
 *		missing column, trailing text); diag->line names it
 *	-EFIVMAP_ERR_RANGE: end below start, an empty range, a size that is
 *		not whole 4 KiB pages, or a page count that disagrees with
 *		the range; diag->what names the format's end convention
 *	-EFIVMAP_ERR_NOSPACE: @out_size (0 when @out is NULL) is below
 *		info->needed, or the output would not fit a size_t
 *		(info->needed is then SIZE_MAX); nothing was written
 */
int efivmap_text_parse(const char *text, size_t len, uint32_t format,
		       void *out, size_t out_size, size_t desc_size,
		       struct efivmap_text_info *info,
		       struct efivmap_diag *diag);

/**
 * efivmap_text_parse_ex - efivmap_text_parse(), reporting what it tolerated
 * @findings: optional (NULL: as efivmap_text_parse(), which the info
 *	counts still tell). Gets EFIVMAP_FIND_RT_INFERRED (repair INFERRED)
 *	for each descriptor whose runtime attribute came from its type, and
 *	one EFIVMAP_FIND_MAP_REPEATED (repair FIRST_COPY; index and line of
 *	the first descriptor of the second copy, other 0) for a map printed
 *	more than once. Under EFIVMAP_FINDINGS_STRICT the first of them fails
 *	the call instead: -EFIVMAP_ERR_UNSUPPORTED (no attributes to read)
 *	or -EFIVMAP_ERR_OVERLAP (what efivmap_mmap_init() says of a doubled
 *	map).
 *
 * Findings are made while checking, before sizing: a call that then fails
 * with -EFIVMAP_ERR_NOSPACE has reported them too, so a caller that asks
 * twice keeps those of the last call (efivmap_findings_init() between).
 * A later syntax or range error can still fail a call that reported some.
 *
 * returns: as efivmap_text_parse(), and -EFIVMAP_ERR_UNSUPPORTED or
 *	-EFIVMAP_ERR_OVERLAP under EFIVMAP_FINDINGS_STRICT
 */
int efivmap_text_parse_ex(const char *text, size_t len, uint32_t format,
			  void *out, size_t out_size, size_t desc_size,
			  struct efivmap_text_info *info,
			  struct efivmap_findings *findings,
			  struct efivmap_diag *diag);

/**
 * efivmap_text_parse_mat - read the Memory Attributes Table a log printed
 * @text, @len, @out, @out_size, @desc_size, @info, @diag: as
 *	efivmap_text_parse(); info->format is EFIVMAP_TEXT_LINUX_ARM64
 * @findings: optional; EFIVMAP_FIND_MAP_REPEATED when the table was
 *	printed more than once (as for efivmap_text_parse_ex())
 *
 * Reads only Linux's "efi: memattr:  0x...-0x... [Type|...]" lines (x86
 * prints the same), the entries of EFI_MEMORY_ATTRIBUTES_TABLE, into
 * descriptors for efivmap_pt_mat_init(). Entries Linux marked '!' (it
 * refused them) are read too: efivmap_pt_mat_validate() judges them.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @info is NULL, or @text is NULL with @len > 0
 *	-EFIVMAP_ERR_DESC_SIZE: @desc_size below 40 or not a multiple of 8
 *	-EFIVMAP_ERR_FORMAT: no memattr entry line, or UTF-16 input
 *	-EFIVMAP_ERR_SYNTAX, -EFIVMAP_ERR_RANGE: a broken entry line
 *	-EFIVMAP_ERR_OVERLAP: a repeated table under EFIVMAP_FINDINGS_STRICT
 *	-EFIVMAP_ERR_NOSPACE: @out_size (0 when @out is NULL) is below
 *		info->needed, or the output would not fit a size_t
 *		(info->needed is then SIZE_MAX); nothing was written
 */
int efivmap_text_parse_mat(const char *text, size_t len, void *out,
			   size_t out_size, size_t desc_size,
			   struct efivmap_text_info *info,
			   struct efivmap_findings *findings,
			   struct efivmap_diag *diag);

/**
 * efivmap_text_from_utf16 - UTF-16 text (a Shell's "memmap > file") to ASCII
 * @in: the bytes; a leading BOM picks the byte order (FF FE little
 *	endian, FE FF big endian) and is dropped; without one, little endian
 * @len: bytes at @in
 * @out: receives *@needed characters, not NUL-terminated; may be NULL to
 *	ask for the size
 * @out_size: bytes at @out
 * @needed: required; set to the characters the output has
 *
 * Every code unit outside 1..0x7f, and a lone last byte, becomes '?':
 * descriptor lines are ASCII, and a stray character in a header must not
 * cost the whole dump. Nothing is written unless the output fits.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @needed is NULL, or @in is NULL with @len > 0
 *	-EFIVMAP_ERR_NOSPACE: @out is NULL or @out_size below *@needed
 */
int efivmap_text_from_utf16(const void *in, size_t len, char *out,
			    size_t out_size, size_t *needed);

/**
 * efivmap_text_parse_raw - copy a binary descriptor array to another stride
 * @data: descriptors as firmware laid them out (any alignment); may be NULL
 *	when @len is 0
 * @len: bytes at @data
 * @in_desc_size: stride of @data, >= 40 and a multiple of 8
 * @out: output descriptors, any alignment; may be NULL to ask for the size
 * @out_size: bytes available at @out
 * @desc_size: output stride, >= 40 and a multiple of 8
 * @info: required; filled on success and on -EFIVMAP_ERR_NOSPACE
 *	(format EFIVMAP_TEXT_RAW, in_desc_size = @in_desc_size)
 * @diag: optional
 *
 * Only the 40 descriptor bytes of each stride are copied (the pad word is
 * cleared); the rest of each output stride is zeroed. Descriptor contents
 * are not validated: that is efivmap_mmap_init()'s job. An empty input is
 * a valid empty map.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @info is NULL, or @data is NULL with @len > 0
 *	-EFIVMAP_ERR_DESC_SIZE: @in_desc_size or @desc_size below 40 or not
 *		a multiple of 8
 *	-EFIVMAP_ERR_MAP_SIZE: @len is not a multiple of @in_desc_size
 *	-EFIVMAP_ERR_NOSPACE: @out_size (0 when @out is NULL) is below
 *		info->needed, or the output would not fit a size_t
 *		(info->needed is then SIZE_MAX); nothing was written
 */
int efivmap_text_parse_raw(const void *data, size_t len, size_t in_desc_size,
			   void *out, size_t out_size, size_t desc_size,
			   struct efivmap_text_info *info,
			   struct efivmap_diag *diag);

/**
 * efivmap_text_detect - the format of a text dump, without parsing it all
 * @text: the dump (need not be NUL-terminated)
 * @len: bytes in @text
 * @format: set to the EFIVMAP_TEXT_* format of the first line that parses
 *	as a descriptor of some format (its range may still be bad); when
 *	no line does, of the first line that has a format's descriptor
 *	shape but does not parse, so that the parse reports its syntax
 *	error; untouched on failure
 * @line: optional; set to that line's 1-based number
 *
 * Never returns EFIVMAP_TEXT_RAW: binary input has no lines to recognise.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @format is NULL, or @text is NULL with @len > 0
 *	-EFIVMAP_ERR_FORMAT: no line is a descriptor of a known format, or
 *		the text is UTF-16 (efivmap_text_from_utf16())
 */
int efivmap_text_detect(const char *text, size_t len, uint32_t *format,
			uint32_t *line);

/**
 * efivmap_text_format_name - the stable short name of a format
 * @format: an EFIVMAP_TEXT_* value
 *
 * returns: "auto", "linux-arm64", "linux-x86", "linux-old", "uefi-shell",
 * "uboot", "xen", "freebsd", "capture" or "raw"; "unknown" for any other
 * value. The strings are static.
 */
const char *efivmap_text_format_name(uint32_t format);

/**
 * efivmap_text_format_from_name - the format a short name stands for
 * @name: NUL-terminated, as efivmap_text_format_name() spells it
 * @format: set on success; untouched on failure
 *
 * returns: 0, or -EFIVMAP_ERR_INVAL when @name or @format is NULL or
 * @name is not a format name.
 */
int efivmap_text_format_from_name(const char *name, uint32_t *format);

#endif /* EFIVMAP_TEXT_H */
