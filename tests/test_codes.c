// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Every documented error code of every public function, provoked.
 *
 * The table at the end has one CASE(function, CODE, provoker) row per
 * (function, code) that the function's header comment lists under
 * "returns:". A provoker sets up the inputs, calls the real function and
 * returns what it returned; the row passes when that is exactly -CODE and
 * a diag the function filled carries the same code. tests/codes/doc_codes.py
 * reads the same headers and fails (test codes-doc) when a documented code
 * has no row or a row names a code its function does not document; the
 * header it generates (efivmap_doc_codes.h) lets this program check the
 * same thing, and check that random inputs only ever get documented codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "efivmap/efivmap.h"
#include "efivmap/arch.h"
#include "efivmap/boot.h"
#include "efivmap/layout.h"
#include "efivmap/mmap.h"
#include "efivmap/pt.h"
#include "efivmap/text.h"
#include "efivmap_doc_codes.h"
#include "fake_fw.h"
#include "testlib.h"
#if CODES_FDT
#include <libfdt.h>
#include "efivmap/fdt.h"
#endif

/* A provoker left without its row is for the table checks to report. */
#pragma GCC diagnostic ignored "-Wunused-function"

#define RT EFIVMAP_EFI_MEMORY_RUNTIME
#define WB EFIVMAP_EFI_MEMORY_WB
#define UC EFIVMAP_EFI_MEMORY_UC
#define CONV EFIVMAP_EFI_CONVENTIONAL
#define RT_CODE EFIVMAP_EFI_RUNTIME_SERVICES_CODE
#define RT_DATA EFIVMAP_EFI_RUNTIME_SERVICES_DATA
#define ERR(c) EFIVMAP_ERR_##c

/* Zeroed, 64-byte aligned memory (freed with free()). */
static void *zalloc(size_t n)
{
	void *p = aligned_alloc(64, (n + 63) & ~(size_t)63);

	assert_non_null(p);
	memset(p, 0, (n + 63) & ~(size_t)63);
	return p;
}

/* ------------------------------------------------------------------ */
/* Memory maps                                                         */
/* ------------------------------------------------------------------ */

/*
 * The inputs of efivmap_mmap_init() broken so that it fails with @code
 * (0: a valid map): two conventional descriptors at a 48-byte stride.
 */
struct bad_map {
	struct tl_map m;
	void *buf;
	size_t map_size, desc_size;
	uint32_t version;
};

static void bad_map_make(struct bad_map *b, int code)
{
	struct efivmap_efi_desc *d;

	tl_map_init(&b->m, 48);
	tl_map_add(&b->m, CONV, 0x40000000, 16, WB);
	tl_map_add(&b->m, CONV, 0x40010000, 16, WB);
	d = tl_map_desc(&b->m, 1);
	b->buf = b->m.buf;
	b->map_size = tl_map_size(&b->m);
	b->desc_size = 48;
	b->version = EFIVMAP_EFI_DESC_VERSION;
	switch (code) {
	case 0: break;
	case ERR(INVAL): b->buf = NULL; break;
	case ERR(DESC_SIZE): b->desc_size = 44; break;
	case ERR(MAP_SIZE): b->map_size -= 8; break;
	case ERR(VERSION): b->version = 2; break;
	case ERR(ZERO_PAGES): d->num_pages = 0; break;
	case ERR(ALIGN): d->phys_start = 0x40010800; break;
	case ERR(OVERFLOW):
		d->phys_start = UINT64_C(0xfffffffffff00000);
		d->num_pages = 0x1000;
		break;
	case ERR(OVERLAP): d->phys_start = 0x40008000; break;
	case ERR(VA_BITS):
		/* runtime code above 2^32: checked with pa_bits 32 */
		d->type = RT_CODE;
		d->attribute = WB | RT;
		d->phys_start = UINT64_C(0x100000000);
		break;
	case ERR(ATTR):
		/* runtime WB and UC regions sharing 4 KiB pages */
		d = tl_map_desc(&b->m, 0);
		d->type = RT_CODE;
		d->attribute = WB | RT;
		d = tl_map_desc(&b->m, 1);
		d->type = RT_DATA;
		d->attribute = UC | RT;
		d->phys_start = 0x40008000;
		break;
	default: fail_msg("no bad map for code %d", code);
	}
}

static int mmap_bad(bool sort, int code, struct efivmap_diag *d)
{
	struct efivmap_mmap v;
	struct bad_map b;
	int rc;

	bad_map_make(&b, code);
	rc = (sort ? efivmap_mmap_init_sort : efivmap_mmap_init)(
		&v, b.buf, b.map_size, b.desc_size, b.version, d);
	tl_map_free(&b.m);
	return rc;
}

#define MMAP_PROVOKERS(c) \
static int provoke_mmap_init_##c(struct efivmap_diag *d) \
{ return mmap_bad(false, ERR(c), d); } \
static int provoke_mmap_init_sort_##c(struct efivmap_diag *d) \
{ return mmap_bad(true, ERR(c), d); }
MMAP_PROVOKERS(INVAL)
MMAP_PROVOKERS(DESC_SIZE)
MMAP_PROVOKERS(MAP_SIZE)
MMAP_PROVOKERS(VERSION)
MMAP_PROVOKERS(ZERO_PAGES)
MMAP_PROVOKERS(ALIGN)
MMAP_PROVOKERS(OVERFLOW)
MMAP_PROVOKERS(OVERLAP)

/*
 * The codes efivmap_mmap_init_ex() gives only under
 * EFIVMAP_FINDINGS_STRICT: tolerant, it reports them as findings.
 */
static bool strict_only(int code)
{
	return code == ERR(VERSION) || code == ERR(ZERO_PAGES) ||
	       code == ERR(ALIGN) || code == ERR(OVERLAP);
}

/* Tolerant findings with a small list; strict when @strict. */
static void findings_make(struct efivmap_findings *f,
			  struct efivmap_finding *list, size_t cap,
			  bool strict)
{
	efivmap_findings_init(f, list, cap);
	f->flags = strict ? EFIVMAP_FINDINGS_STRICT : 0;
}

/*
 * efivmap_mmap_init_ex() / _sort_ex() on bad_map_make(@code) with PA size
 * 32 bits: strict for the codes only strict mode gives, tolerant for the
 * ones that stay errors (unsafe or malformed).
 */
static int mmap_ex_bad(bool sort, int code, struct efivmap_diag *d)
{
	struct efivmap_finding list[4];
	struct efivmap_findings f;
	struct efivmap_mmap v;
	struct bad_map b;
	int rc;

	bad_map_make(&b, code);
	findings_make(&f, list, 4, strict_only(code));
	rc = (sort ? efivmap_mmap_init_sort_ex : efivmap_mmap_init_ex)(
		&v, b.buf, b.map_size, b.desc_size, b.version, 32, &f, d);
	tl_map_free(&b.m);
	return rc;
}

#define MMAP_EX_PROVOKERS(c) \
static int provoke_mmap_init_ex_##c(struct efivmap_diag *d) \
{ return mmap_ex_bad(false, ERR(c), d); } \
static int provoke_mmap_init_sort_ex_##c(struct efivmap_diag *d) \
{ return mmap_ex_bad(true, ERR(c), d); }
MMAP_EX_PROVOKERS(INVAL)
MMAP_EX_PROVOKERS(DESC_SIZE)
MMAP_EX_PROVOKERS(MAP_SIZE)
MMAP_EX_PROVOKERS(VERSION)
MMAP_EX_PROVOKERS(ZERO_PAGES)
MMAP_EX_PROVOKERS(ALIGN)
MMAP_EX_PROVOKERS(OVERFLOW)
MMAP_EX_PROVOKERS(OVERLAP)
MMAP_EX_PROVOKERS(VA_BITS)
MMAP_EX_PROVOKERS(ATTR)

static int check_desc_bad(int code, struct efivmap_diag *d)
{
	struct bad_map b;
	int rc;

	bad_map_make(&b, code);
	rc = efivmap_mmap_check_desc(tl_map_desc(&b.m, 1), 1, d);
	tl_map_free(&b.m);
	return rc;
}

static int provoke_check_desc_zero_pages(struct efivmap_diag *d)
{ return check_desc_bad(ERR(ZERO_PAGES), d); }
static int provoke_check_desc_align(struct efivmap_diag *d)
{ return check_desc_bad(ERR(ALIGN), d); }
static int provoke_check_desc_overflow(struct efivmap_diag *d)
{ return check_desc_bad(ERR(OVERFLOW), d); }

/*
 * A small map with runtime regions: conventional RAM, then runtime code
 * and data in separate 64 KiB frames. VirtualStart 0.
 */
static void rt_map(struct tl_map *m)
{
	tl_map_init(m, 48);
	tl_map_add(m, CONV, 0x40000000, 256, WB);
	tl_map_add(m, RT_CODE, 0x50000000, 16, WB | RT);
	tl_map_add(m, RT_DATA, 0x50010000, 16, WB | RT);
}

static void view(struct efivmap_mmap *v, struct tl_map *m)
{
	assert_int_equal(efivmap_mmap_init(v, m->buf, tl_map_size(m),
					   m->desc_size, 1, NULL), 0);
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static int parse(const char *text, uint32_t format, size_t desc_size,
		 bool with_out, struct efivmap_diag *d)
{
	struct efivmap_text_info info;
	static uint8_t out[4096];

	return efivmap_text_parse(text, text ? strlen(text) : 0, format,
				  with_out ? out : NULL,
				  with_out ? sizeof(out) : 0, desc_size,
				  &info, d);
}

#define ARM64_LINE "efi:   0x000040000000-0x00004007ffff [Conventional|   |WB]\n"
#define ARM64_LINE_2 "efi:   0x000040080000-0x00004008ffff [Conventional|   |WB]\n"
#define OLD_RT_LINE_2 "  0x000040010000-0x00004001ffff [Conventional Memory]\n"

static int provoke_text_parse_inval(struct efivmap_diag *d)
{
	return efivmap_text_parse(ARM64_LINE, strlen(ARM64_LINE), 0, NULL, 0,
				  40, NULL, d);
}
static int provoke_text_parse_nospace(struct efivmap_diag *d)
{ return parse(ARM64_LINE, EFIVMAP_TEXT_AUTO, 40, false, d); }
static int provoke_text_parse_desc_size(struct efivmap_diag *d)
{ return parse(ARM64_LINE, EFIVMAP_TEXT_AUTO, 44, true, d); }
static int provoke_text_parse_format(struct efivmap_diag *d)
{ return parse("hello\nworld\n", EFIVMAP_TEXT_AUTO, 40, true, d); }
static int provoke_text_parse_syntax(struct efivmap_diag *d)
{
	return parse("efi:   0x000040000000-0x00004007ffff [Conventionl |   |WB]\n",
		     EFIVMAP_TEXT_LINUX_ARM64, 40, true, d);
}
static int provoke_text_parse_range(struct efivmap_diag *d)
{
	return parse("efi:   0x000040000000-0x00003fffffff [Conventional|WB]\n",
		     EFIVMAP_TEXT_AUTO, 40, true, d);
}
static int provoke_text_parse_map_size(struct efivmap_diag *d)
{
	static const uint8_t raw[44];
	struct efivmap_text_info info;
	static uint8_t out[256];

	return efivmap_text_parse((const char *)raw, sizeof(raw),
				  EFIVMAP_TEXT_RAW, out, sizeof(out), 40,
				  &info, d);
}

/* efivmap_text_parse_ex() and _mat(), strict when @strict. */
static int parse_ex(const char *text, bool mat, size_t desc_size,
		    bool with_out, bool strict, struct efivmap_diag *d)
{
	struct efivmap_text_info info;
	struct efivmap_findings f;
	static uint8_t out[4096];
	size_t len = text ? strlen(text) : 0;

	efivmap_findings_init(&f, NULL, 0);
	f.flags = strict ? EFIVMAP_FINDINGS_STRICT : 0;
	if (mat)
		return efivmap_text_parse_mat(text, len, with_out ? out : NULL,
					      with_out ? sizeof(out) : 0,
					      desc_size, &info, &f, d);
	return efivmap_text_parse_ex(text, len, EFIVMAP_TEXT_AUTO,
				     with_out ? out : NULL,
				     with_out ? sizeof(out) : 0, desc_size,
				     &info, &f, d);
}

#define OLD_RT_LINE "  0x000040000000-0x00004000ffff [Runtime Data       ]\n"
#define MEMATTR_LINE \
	"efi: memattr:  0x0000bf5f0000-0x0000bf5fffff [Runtime Data       " \
	"|RUN|  |  |  |  |  |  |  |  |  |XP|  |   |  |  |  |  ]\n"

static int provoke_parse_ex_inval(struct efivmap_diag *d)
{
	return efivmap_text_parse_ex(NULL, 8, 0, NULL, 0, 40, NULL, NULL, d);
}
static int provoke_parse_ex_nospace(struct efivmap_diag *d)
{ return parse_ex(ARM64_LINE, false, 40, false, false, d); }
static int provoke_parse_ex_desc_size(struct efivmap_diag *d)
{ return parse_ex(ARM64_LINE, false, 44, true, false, d); }
static int provoke_parse_ex_map_size(struct efivmap_diag *d)
{
	static const uint8_t raw[44];
	struct efivmap_text_info info;
	static uint8_t out[256];

	return efivmap_text_parse_ex((const char *)raw, sizeof(raw),
				     EFIVMAP_TEXT_RAW, out, sizeof(out), 40,
				     &info, NULL, d);
}
static int provoke_parse_ex_syntax(struct efivmap_diag *d)
{
	struct efivmap_text_info info;
	static uint8_t out[256];
	const char *t = "efi:   0x000040000000-0x00004007ffff [Conventionl |   |WB]\n";

	return efivmap_text_parse_ex(t, strlen(t), EFIVMAP_TEXT_LINUX_ARM64,
				     out, sizeof(out), 40, &info, NULL, d);
}
static int provoke_parse_ex_format(struct efivmap_diag *d)
{ return parse_ex("hello\nworld\n", false, 40, true, false, d); }
static int provoke_parse_ex_range(struct efivmap_diag *d)
{
	return parse_ex("efi:   0x000040000000-0x00003fffffff [Conventional|WB]\n",
			false, 40, true, false, d);
}
/* strict: a runtime attribute inferred from the type is refused */
static int provoke_parse_ex_unsupported(struct efivmap_diag *d)
{ return parse_ex(OLD_RT_LINE OLD_RT_LINE_2, false, 40, true, true, d); }
/* strict: the same map printed twice is an overlap */
static int provoke_parse_ex_overlap(struct efivmap_diag *d)
{ return parse_ex(ARM64_LINE ARM64_LINE_2 ARM64_LINE ARM64_LINE_2, false,
		  40, true, true, d); }

static int provoke_parse_mat_inval(struct efivmap_diag *d)
{
	return efivmap_text_parse_mat(MEMATTR_LINE, strlen(MEMATTR_LINE), NULL,
				      0, 40, NULL, NULL, d);
}
static int provoke_parse_mat_nospace(struct efivmap_diag *d)
{ return parse_ex(MEMATTR_LINE, true, 40, false, false, d); }
static int provoke_parse_mat_desc_size(struct efivmap_diag *d)
{ return parse_ex(MEMATTR_LINE, true, 44, true, false, d); }
static int provoke_parse_mat_format(struct efivmap_diag *d)
{ return parse_ex(ARM64_LINE, true, 40, true, false, d); }
static int provoke_parse_mat_syntax(struct efivmap_diag *d)
{
	return parse_ex("efi: memattr:  0x0000bf5f0000-0x0000bf5fffff [Runtime Dta |RUN|XP]\n",
			true, 40, true, false, d);
}
static int provoke_parse_mat_range(struct efivmap_diag *d)
{
	return parse_ex("efi: memattr:  0x0000bf5f0000-0x0000bf5effff [Runtime Data |RUN|XP]\n",
			true, 40, true, false, d);
}
static int provoke_parse_mat_overlap(struct efivmap_diag *d)
{ return parse_ex(MEMATTR_LINE MEMATTR_LINE, true, 40, true, true, d); }

static int provoke_from_utf16_inval(struct efivmap_diag *d)
{
	char out[8];

	(void)d;
	return efivmap_text_from_utf16("a\0b\0", 4, out, sizeof(out), NULL);
}
static int provoke_from_utf16_nospace(struct efivmap_diag *d)
{
	size_t needed;
	char out[1];

	(void)d;
	return efivmap_text_from_utf16("a\0b\0", 4, out, sizeof(out), &needed);
}

static int parse_raw(size_t len, size_t in_ds, size_t ds, bool with_info,
		     bool with_out, struct efivmap_diag *d)
{
	static const uint8_t raw[96];
	static uint8_t out[256];
	struct efivmap_text_info info;

	return efivmap_text_parse_raw(raw, len, in_ds, with_out ? out : NULL,
				      with_out ? sizeof(out) : 0, ds,
				      with_info ? &info : NULL, d);
}

static int provoke_parse_raw_inval(struct efivmap_diag *d)
{ return parse_raw(48, 48, 48, false, true, d); }
static int provoke_parse_raw_nospace(struct efivmap_diag *d)
{ return parse_raw(96, 48, 48, true, false, d); }
static int provoke_parse_raw_desc_size(struct efivmap_diag *d)
{ return parse_raw(96, 44, 48, true, true, d); }
static int provoke_parse_raw_map_size(struct efivmap_diag *d)
{ return parse_raw(90, 48, 48, true, true, d); }

static int provoke_text_detect_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_text_detect(ARM64_LINE, strlen(ARM64_LINE), NULL,
				   NULL);
}
static int provoke_text_detect_format(struct efivmap_diag *d)
{
	uint32_t f;

	(void)d;
	return efivmap_text_detect("hello\n", 6, &f, NULL);
}
static int provoke_format_from_name_inval(struct efivmap_diag *d)
{
	uint32_t f;

	(void)d;
	return efivmap_text_format_from_name("linux-arm65", &f);
}

/* ------------------------------------------------------------------ */
/* Layout                                                              */
/* ------------------------------------------------------------------ */

static int plan(struct tl_map *m, const struct efivmap_layout_cfg *cfg,
		struct efivmap_diag *d)
{
	struct efivmap_mmap v;
	int rc;

	view(&v, m);
	rc = efivmap_layout_plan(&v, cfg, d);
	tl_map_free(m);
	return rc;
}

static int provoke_layout_plan_inval(struct efivmap_diag *d)
{
	struct efivmap_layout_cfg cfg;
	struct tl_map m;

	rt_map(&m);
	efivmap_layout_cfg_init(&cfg);
	cfg.strategy = 9;
	return plan(&m, &cfg, d);
}
static int provoke_layout_plan_window(struct efivmap_diag *d)
{
	struct efivmap_layout_cfg cfg;
	struct tl_map m;

	rt_map(&m);
	efivmap_layout_cfg_init(&cfg);
	cfg.limit = cfg.base + 0x10000;
	return plan(&m, &cfg, d);
}
static int provoke_layout_plan_va_bits(struct efivmap_diag *d)
{
	struct efivmap_layout_cfg cfg;
	struct tl_map m;

	tl_map_init(&m, 48);
	tl_map_add(&m, RT_DATA, UINT64_C(0x100000000), 16, WB | RT);
	efivmap_layout_cfg_init(&cfg);
	cfg.strategy = EFIVMAP_LAYOUT_FLAT;
	cfg.va_bits = 32;
	return plan(&m, &cfg, d);
}
/* Runtime data with and without WB in one 64 KiB frame. */
static void mixed_frame_map(struct tl_map *m)
{
	tl_map_init(m, 48);
	tl_map_add(m, RT_DATA, 0x50000000, 1, WB | RT);
	tl_map_add(m, RT_DATA, 0x50001000, 1, UC | RT);
}
static int provoke_layout_plan_attr(struct efivmap_diag *d)
{
	struct efivmap_layout_cfg cfg;
	struct tl_map m;

	mixed_frame_map(&m);
	efivmap_layout_cfg_init(&cfg);
	cfg.strategy = EFIVMAP_LAYOUT_FLAT;
	return plan(&m, &cfg, d);
}

/* efivmap_layout_check() of @m, with VirtualStart = PA + @delta[i]. */
static int check_vas(struct tl_map *m, const uint64_t *va,
		     const struct efivmap_layout_cfg *cfg,
		     struct efivmap_diag *d)
{
	struct efivmap_mmap v;
	size_t i;
	int rc;

	for (i = 0; i < m->count; i++)
		tl_map_desc(m, i)->virt_start = va[i];
	view(&v, m);
	rc = efivmap_layout_check(&v, cfg, d);
	tl_map_free(m);
	return rc;
}

static int rt_check(uint64_t code_va, uint64_t data_va,
		    const struct efivmap_layout_cfg *cfg,
		    struct efivmap_diag *d)
{
	struct tl_map m;
	uint64_t va[3] = { 0, code_va, data_va };

	rt_map(&m);
	return check_vas(&m, va, cfg, d);
}

static int provoke_layout_check_inval(struct efivmap_diag *d)
{
	return efivmap_layout_check(NULL, NULL, d);
}
static int provoke_layout_check_rt_unavailable(struct efivmap_diag *d)
{ return rt_check(UINT64_MAX, UINT64_MAX, NULL, d); }
static int provoke_layout_check_no_va(struct efivmap_diag *d)
{ return rt_check(0, 0, NULL, d); }
static int provoke_layout_check_va_mismatch(struct efivmap_diag *d)
{ return rt_check(0x20001000, 0x20010000, NULL, d); }
static int provoke_layout_check_va_bits(struct efivmap_diag *d)
{
	struct efivmap_layout_cfg cfg;

	efivmap_layout_cfg_init(&cfg);
	cfg.strategy = EFIVMAP_LAYOUT_FLAT;
	cfg.va_bits = 32;
	return rt_check(UINT64_C(0x200000000), UINT64_C(0x200010000), &cfg,
			d);
}
static int provoke_layout_check_window(struct efivmap_diag *d)
{ return rt_check(0x10000000, 0x10010000, NULL, d); }
static int provoke_layout_check_va_overlap(struct efivmap_diag *d)
{
	/* code and data both at one VA page, from different frames */
	return rt_check(0x20000000, 0x20000000, NULL, d);
}
static int provoke_layout_check_attr(struct efivmap_diag *d)
{
	struct tl_map m;
	uint64_t va[2] = { 0x20000000, 0x20001000 };

	mixed_frame_map(&m);
	return check_vas(&m, va, NULL, d);
}

static int provoke_layout_mode_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_layout_mode(NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Boot sequence (through the fake firmware)                           */
/* ------------------------------------------------------------------ */

#define DEV_ERR EFIVMAP_EFI_DEVICE_ERROR

struct bfx {
	struct fake_fw f;
	struct efivmap_boot b;
	struct efivmap_boot_plan plan;
	struct efivmap_alloc alloc;
	struct efivmap_layout_cfg layout;
	struct efivmap_boot_svam_cfg svam;
};

/* A fake firmware serving rt_map(). */
static void bfx_init(struct bfx *x)
{
	struct tl_map m;

	memset(x, 0, sizeof(*x));
	rt_map(&m);
	ff_init(&x->f, m.buf, tl_map_size(&m), 48, 48);
	tl_map_free(&m);
	efivmap_layout_cfg_init(&x->layout);
	x->svam.layout = &x->layout;
	x->svam.call = EFIVMAP_BOOT_SVAM_ALWAYS;
}

/* Probed and allocated: ready for efivmap_boot_exit(). */
static void bfx_ready(struct bfx *x)
{
	assert_int_equal(efivmap_boot_plan_probe(&x->f.ops, NULL, &x->plan,
						 NULL), 0);
	assert_int_equal(efivmap_boot_alloc(&x->b, &x->f.ops, &x->plan,
					    &x->alloc, NULL), 0);
}

static int bfx_done(struct bfx *x, int rc)
{
	ff_free(&x->f);
	return rc;
}

/*
 * Break the fake firmware (already past probe and alloc) so that
 * efivmap_boot_exit() fails with @code.
 */
static void bfx_break_exit(struct bfx *x, int code)
{
	struct efivmap_efi_desc *d = ff_desc(&x->f, 2);

	switch (code) {
	case ERR(INVAL): memset(&x->b, 0, sizeof(x->b)); break;
	case ERR(NOSPACE): ff_grow(&x->f, 40); break;
	case ERR(MAP_GREW):
		x->f.stale_keys = 1;
		x->f.grow_on_stale = 40;
		break;
	case ERR(RETRIES): x->f.stale_keys = 100; break;
	case ERR(FIRMWARE):
		ff_fail_kind(&x->f, FF_EXIT_BOOT_SERVICES, 1, DEV_ERR);
		break;
	case ERR(DESC_SIZE): x->f.desc_size = 44; break;
	case ERR(MAP_SIZE): x->f.map_size_lie = 8; break;
	case ERR(VERSION): x->f.desc_version = 2; break;
	case ERR(ZERO_PAGES): d->num_pages = 0; break;
	case ERR(ALIGN): d->phys_start += 0x800; break;
	case ERR(OVERFLOW):
		d->phys_start = UINT64_C(0xfffffffffff00000);
		d->num_pages = 0x1000;
		break;
	case ERR(OVERLAP): d->phys_start = 0x50008000; break;
	case ERR(ATTR):
		/* runtime data, UC, inside the WB runtime code's pages */
		d->phys_start = 0x50008000;
		d->attribute = UC | RT;
		break;
	default: fail_msg("no broken firmware for code %d", code);
	}
}

/*
 * The final map is read tolerantly unless the exit cfg carries strict
 * findings: they are passed for the codes only strict mode gives.
 */
static int boot_exit_bad(bool run, int code, struct efivmap_diag *d)
{
	struct efivmap_boot_exit_cfg cfg;
	struct efivmap_finding list[4];
	struct efivmap_findings f;
	struct bfx x;

	memset(&cfg, 0, sizeof(cfg));
	findings_make(&f, list, 4, strict_only(code));
	cfg.findings = &f;
	bfx_init(&x);
	bfx_ready(&x);
	bfx_break_exit(&x, code);
	if (run)
		return bfx_done(&x, efivmap_boot_run(&x.b, &cfg, &x.svam, d));
	return bfx_done(&x, efivmap_boot_exit(&x.b, &cfg, d));
}

#define EXIT_PROVOKERS(c) \
static int provoke_boot_exit_##c(struct efivmap_diag *d) \
{ return boot_exit_bad(false, ERR(c), d); } \
static int provoke_boot_run_##c(struct efivmap_diag *d) \
{ return boot_exit_bad(true, ERR(c), d); }
EXIT_PROVOKERS(INVAL)
EXIT_PROVOKERS(NOSPACE)
EXIT_PROVOKERS(MAP_GREW)
EXIT_PROVOKERS(RETRIES)
EXIT_PROVOKERS(FIRMWARE)
EXIT_PROVOKERS(DESC_SIZE)
EXIT_PROVOKERS(MAP_SIZE)
EXIT_PROVOKERS(VERSION)
EXIT_PROVOKERS(ZERO_PAGES)
EXIT_PROVOKERS(ALIGN)
EXIT_PROVOKERS(OVERFLOW)
EXIT_PROVOKERS(OVERLAP)
/* efivmap_boot_run()'s ATTR row is the layout's (SVAM_PROVOKERS). */
static int provoke_boot_exit_ATTR(struct efivmap_diag *d)
{ return boot_exit_bad(false, ERR(ATTR), d); }

/* Exited; then efivmap_boot_svam() (or the whole run) fails with @code. */
static int boot_svam_bad(bool run, int code, struct efivmap_diag *d)
{
	struct bfx x;
	int rc;

	bfx_init(&x);
	switch (code) {
	case ERR(INVAL): x.svam.call = 7; break;
	case ERR(WINDOW): x.layout.limit = x.layout.base + 0x10000; break;
	case ERR(VA_BITS):
		/* FLAT, and the runtime regions end above 2^32 */
		x.layout.strategy = EFIVMAP_LAYOUT_FLAT;
		x.layout.va_bits = 32;
		ff_desc(&x.f, 1)->phys_start = UINT64_C(0x100000000);
		ff_desc(&x.f, 2)->phys_start = UINT64_C(0x100010000);
		break;
	case ERR(ATTR):
		/* FLAT, and runtime code with and without WB in one frame */
		x.layout.strategy = EFIVMAP_LAYOUT_FLAT;
		ff_desc(&x.f, 1)->num_pages = 1;
		ff_desc(&x.f, 2)->phys_start = 0x50001000;
		ff_desc(&x.f, 2)->num_pages = 1;
		ff_desc(&x.f, 2)->attribute = UC | RT;
		break;
	case ERR(SVAM): ff_fail_kind(&x.f, FF_SVAM, 1, DEV_ERR); break;
	default: fail_msg("no svam failure for code %d", code);
	}
	bfx_ready(&x);
	if (run)
		return bfx_done(&x, efivmap_boot_run(&x.b, NULL, &x.svam, d));
	assert_int_equal(efivmap_boot_exit(&x.b, NULL, NULL), 0);
	rc = efivmap_boot_svam(&x.b, &x.svam, d);
	return bfx_done(&x, rc);
}

#define SVAM_PROVOKERS(c) \
static int provoke_boot_svam_##c(struct efivmap_diag *d) \
{ return boot_svam_bad(false, ERR(c), d); } \
static int provoke_boot_run_##c(struct efivmap_diag *d) \
{ return boot_svam_bad(true, ERR(c), d); }
SVAM_PROVOKERS(WINDOW)
SVAM_PROVOKERS(VA_BITS)
SVAM_PROVOKERS(ATTR)
SVAM_PROVOKERS(SVAM)
static int provoke_boot_svam_inval(struct efivmap_diag *d)
{ return boot_svam_bad(false, ERR(INVAL), d); }

static int provoke_plan_make_inval(struct efivmap_diag *d)
{ return efivmap_boot_plan_make(NULL, 48 * 4, 48, NULL, d); }
static int provoke_plan_make_desc_size(struct efivmap_diag *d)
{
	struct efivmap_boot_plan p;

	return efivmap_boot_plan_make(NULL, 44 * 4, 44, &p, d);
}
static int provoke_plan_make_map_size(struct efivmap_diag *d)
{
	struct efivmap_boot_plan p;

	return efivmap_boot_plan_make(NULL, 48 * 4 + 8, 48, &p, d);
}

static int plan_probe_bad(int code, struct efivmap_diag *d)
{
	struct bfx x;

	bfx_init(&x);
	switch (code) {
	case ERR(INVAL):
		return bfx_done(&x, efivmap_boot_plan_probe(&x.f.ops, NULL,
							    NULL, d));
	case ERR(DESC_SIZE): x.f.desc_size = 44; break;
	case ERR(MAP_SIZE): x.f.desc_size = 56; break;  /* 3 * 48 bytes */
	case ERR(FIRMWARE):
		ff_fail_kind(&x.f, FF_GET_MEMORY_MAP, 1, DEV_ERR);
		break;
	}
	return bfx_done(&x, efivmap_boot_plan_probe(&x.f.ops, NULL, &x.plan,
						    d));
}
static int provoke_plan_probe_inval(struct efivmap_diag *d)
{ return plan_probe_bad(ERR(INVAL), d); }
static int provoke_plan_probe_desc_size(struct efivmap_diag *d)
{ return plan_probe_bad(ERR(DESC_SIZE), d); }
static int provoke_plan_probe_map_size(struct efivmap_diag *d)
{ return plan_probe_bad(ERR(MAP_SIZE), d); }
static int provoke_plan_probe_firmware(struct efivmap_diag *d)
{ return plan_probe_bad(ERR(FIRMWARE), d); }

static int boot_init_bad(int code, struct efivmap_diag *d)
{
	struct efivmap_boot_plan p;
	struct efivmap_boot b;
	uint8_t *buf;
	int rc;

	assert_int_equal(efivmap_boot_plan_make(NULL, 48 * 4, 48, &p, NULL),
			 0);
	buf = zalloc(p.size + 64);
	switch (code) {
	case ERR(INVAL): rc = efivmap_boot_init(&b, NULL, &p, buf, p.size, d);
		break;
	case ERR(NOSPACE): rc = efivmap_boot_init(&b, &(struct efivmap_fw_ops){
			0 }, &p, buf, p.size - 1, d);
		break;
	default: rc = efivmap_boot_init(&b, &(struct efivmap_fw_ops){ 0 },
					&p, buf + 4, p.size, d);
	}
	free(buf);
	return rc;
}
static int provoke_boot_init_inval(struct efivmap_diag *d)
{ return boot_init_bad(ERR(INVAL), d); }
static int provoke_boot_init_nospace(struct efivmap_diag *d)
{ return boot_init_bad(ERR(NOSPACE), d); }
static int provoke_boot_init_align(struct efivmap_diag *d)
{ return boot_init_bad(ERR(ALIGN), d); }

static int provoke_boot_alloc_inval(struct efivmap_diag *d)
{
	struct bfx x;

	bfx_init(&x);
	assert_int_equal(efivmap_boot_plan_probe(&x.f.ops, NULL, &x.plan,
						 NULL), 0);
	return bfx_done(&x, efivmap_boot_alloc(NULL, &x.f.ops, &x.plan,
					       &x.alloc, d));
}
static int provoke_boot_alloc_firmware(struct efivmap_diag *d)
{
	struct bfx x;

	bfx_init(&x);
	assert_int_equal(efivmap_boot_plan_probe(&x.f.ops, NULL, &x.plan,
						 NULL), 0);
	ff_fail_kind(&x.f, FF_ALLOCATE_PAGES, 1,
		     EFIVMAP_EFI_OUT_OF_RESOURCES);
	return bfx_done(&x, efivmap_boot_alloc(&x.b, &x.f.ops, &x.plan,
					       &x.alloc, d));
}

static int provoke_alloc_aligned_inval(struct efivmap_diag *d)
{
	struct efivmap_alloc a;
	struct bfx x;

	bfx_init(&x);
	return bfx_done(&x, efivmap_alloc_aligned(&x.f.ops, 0, 0, &a, d));
}
static int provoke_alloc_aligned_firmware(struct efivmap_diag *d)
{
	struct efivmap_alloc a;
	struct bfx x;

	bfx_init(&x);
	ff_fail_kind(&x.f, FF_ALLOCATE_PAGES, 1,
		     EFIVMAP_EFI_OUT_OF_RESOURCES);
	return bfx_done(&x, efivmap_alloc_aligned(&x.f.ops, 0x1000, 0, &a,
						  d));
}
static int provoke_free_aligned_inval(struct efivmap_diag *d)
{
	struct bfx x;

	bfx_init(&x);
	return bfx_done(&x, efivmap_free_aligned(&x.f.ops, NULL, d));
}
static int provoke_free_aligned_firmware(struct efivmap_diag *d)
{
	struct efivmap_alloc a;
	struct bfx x;
	int rc;

	bfx_init(&x);
	assert_int_equal(efivmap_alloc_aligned(&x.f.ops, 0x1000, 0, &a,
					       NULL), 0);
	ff_fail_kind(&x.f, FF_FREE_PAGES, x.f.kind_calls[FF_FREE_PAGES] + 1,
		     DEV_ERR);
	rc = efivmap_free_aligned(&x.f.ops, &a, d);
	return bfx_done(&x, rc);
}

/* ------------------------------------------------------------------ */
/* Translation tables                                                  */
/* ------------------------------------------------------------------ */

#define POOL_PA UINT64_C(0x80000000)
#define NTABLES 16

struct ptfx {
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	uint8_t *pool;
	struct efivmap_pt_range r[2];
	struct efivmap_pt_input in;
};

/* 4K granule, 40-bit VA and PA, a pool of @ntables at POOL_PA. */
static void ptfx_init(struct ptfx *x, uint32_t granule, size_t ntables)
{
	memset(x, 0, sizeof(*x));
	assert_int_equal(efivmap_pt_config_init(&x->cfg, granule, 40, 40, 0),
			 0);
	x->pool = aligned_alloc(granule, ntables * granule);
	assert_non_null(x->pool);
	assert_int_equal(efivmap_pt_init_pool(&x->pt, &x->cfg, x->pool,
					      ntables * granule, POOL_PA,
					      NULL), 0);
	x->r[0] = (struct efivmap_pt_range){ 0x40000000, 0x40000000, 0x10000,
					     EFIVMAP_PT_RAM_RW };
	x->in.ranges = x->r;
	x->in.nranges = 1;
}

static int ptfx_done(struct ptfx *x, int rc)
{
	free(x->pool);
	return rc;
}

/* Make x->in bad so that sizing, building and verifying fail with @code. */
static void bad_input(struct ptfx *x, int code, struct tl_map *m,
		      struct efivmap_mmap *v)
{
	struct efivmap_pt_range *r = x->r;

	m->buf = NULL;
	switch (code) {
	case ERR(INVAL): r[0].attrs |= 0x80000; break;
	case ERR(ZERO_PAGES): r[0].size = 0; break;
	case ERR(ALIGN): r[0].va += 0x800; r[0].pa += 0x800; break;
	case ERR(OVERFLOW):
		r[0].va = r[0].pa = UINT64_C(0xfffffffffffff000);
		r[0].size = 0x2000;
		break;
	case ERR(VA_BITS): r[0].va = UINT64_C(1) << 40; break;
	case ERR(VA_MISMATCH):
		/* only a whole granule page can be mapped */
		r[0].pa += 0x1000;
		break;
	case ERR(NO_VA):
		rt_map(m);
		tl_map_desc(m, 1)->virt_start = EFIVMAP_EFI_VA_INVALID;
		tl_map_desc(m, 2)->virt_start = EFIVMAP_EFI_VA_INVALID;
		view(v, m);
		x->in.map = v;
		x->in.nranges = 0;
		break;
	case ERR(CONFLICT):
		r[1] = r[0];
		r[1].pa += 0x100000;
		x->in.nranges = 2;
		break;
	case ERR(ATTR):
		/* 4 KiB apart in one 64 KiB granule page, WB and device */
		r[0].size = 0x1000;
		r[1] = r[0];
		r[1].va += 0x1000;
		r[1].pa += 0x1000;
		r[1].attrs = EFIVMAP_PT_DEVICE_RW;
		x->in.nranges = 2;
		break;
	default: fail_msg("no bad input for code %d", code);
	}
}

static uint32_t input_granule(int code)
{
	return code == ERR(VA_MISMATCH) || code == ERR(ATTR) ?
	       EFIVMAP_PT_GRANULE_64K : EFIVMAP_PT_GRANULE_4K;
}

enum pt_op { OP_NEEDED, OP_BUILD, OP_MAP_RANGE, OP_VERIFY };

static int pt_input_bad(enum pt_op op, int code, struct efivmap_diag *d)
{
	struct efivmap_mmap v;
	struct tl_map m;
	struct ptfx x;
	size_t n;
	int rc;

	ptfx_init(&x, input_granule(code), NTABLES);
	bad_input(&x, code, &m, &v);
	switch (op) {
	case OP_NEEDED:
		rc = efivmap_pt_tables_needed(&x.cfg, &x.in, &n, d);
		break;
	case OP_BUILD: rc = efivmap_pt_build(&x.pt, &x.in, d); break;
	case OP_VERIFY: rc = efivmap_pt_verify(&x.pt, &x.in, d); break;
	default:
		if (x.in.nranges == 2)  /* the first one mapped before */
			assert_int_equal(efivmap_pt_map_range(&x.pt,
				x.r[0].va, x.r[0].pa, x.r[0].size,
				x.r[0].attrs, NULL), 0);
		rc = efivmap_pt_map_range(&x.pt, x.r[x.in.nranges - 1].va,
					  x.r[x.in.nranges - 1].pa,
					  x.r[x.in.nranges - 1].size,
					  x.r[x.in.nranges - 1].attrs, d);
	}
	if (m.buf)
		tl_map_free(&m);
	return ptfx_done(&x, rc);
}

#define INPUT_PROVOKERS(c) \
static int provoke_tables_needed_##c(struct efivmap_diag *d) \
{ return pt_input_bad(OP_NEEDED, ERR(c), d); } \
static int provoke_pt_build_##c(struct efivmap_diag *d) \
{ return pt_input_bad(OP_BUILD, ERR(c), d); } \
static int provoke_pt_verify_##c(struct efivmap_diag *d) \
{ return pt_input_bad(OP_VERIFY, ERR(c), d); }
INPUT_PROVOKERS(ZERO_PAGES)
INPUT_PROVOKERS(ALIGN)
INPUT_PROVOKERS(OVERFLOW)
INPUT_PROVOKERS(VA_BITS)
INPUT_PROVOKERS(VA_MISMATCH)
INPUT_PROVOKERS(NO_VA)
INPUT_PROVOKERS(CONFLICT)
INPUT_PROVOKERS(ATTR)

#define RANGE_PROVOKER(c) \
static int provoke_map_range_##c(struct efivmap_diag *d) \
{ return pt_input_bad(OP_MAP_RANGE, ERR(c), d); }
RANGE_PROVOKER(INVAL)
RANGE_PROVOKER(ZERO_PAGES)
RANGE_PROVOKER(ALIGN)
RANGE_PROVOKER(OVERFLOW)
RANGE_PROVOKER(VA_BITS)
RANGE_PROVOKER(VA_MISMATCH)
RANGE_PROVOKER(CONFLICT)

static int provoke_tables_needed_inval(struct efivmap_diag *d)
{ return pt_input_bad(OP_NEEDED, ERR(INVAL), d); }
static int provoke_pt_build_inval(struct efivmap_diag *d)
{ return efivmap_pt_build(NULL, NULL, d); }
static int provoke_pt_verify_inval(struct efivmap_diag *d)
{ return efivmap_pt_verify(NULL, NULL, d); }

static int provoke_pt_build_pool(struct efivmap_diag *d)
{
	struct ptfx x;

	ptfx_init(&x, EFIVMAP_PT_GRANULE_4K, 1);
	return ptfx_done(&x, efivmap_pt_build(&x.pt, &x.in, d));
}
static int provoke_map_range_pool(struct efivmap_diag *d)
{
	struct ptfx x;

	ptfx_init(&x, EFIVMAP_PT_GRANULE_4K, 1);
	return ptfx_done(&x, efivmap_pt_map_range(&x.pt, 0x40000000,
						  0x40000000, 0x1000,
						  EFIVMAP_PT_RAM_RW, d));
}

/*
 * Built tables whose first table descriptor in the root then points past
 * the pool: corrupt tables.
 */
static void ptfx_corrupt(struct ptfx *x)
{
	size_t i;

	assert_int_equal(efivmap_pt_build(&x->pt, &x->in, NULL), 0);
	for (i = 0; !(x->pt.root[i] & 1); i++)
		;
	x->pt.root[i] = (POOL_PA + NTABLES * x->cfg.granule) | 3;
}

static void ignore_line(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

static int count_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	(void)ctx;
	(void)l;
	return 0;
}

enum walk_op { W_BUILD, W_MAP_RANGE, W_WALK, W_LEAVES, W_DUMP, W_VERIFY,
	       W_STATS };

static int corrupt_op(enum walk_op op, struct efivmap_diag *d)
{
	struct efivmap_pt_stats st;
	struct ptfx x;
	int rc;

	ptfx_init(&x, EFIVMAP_PT_GRANULE_4K, NTABLES);
	ptfx_corrupt(&x);
	switch (op) {
	case W_BUILD:
		x.r[0].va = x.r[0].pa = 0x40100000;
		rc = efivmap_pt_build(&x.pt, &x.in, d);
		break;
	case W_MAP_RANGE:
		rc = efivmap_pt_map_range(&x.pt, 0x40100000, 0x40100000,
					  0x1000, EFIVMAP_PT_RAM_RW, d);
		break;
	case W_WALK: rc = efivmap_pt_walk(&x.pt, 0x40000000, NULL, NULL);
		break;
	case W_LEAVES: rc = efivmap_pt_for_each_leaf(&x.pt, count_leaf, NULL);
		break;
	case W_DUMP: rc = efivmap_pt_dump(&x.pt, ignore_line, NULL); break;
	case W_VERIFY: rc = efivmap_pt_verify(&x.pt, &x.in, d); break;
	default: rc = efivmap_pt_stats(&x.pt, &st);
	}
	return ptfx_done(&x, rc);
}
static int provoke_pt_build_verify(struct efivmap_diag *d)
{ return corrupt_op(W_BUILD, d); }
static int provoke_map_range_verify(struct efivmap_diag *d)
{ return corrupt_op(W_MAP_RANGE, d); }
static int provoke_pt_walk_verify(struct efivmap_diag *d)
{ return corrupt_op(W_WALK, d); }
static int provoke_for_each_leaf_verify(struct efivmap_diag *d)
{ return corrupt_op(W_LEAVES, d); }
static int provoke_pt_dump_verify(struct efivmap_diag *d)
{ return corrupt_op(W_DUMP, d); }
static int provoke_pt_verify_verify(struct efivmap_diag *d)
{ return corrupt_op(W_VERIFY, d); }
static int provoke_pt_stats_verify(struct efivmap_diag *d)
{ return corrupt_op(W_STATS, d); }

static int provoke_pt_walk_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_pt_walk(NULL, 0, NULL, NULL);
}
static int walk_built(uint64_t va)
{
	struct ptfx x;

	ptfx_init(&x, EFIVMAP_PT_GRANULE_4K, NTABLES);
	assert_int_equal(efivmap_pt_build(&x.pt, &x.in, NULL), 0);
	return ptfx_done(&x, efivmap_pt_walk(&x.pt, va, NULL, NULL));
}
static int provoke_pt_walk_notfound(struct efivmap_diag *d)
{
	(void)d;
	return walk_built(0x10000000);
}
static int provoke_pt_walk_va_bits(struct efivmap_diag *d)
{
	(void)d;
	return walk_built(UINT64_C(1) << 40);
}
static int provoke_for_each_leaf_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_pt_for_each_leaf(NULL, count_leaf, NULL);
}
static int provoke_pt_dump_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_pt_dump(NULL, ignore_line, NULL);
}
static int provoke_pt_stats_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_pt_stats(NULL, NULL);
}

static int provoke_config_init_inval(struct efivmap_diag *d)
{
	struct efivmap_pt_config c;

	(void)d;
	return efivmap_pt_config_init(&c, 0x2000, 40, 40, 0);
}
static int provoke_set_mair_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_pt_config_set_mair(NULL, EFIVMAP_PT_MAIR_DEFAULT);
}
static int provoke_set_mair_unsupported(struct efivmap_diag *d)
{
	struct efivmap_pt_config c;

	(void)d;
	assert_int_equal(efivmap_pt_config_init(&c, EFIVMAP_PT_GRANULE_4K, 40,
						40, 0), 0);
	return efivmap_pt_config_set_mair(&c, 0);
}
#define EDK2_TCR UINT64_C(0x480803514)
#define EDK2_MAIR UINT64_C(0xFFBB4400)
static int provoke_from_tcr_inval(struct efivmap_diag *d)
{
	struct efivmap_pt_config c;

	(void)d;
	return efivmap_pt_config_from_tcr(&c, EDK2_TCR | EFIVMAP_PT_TCR_EPD0,
					  EDK2_MAIR, 0);
}
static int provoke_from_tcr_unsupported(struct efivmap_diag *d)
{
	struct efivmap_pt_config c;

	(void)d;
	return efivmap_pt_config_from_tcr(&c, (EDK2_TCR & ~UINT64_C(0x3f)) | 8,
					  EDK2_MAIR, 0);
}

/* An unknown regime; at EL2, a T0SZ outside 16..28 in TCR_EL2. */
static int provoke_from_regs_inval(struct efivmap_diag *d)
{
	struct efivmap_pt_config c;

	(void)d;
	return efivmap_pt_config_from_regs(&c, EFIVMAP_PT_REGIME_COUNT,
					   EDK2_TCR, EDK2_MAIR, 0);
}
static int provoke_from_regs_unsupported(struct efivmap_diag *d)
{
	struct efivmap_pt_config c;

	(void)d;
	return efivmap_pt_config_from_regs(&c, EFIVMAP_PT_REGIME_EL2,
					   UINT64_C(0x80853508), EDK2_MAIR, 0);
}
static int provoke_set_regime_inval(struct efivmap_diag *d)
{
	struct efivmap_pt_config c;

	(void)d;
	if (efivmap_pt_config_init(&c, EFIVMAP_PT_GRANULE_4K, 48, 48, 0))
		return 0;
	return efivmap_pt_config_set_regime(&c, EFIVMAP_PT_REGIME_COUNT);
}

/* A version 1 MAT with one Runtime Code entry, after its header. */
struct mat_blob {
	struct efivmap_efi_mat_header h;
	struct efivmap_efi_desc e[1];
};

static struct mat_blob mat_blob(void)
{
	struct mat_blob b;

	memset(&b, 0, sizeof(b));
	b.h.version = 1;
	b.h.num_entries = 1;
	b.h.desc_size = sizeof(b.e[0]);
	b.e[0].type = RT_CODE;
	b.e[0].phys_start = 0x50000000;
	b.e[0].num_pages = 16;
	b.e[0].attribute = RT | EFIVMAP_EFI_MEMORY_RO;
	return b;
}

static int provoke_mat_init_inval(struct efivmap_diag *d)
{
	struct mat_blob b = mat_blob();

	return efivmap_pt_mat_init(NULL, &b.h, b.e, sizeof(b.e), d);
}
static int provoke_mat_init_mat(struct efivmap_diag *d)
{
	struct mat_blob b = mat_blob();
	struct efivmap_pt_mat m;

	b.h.version = 3;
	return efivmap_pt_mat_init(&m, &b.h, b.e, sizeof(b.e), d);
}
static int provoke_mat_from_table_inval(struct efivmap_diag *d)
{
	struct mat_blob b = mat_blob();

	return efivmap_pt_mat_from_table(NULL, &b, sizeof(b), d);
}
static int provoke_mat_from_table_mat(struct efivmap_diag *d)
{
	struct mat_blob b = mat_blob();
	struct efivmap_pt_mat m;

	return efivmap_pt_mat_from_table(&m, &b, 8, d);
}
static int provoke_mat_sort_inval(struct efivmap_diag *d)
{
	struct mat_blob b = mat_blob();
	struct efivmap_pt_mat m;

	(void)d;
	assert_int_equal(efivmap_pt_mat_init(&m, &b.h, b.e, sizeof(b.e),
					     NULL), 0);
	return efivmap_pt_mat_sort(&m, &b.e[0] + 1);
}
static int provoke_mat_validate_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_pt_mat_validate(NULL, NULL, NULL, NULL, NULL);
}

static int provoke_init_pool_inval(struct efivmap_diag *d)
{
	struct efivmap_pt pt;

	return efivmap_pt_init_pool(&pt, NULL, NULL, 0, 0, d);
}
static int init_pool_bad(size_t size, uint64_t pa, struct efivmap_diag *d)
{
	struct efivmap_pt_config c;
	struct efivmap_pt pt;
	uint8_t *pool = aligned_alloc(0x1000, 0x2000);
	int rc;

	assert_int_equal(efivmap_pt_config_init(&c, EFIVMAP_PT_GRANULE_4K, 40,
						40, 0), 0);
	rc = efivmap_pt_init_pool(&pt, &c, pool, size, pa, d);
	free(pool);
	return rc;
}
static int provoke_init_pool_align(struct efivmap_diag *d)
{ return init_pool_bad(0x2000, POOL_PA + 0x800, d); }
static int provoke_init_pool_va_bits(struct efivmap_diag *d)
{ return init_pool_bad(0x2000, UINT64_C(1) << 40, d); }
static int provoke_init_pool_pool(struct efivmap_diag *d)
{ return init_pool_bad(0x800, POOL_PA, d); }

/* An allocator handing out one table, or misbehaving as told. */
struct ops_ctx {
	uint8_t *mem;
	uint64_t pa;
	int ret;
	bool null_table;
};

static int ops_alloc(void *ctx, void **table, uint64_t *pa)
{
	struct ops_ctx *c = ctx;

	if (c->ret)
		return c->ret;
	*table = c->null_table ? NULL : c->mem;
	*pa = c->pa;
	return 0;
}

static void *ops_to_ptr(void *ctx, uint64_t pa)
{
	struct ops_ctx *c = ctx;

	return pa == c->pa ? c->mem : NULL;
}

static int init_ops_bad(int code, struct efivmap_diag *d)
{
	struct ops_ctx c = { .pa = POOL_PA };
	struct efivmap_pt_mem_ops ops = { ops_alloc, ops_to_ptr, &c, NULL };
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	int rc;

	c.mem = aligned_alloc(0x1000, 0x1000);
	assert_int_equal(efivmap_pt_config_init(&cfg, EFIVMAP_PT_GRANULE_4K,
						40, 40, 0), 0);
	switch (code) {
	case ERR(INVAL): ops.to_ptr = NULL; break;
	case ERR(ALIGN): c.null_table = true; break;
	case ERR(VA_BITS): c.pa = UINT64_C(1) << 40; break;
	case ERR(POOL): c.ret = 1; break;
	case 0: break;
	}
	rc = efivmap_pt_init_ops(&pt, &cfg, &ops, d);
	if (code == 0) {  /* release without a free callback */
		assert_int_equal(rc, 0);
		rc = (int)efivmap_pt_release(&pt);
	}
	free(c.mem);
	return rc;
}
static int provoke_init_ops_inval(struct efivmap_diag *d)
{ return init_ops_bad(ERR(INVAL), d); }
static int provoke_init_ops_align(struct efivmap_diag *d)
{ return init_ops_bad(ERR(ALIGN), d); }
static int provoke_init_ops_va_bits(struct efivmap_diag *d)
{ return init_ops_bad(ERR(VA_BITS), d); }
static int provoke_init_ops_pool(struct efivmap_diag *d)
{ return init_ops_bad(ERR(POOL), d); }
static int provoke_release_inval(struct efivmap_diag *d)
{
	struct efivmap_pt pt;

	(void)d;
	memset(&pt, 0, sizeof(pt));
	return (int)efivmap_pt_release(&pt);
}
static int provoke_release_unsupported(struct efivmap_diag *d)
{
	(void)d;
	return init_ops_bad(0, NULL);
}

/* ------------------------------------------------------------------ */
/* arch                                                                */
/* ------------------------------------------------------------------ */

static uint64_t noop_fn(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
			uint64_t e, uint64_t f)
{
	(void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
	return 0;
}

static int provoke_regs_check_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_arch_regs_check(NULL, noop_fn, NULL);
}
static int provoke_regs_check_unsupported(struct efivmap_diag *d)
{
	struct efivmap_arch_regs r = { POOL_PA, EDK2_TCR, EDK2_MAIR };
	/* EL1 with the MMU off: nothing to switch */
	struct efivmap_arch_live l = { .current_el = 1u << 2, .sctlr = 0 };

	(void)d;
	return efivmap_arch_regs_check(&r, noop_fn, &l);
}

static int provoke_live_regime_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_arch_live_regime(NULL, NULL);
}
static int provoke_live_regime_unsupported(struct efivmap_diag *d)
{
	struct efivmap_arch_live l = { .current_el = 3u << 2, .sctlr = 1 };
	uint32_t regime;

	(void)d;
	return efivmap_arch_live_regime(&l, &regime);   /* EL3 */
}
static int provoke_config_from_live_inval(struct efivmap_diag *d)
{
	struct efivmap_arch_live l = { .current_el = 1u << 2, .sctlr = 1,
				       .tcr = EDK2_TCR | EFIVMAP_PT_TCR_EPD0,
				       .mair = EDK2_MAIR };
	struct efivmap_pt_config c;

	(void)d;
	return efivmap_arch_config_from_live(&c, &l, 0);
}
static int provoke_config_from_live_unsupported(struct efivmap_diag *d)
{
	struct efivmap_arch_live l = { .current_el = 1u << 2, .sctlr = 0,
				       .tcr = EDK2_TCR, .mair = EDK2_MAIR };
	struct efivmap_pt_config c;

	(void)d;
	return efivmap_arch_config_from_live(&c, &l, 0);   /* MMU off */
}
static int provoke_regs_prepare_inval(struct efivmap_diag *d)
{
	struct efivmap_arch_regs r = { POOL_PA, EDK2_TCR, EDK2_MAIR };

	(void)d;
	return efivmap_arch_regs_prepare(&r, noop_fn, NULL, NULL);
}
static int provoke_regs_prepare_unsupported(struct efivmap_diag *d)
{
	struct efivmap_arch_regs r = { POOL_PA, EDK2_TCR, EDK2_MAIR };
	struct efivmap_arch_live l = { .current_el = 1u << 2, .sctlr = 0 };
	struct efivmap_arch_plan plan;

	(void)d;
	return efivmap_arch_regs_prepare(&r, noop_fn, &l, &plan);
}

/* Guarded calls: the C halves of efivmap_guard_call() and the probe. */
static int provoke_guard_begin_inval(struct efivmap_diag *d)
{
	struct efivmap_guard g = { .stack_top = 0x40001008 };  /* misaligned */

	(void)d;
	return efivmap_guard_begin(&g, noop_fn, 1u << 2, 0, 0, 0);
}
static int provoke_guard_begin_unsupported(struct efivmap_diag *d)
{
	struct efivmap_guard g = { .stack_top = 0x40001000 };

	(void)d;
	return efivmap_guard_begin(&g, noop_fn, 3u << 2, 0, 0, 0);  /* EL3 */
}
static int guard_ended(uint32_t outcome, unsigned bad_slot)
{
	struct efivmap_guard g = { .stack_top = 0x40001000 };

	assert_int_equal(efivmap_guard_begin(&g, noop_fn, 1u << 2, 0, 0, 0), 0);
	g.after[EFIVMAP_GUARD_NSAVED - 1] = g.fn_sp;
	g.after[bad_slot] ^= 1;
	g.outcome = outcome;
	return efivmap_guard_end(&g, NULL);
}
static int provoke_guard_end_fw_fault(struct efivmap_diag *d)
{
	(void)d;
	return guard_ended(EFIVMAP_GUARD_FAULTED, 0);
}
static int provoke_guard_end_fw_corrupt(struct efivmap_diag *d)
{
	(void)d;
	return guard_ended(EFIVMAP_GUARD_RETURNED, 0);  /* x18 */
}
static int provoke_guard_diagnose_inval(struct efivmap_diag *d)
{
	(void)d;
	return efivmap_guard_diagnose(NULL, 0, 0, 0, NULL);
}
static int provoke_probe_select_inval(struct efivmap_diag *d)
{
	uint32_t r, w;

	(void)d;
	return efivmap_probe_select(NULL, 1u << 2, &r, &w);
}
static int provoke_probe_select_unsupported(struct efivmap_diag *d)
{
	struct ptfx x;
	uint32_t r, w;

	(void)d;
	ptfx_init(&x, EFIVMAP_PT_GRANULE_4K, NTABLES);
	/* EL1&0 tables are not what AT translates at EL2 */
	return ptfx_done(&x, efivmap_probe_select(&x.pt, 2u << 2, &r, &w));
}
static int provoke_probe_judge_inval(struct efivmap_diag *d)
{
	uint32_t why;

	(void)d;
	return efivmap_probe_judge(NULL, 0, 1, 1, &why);
}
static int provoke_probe_judge_verify(struct efivmap_diag *d)
{
	struct ptfx x;
	uint32_t why;

	(void)d;
	ptfx_init(&x, EFIVMAP_PT_GRANULE_4K, NTABLES);
	/* unmapped, but the MMU claims a translation */
	return ptfx_done(&x, efivmap_probe_judge(&x.pt, 0x10000000, 0, 1, &why));
}
static uint64_t at_says_unmapped(void *ctx, uint32_t op, uint64_t va)
{
	(void)ctx; (void)op; (void)va;
	return 1;  /* PAR.F */
}
static int probe_run_built(uint32_t max)
{
	struct efivmap_probe_report rep;
	struct ptfx x;

	ptfx_init(&x, EFIVMAP_PT_GRANULE_4K, NTABLES);
	assert_int_equal(efivmap_pt_build(&x.pt, &x.in, NULL), 0);
	return ptfx_done(&x, efivmap_probe_run(&x.pt, 0, 1, max,
					       at_says_unmapped, NULL, &rep));
}
static int provoke_probe_run_inval(struct efivmap_diag *d)
{
	(void)d;
	return probe_run_built(1);
}
static int provoke_probe_run_verify(struct efivmap_diag *d)
{
	(void)d;
	return probe_run_built(8);
}

/* ------------------------------------------------------------------ */
/* FDT                                                                 */
/* ------------------------------------------------------------------ */

#if CODES_FDT
static void *tree_new(size_t size)
{
	void *t = zalloc(size);

	assert_int_equal(fdt_create_empty_tree(t, (int)size), 0);
	return t;
}

static int node(void *t, const char *path)
{
	int n = fdt_path_offset(t, path), p;

	if (n >= 0)
		return n;
	p = strchr(path + 1, '/') ? node(t, "/hypervisor") : 0;
	n = fdt_add_subnode(t, p, strrchr(path, '/') + 1);
	assert_true(n >= 0);
	return n;
}

static void prop_u(void *t, const char *path, const char *name, uint64_t v,
		   int len)
{
	fdt64_t v64 = cpu_to_fdt64(v);
	fdt32_t v32 = cpu_to_fdt32((uint32_t)v);

	assert_int_equal(fdt_setprop(t, node(t, path), name,
				     len == 8 ? (void *)&v64 : (void *)&v32,
				     len), 0);
}

static struct efivmap_fdt_boot boot_plain(void)
{
	struct efivmap_fdt_boot b;

	memset(&b, 0, sizeof(b));
	b.system_table = 0x7f000000;
	return b;
}

static int prepare(void *buf, size_t size, const void *base,
		   const struct efivmap_fdt_boot *b, struct efivmap_diag *d)
{
	size_t need;

	return efivmap_fdt_prepare(buf, size, base,
				   base ? fdt_totalsize(base) : 0, b, &need,
				   d);
}

enum fdt_bad { F_RANGE, F_FDT, F_XEN, F_NOSPACE, F_INVAL };

static int prepare_bad(enum fdt_bad what, struct efivmap_diag *d)
{
	struct efivmap_fdt_boot b = boot_plain();
	void *buf = zalloc(4096), *base = tree_new(1024);
	int rc;

	switch (what) {
	case F_RANGE:
		b.flags = EFIVMAP_FDT_SET_INITRD;
		b.initrd_start = 0x2000;
		b.initrd_end = 0x1000;
		break;
	case F_FDT: memset(base, 0xff, 16); break;
	case F_XEN: node(base, "/hypervisor/uefi"); break;
	default: break;
	}
	if (what == F_NOSPACE)
		rc = prepare(NULL, 0, base, &b, d);
	else if (what == F_INVAL)
		rc = prepare(buf, 4096, base, NULL, d);
	else
		rc = efivmap_fdt_prepare(buf, 4096, base, 1024, &b, NULL, d);
	free(buf);
	free(base);
	return rc;
}
static int provoke_fdt_prepare_inval(struct efivmap_diag *d)
{ return prepare_bad(F_INVAL, d); }
static int provoke_fdt_prepare_range(struct efivmap_diag *d)
{ return prepare_bad(F_RANGE, d); }
static int provoke_fdt_prepare_nospace(struct efivmap_diag *d)
{ return prepare_bad(F_NOSPACE, d); }
static int provoke_fdt_prepare_fdt(struct efivmap_diag *d)
{ return prepare_bad(F_FDT, d); }
static int provoke_fdt_prepare_unsupported(struct efivmap_diag *d)
{ return prepare_bad(F_XEN, d); }

/* A prepared tree with spare room, ready for efivmap_fdt_commit(). */
static void *prepared(void)
{
	struct efivmap_fdt_boot b = boot_plain();
	void *buf = zalloc(4096);

	assert_int_equal(prepare(buf, 4096, NULL, &b, NULL), 0);
	return buf;
}

static int commit(void *t, uint64_t start, uint64_t size, uint64_t ds,
		  struct efivmap_diag *d)
{
	int rc = efivmap_fdt_commit(t, start, size, ds, 1, d);

	free(t);
	return rc;
}
static int provoke_fdt_commit_inval(struct efivmap_diag *d)
{ return efivmap_fdt_commit(NULL, 0x1000, 48, 48, 1, d); }
static int provoke_fdt_commit_map_size(struct efivmap_diag *d)
{ return commit(prepared(), 0x1000, UINT64_C(1) << 32, 48, d); }
static int provoke_fdt_commit_desc_size(struct efivmap_diag *d)
{ return commit(prepared(), 0x1000, 48, 32, d); }
static int provoke_fdt_commit_overflow(struct efivmap_diag *d)
{ return commit(prepared(), UINT64_MAX - 0x10, 48, 48, d); }
static int provoke_fdt_commit_fdt(struct efivmap_diag *d)
{
	void *t = prepared();

	memset(t, 0xff, 8);
	return commit(t, 0x1000, 48, 48, d);
}
static int provoke_fdt_commit_fdt_noprop(struct efivmap_diag *d)
{ return commit(tree_new(1024), 0x1000, 48, 48, d); }
static int provoke_fdt_commit_fdt_badlen(struct efivmap_diag *d)
{
	void *t = prepared();

	prop_u(t, "/chosen", "linux,uefi-mmap-desc-size", 0, 8);
	return commit(t, 0x1000, 48, 48, d);
}

/* A /chosen with the five UEFI properties; @bad breaks one of them. */
static void *uefi_tree(const char *bad, uint64_t v, int len)
{
	void *t = tree_new(2048);

	prop_u(t, "/chosen", "linux,uefi-system-table", 0x7f000000, 8);
	prop_u(t, "/chosen", "linux,uefi-mmap-start", 0x7e000000, 8);
	prop_u(t, "/chosen", "linux,uefi-mmap-size", 96, 4);
	prop_u(t, "/chosen", "linux,uefi-mmap-desc-size", 48, 4);
	prop_u(t, "/chosen", "linux,uefi-mmap-desc-ver", 1, 4);
	if (bad && len)
		prop_u(t, "/chosen", bad, v, len);
	else if (bad)
		assert_int_equal(fdt_delprop(t, node(t, "/chosen"), bad), 0);
	return t;
}

static int read_tree(void *t, struct efivmap_diag *d)
{
	struct efivmap_fdt_uefi u;
	int rc = efivmap_fdt_read(t, fdt_totalsize(t), &u, d);

	free(t);
	return rc;
}
static int provoke_fdt_read_inval(struct efivmap_diag *d)
{ return efivmap_fdt_read(NULL, 0, NULL, d); }
static int provoke_fdt_read_fdt(struct efivmap_diag *d)
{
	void *t = uefi_tree(NULL, 0, 0);
	struct efivmap_fdt_uefi u;
	int rc;

	rc = efivmap_fdt_read(t, 64, &u, d);  /* truncated */
	free(t);
	return rc;
}
static int provoke_fdt_read_fdt_noprop(struct efivmap_diag *d)
{ return read_tree(uefi_tree("linux,uefi-mmap-size", 0, 0), d); }
static int provoke_fdt_read_fdt_badlen(struct efivmap_diag *d)
{ return read_tree(uefi_tree("linux,uefi-mmap-size", 0, 2), d); }
static int provoke_fdt_read_desc_size(struct efivmap_diag *d)
{ return read_tree(uefi_tree("linux,uefi-mmap-desc-size", 32, 4), d); }
static int provoke_fdt_read_overflow(struct efivmap_diag *d)
{
	return read_tree(uefi_tree("linux,uefi-mmap-start",
				   UINT64_MAX - 0x10, 8), d);
}

/*
 * efivmap_fdt_mmap(), or with @ex efivmap_fdt_mmap_ex() with findings,
 * strict for the codes only strict mode gives.
 */
static int fdt_mmap_bad(bool ex, int code, struct efivmap_diag *d)
{
	struct efivmap_finding list[4];
	struct efivmap_findings f;
	struct efivmap_fdt_uefi u;
	struct efivmap_mmap v;
	struct bad_map b;
	size_t buf_size;
	int rc;

	bad_map_make(&b, code == ERR(INVAL) || code == ERR(MAP_SIZE) ?
		     0 : code);
	memset(&u, 0, sizeof(u));
	u.mmap_size = (uint32_t)b.map_size;
	u.desc_size = (uint32_t)b.desc_size;
	u.desc_ver = b.version;
	buf_size = tl_map_size(&b.m);
	if (code == ERR(MAP_SIZE))
		buf_size -= 8;
	findings_make(&f, list, 4, strict_only(code));
	if (ex)
		rc = efivmap_fdt_mmap_ex(&u, b.buf, buf_size,
					 code == ERR(INVAL) ? NULL : &v, &f, d);
	else
		rc = efivmap_fdt_mmap(&u, b.buf, buf_size,
				      code == ERR(INVAL) ? NULL : &v, d);
	tl_map_free(&b.m);
	return rc;
}
#define FDT_MMAP_PROVOKER(c) \
static int provoke_fdt_mmap_##c(struct efivmap_diag *d) \
{ return fdt_mmap_bad(false, ERR(c), d); } \
static int provoke_fdt_mmap_ex_##c(struct efivmap_diag *d) \
{ return fdt_mmap_bad(true, ERR(c), d); }
FDT_MMAP_PROVOKER(INVAL)
FDT_MMAP_PROVOKER(DESC_SIZE)
FDT_MMAP_PROVOKER(MAP_SIZE)
FDT_MMAP_PROVOKER(VERSION)
FDT_MMAP_PROVOKER(ZERO_PAGES)
FDT_MMAP_PROVOKER(ALIGN)
FDT_MMAP_PROVOKER(OVERFLOW)
FDT_MMAP_PROVOKER(OVERLAP)
FDT_MMAP_PROVOKER(ATTR)

enum carry_bad { C_INVAL, C_RANGE, C_DESC_SIZE, C_OVERFLOW, C_NOSPACE,
		 C_FDT, C_XEN };

static int carry_bad(enum carry_bad what, struct efivmap_diag *d)
{
	struct efivmap_fdt_boot b = boot_plain();
	struct efivmap_fdt_uefi u = { 0x7f000000, 0x7e000000, 96, 48, 1, 0 };
	void *buf = zalloc(4096), *base = tree_new(1024);
	size_t need;
	int rc;

	switch (what) {
	case C_RANGE:
		b.flags = EFIVMAP_FDT_SET_INITRD;
		b.initrd_start = 0x2000;
		b.initrd_end = 0x1000;
		break;
	case C_DESC_SIZE: u.desc_size = 32; break;
	case C_OVERFLOW: u.mmap_start = UINT64_MAX - 0x10; break;
	case C_FDT: memset(base, 0xff, 16); break;
	case C_XEN: node(base, "/hypervisor/uefi"); break;
	default: break;
	}
	if (what == C_INVAL)
		rc = efivmap_fdt_carry(buf, 4096, base, 1024, NULL, &b, &need,
				       d);
	else if (what == C_NOSPACE)
		rc = efivmap_fdt_carry(NULL, 0, base, 1024, &u, &b, &need, d);
	else
		rc = efivmap_fdt_carry(buf, 4096, base, 1024, &u, &b, &need,
				       d);
	free(buf);
	free(base);
	return rc;
}
static int provoke_fdt_carry_inval(struct efivmap_diag *d)
{ return carry_bad(C_INVAL, d); }
static int provoke_fdt_carry_range(struct efivmap_diag *d)
{ return carry_bad(C_RANGE, d); }
static int provoke_fdt_carry_desc_size(struct efivmap_diag *d)
{ return carry_bad(C_DESC_SIZE, d); }
static int provoke_fdt_carry_overflow(struct efivmap_diag *d)
{ return carry_bad(C_OVERFLOW, d); }
static int provoke_fdt_carry_nospace(struct efivmap_diag *d)
{ return carry_bad(C_NOSPACE, d); }
static int provoke_fdt_carry_fdt(struct efivmap_diag *d)
{ return carry_bad(C_FDT, d); }
static int provoke_fdt_carry_unsupported(struct efivmap_diag *d)
{ return carry_bad(C_XEN, d); }
#endif /* CODES_FDT */

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

struct row {
	const char *fn;
	int code;
	int (*provoke)(struct efivmap_diag *d);
	const char *name;
};

/* One row per (function, documented code); doc_codes.py parses these. */
#define CASE(fn, c, p) { #fn, EFIVMAP_ERR_##c, p, #fn " " #c },

static const struct row rows[] = {
	CASE(efivmap_mmap_init, INVAL, provoke_mmap_init_INVAL)
	CASE(efivmap_mmap_init, DESC_SIZE, provoke_mmap_init_DESC_SIZE)
	CASE(efivmap_mmap_init, MAP_SIZE, provoke_mmap_init_MAP_SIZE)
	CASE(efivmap_mmap_init, VERSION, provoke_mmap_init_VERSION)
	CASE(efivmap_mmap_init, ZERO_PAGES, provoke_mmap_init_ZERO_PAGES)
	CASE(efivmap_mmap_init, ALIGN, provoke_mmap_init_ALIGN)
	CASE(efivmap_mmap_init, OVERFLOW, provoke_mmap_init_OVERFLOW)
	CASE(efivmap_mmap_init, OVERLAP, provoke_mmap_init_OVERLAP)
	CASE(efivmap_mmap_init_sort, INVAL, provoke_mmap_init_sort_INVAL)
	CASE(efivmap_mmap_init_sort, DESC_SIZE, provoke_mmap_init_sort_DESC_SIZE)
	CASE(efivmap_mmap_init_sort, MAP_SIZE, provoke_mmap_init_sort_MAP_SIZE)
	CASE(efivmap_mmap_init_sort, VERSION, provoke_mmap_init_sort_VERSION)
	CASE(efivmap_mmap_init_sort, ZERO_PAGES, provoke_mmap_init_sort_ZERO_PAGES)
	CASE(efivmap_mmap_init_sort, ALIGN, provoke_mmap_init_sort_ALIGN)
	CASE(efivmap_mmap_init_sort, OVERFLOW, provoke_mmap_init_sort_OVERFLOW)
	CASE(efivmap_mmap_init_sort, OVERLAP, provoke_mmap_init_sort_OVERLAP)
	CASE(efivmap_mmap_init_ex, INVAL, provoke_mmap_init_ex_INVAL)
	CASE(efivmap_mmap_init_ex, DESC_SIZE, provoke_mmap_init_ex_DESC_SIZE)
	CASE(efivmap_mmap_init_ex, MAP_SIZE, provoke_mmap_init_ex_MAP_SIZE)
	CASE(efivmap_mmap_init_ex, VERSION, provoke_mmap_init_ex_VERSION)
	CASE(efivmap_mmap_init_ex, ZERO_PAGES, provoke_mmap_init_ex_ZERO_PAGES)
	CASE(efivmap_mmap_init_ex, ALIGN, provoke_mmap_init_ex_ALIGN)
	CASE(efivmap_mmap_init_ex, OVERFLOW, provoke_mmap_init_ex_OVERFLOW)
	CASE(efivmap_mmap_init_ex, OVERLAP, provoke_mmap_init_ex_OVERLAP)
	CASE(efivmap_mmap_init_ex, VA_BITS, provoke_mmap_init_ex_VA_BITS)
	CASE(efivmap_mmap_init_ex, ATTR, provoke_mmap_init_ex_ATTR)
	CASE(efivmap_mmap_init_sort_ex, INVAL, provoke_mmap_init_sort_ex_INVAL)
	CASE(efivmap_mmap_init_sort_ex, DESC_SIZE, provoke_mmap_init_sort_ex_DESC_SIZE)
	CASE(efivmap_mmap_init_sort_ex, MAP_SIZE, provoke_mmap_init_sort_ex_MAP_SIZE)
	CASE(efivmap_mmap_init_sort_ex, VERSION, provoke_mmap_init_sort_ex_VERSION)
	CASE(efivmap_mmap_init_sort_ex, ZERO_PAGES, provoke_mmap_init_sort_ex_ZERO_PAGES)
	CASE(efivmap_mmap_init_sort_ex, ALIGN, provoke_mmap_init_sort_ex_ALIGN)
	CASE(efivmap_mmap_init_sort_ex, OVERFLOW, provoke_mmap_init_sort_ex_OVERFLOW)
	CASE(efivmap_mmap_init_sort_ex, OVERLAP, provoke_mmap_init_sort_ex_OVERLAP)
	CASE(efivmap_mmap_init_sort_ex, VA_BITS, provoke_mmap_init_sort_ex_VA_BITS)
	CASE(efivmap_mmap_init_sort_ex, ATTR, provoke_mmap_init_sort_ex_ATTR)
	CASE(efivmap_mmap_check_desc, ZERO_PAGES, provoke_check_desc_zero_pages)
	CASE(efivmap_mmap_check_desc, ALIGN, provoke_check_desc_align)
	CASE(efivmap_mmap_check_desc, OVERFLOW, provoke_check_desc_overflow)

	CASE(efivmap_text_parse, INVAL, provoke_text_parse_inval)
	CASE(efivmap_text_parse, NOSPACE, provoke_text_parse_nospace)
	CASE(efivmap_text_parse, DESC_SIZE, provoke_text_parse_desc_size)
	CASE(efivmap_text_parse, MAP_SIZE, provoke_text_parse_map_size)
	CASE(efivmap_text_parse, SYNTAX, provoke_text_parse_syntax)
	CASE(efivmap_text_parse, FORMAT, provoke_text_parse_format)
	CASE(efivmap_text_parse, RANGE, provoke_text_parse_range)
	CASE(efivmap_text_parse_raw, INVAL, provoke_parse_raw_inval)
	CASE(efivmap_text_parse_raw, NOSPACE, provoke_parse_raw_nospace)
	CASE(efivmap_text_parse_raw, DESC_SIZE, provoke_parse_raw_desc_size)
	CASE(efivmap_text_parse_raw, MAP_SIZE, provoke_parse_raw_map_size)
	CASE(efivmap_text_parse_ex, INVAL, provoke_parse_ex_inval)
	CASE(efivmap_text_parse_ex, NOSPACE, provoke_parse_ex_nospace)
	CASE(efivmap_text_parse_ex, DESC_SIZE, provoke_parse_ex_desc_size)
	CASE(efivmap_text_parse_ex, MAP_SIZE, provoke_parse_ex_map_size)
	CASE(efivmap_text_parse_ex, SYNTAX, provoke_parse_ex_syntax)
	CASE(efivmap_text_parse_ex, FORMAT, provoke_parse_ex_format)
	CASE(efivmap_text_parse_ex, RANGE, provoke_parse_ex_range)
	CASE(efivmap_text_parse_ex, UNSUPPORTED, provoke_parse_ex_unsupported)
	CASE(efivmap_text_parse_ex, OVERLAP, provoke_parse_ex_overlap)
	CASE(efivmap_text_parse_mat, INVAL, provoke_parse_mat_inval)
	CASE(efivmap_text_parse_mat, NOSPACE, provoke_parse_mat_nospace)
	CASE(efivmap_text_parse_mat, DESC_SIZE, provoke_parse_mat_desc_size)
	CASE(efivmap_text_parse_mat, FORMAT, provoke_parse_mat_format)
	CASE(efivmap_text_parse_mat, SYNTAX, provoke_parse_mat_syntax)
	CASE(efivmap_text_parse_mat, RANGE, provoke_parse_mat_range)
	CASE(efivmap_text_parse_mat, OVERLAP, provoke_parse_mat_overlap)
	CASE(efivmap_text_from_utf16, INVAL, provoke_from_utf16_inval)
	CASE(efivmap_text_from_utf16, NOSPACE, provoke_from_utf16_nospace)
	CASE(efivmap_text_detect, INVAL, provoke_text_detect_inval)
	CASE(efivmap_text_detect, FORMAT, provoke_text_detect_format)
	CASE(efivmap_text_format_from_name, INVAL, provoke_format_from_name_inval)

	CASE(efivmap_layout_plan, INVAL, provoke_layout_plan_inval)
	CASE(efivmap_layout_plan, WINDOW, provoke_layout_plan_window)
	CASE(efivmap_layout_plan, VA_BITS, provoke_layout_plan_va_bits)
	CASE(efivmap_layout_plan, ATTR, provoke_layout_plan_attr)
	CASE(efivmap_layout_check, INVAL, provoke_layout_check_inval)
	CASE(efivmap_layout_check, WINDOW, provoke_layout_check_window)
	CASE(efivmap_layout_check, VA_BITS, provoke_layout_check_va_bits)
	CASE(efivmap_layout_check, NO_VA, provoke_layout_check_no_va)
	CASE(efivmap_layout_check, RT_UNAVAILABLE, provoke_layout_check_rt_unavailable)
	CASE(efivmap_layout_check, VA_MISMATCH, provoke_layout_check_va_mismatch)
	CASE(efivmap_layout_check, VA_OVERLAP, provoke_layout_check_va_overlap)
	CASE(efivmap_layout_check, ATTR, provoke_layout_check_attr)
	CASE(efivmap_layout_mode, INVAL, provoke_layout_mode_inval)

	CASE(efivmap_boot_plan_make, INVAL, provoke_plan_make_inval)
	CASE(efivmap_boot_plan_make, DESC_SIZE, provoke_plan_make_desc_size)
	CASE(efivmap_boot_plan_make, MAP_SIZE, provoke_plan_make_map_size)
	CASE(efivmap_boot_plan_probe, INVAL, provoke_plan_probe_inval)
	CASE(efivmap_boot_plan_probe, DESC_SIZE, provoke_plan_probe_desc_size)
	CASE(efivmap_boot_plan_probe, MAP_SIZE, provoke_plan_probe_map_size)
	CASE(efivmap_boot_plan_probe, FIRMWARE, provoke_plan_probe_firmware)
	CASE(efivmap_boot_init, INVAL, provoke_boot_init_inval)
	CASE(efivmap_boot_init, NOSPACE, provoke_boot_init_nospace)
	CASE(efivmap_boot_init, ALIGN, provoke_boot_init_align)
	CASE(efivmap_boot_alloc, INVAL, provoke_boot_alloc_inval)
	CASE(efivmap_boot_alloc, FIRMWARE, provoke_boot_alloc_firmware)
	CASE(efivmap_boot_exit, INVAL, provoke_boot_exit_INVAL)
	CASE(efivmap_boot_exit, NOSPACE, provoke_boot_exit_NOSPACE)
	CASE(efivmap_boot_exit, DESC_SIZE, provoke_boot_exit_DESC_SIZE)
	CASE(efivmap_boot_exit, MAP_SIZE, provoke_boot_exit_MAP_SIZE)
	CASE(efivmap_boot_exit, VERSION, provoke_boot_exit_VERSION)
	CASE(efivmap_boot_exit, ZERO_PAGES, provoke_boot_exit_ZERO_PAGES)
	CASE(efivmap_boot_exit, ALIGN, provoke_boot_exit_ALIGN)
	CASE(efivmap_boot_exit, OVERFLOW, provoke_boot_exit_OVERFLOW)
	CASE(efivmap_boot_exit, OVERLAP, provoke_boot_exit_OVERLAP)
	CASE(efivmap_boot_exit, ATTR, provoke_boot_exit_ATTR)
	CASE(efivmap_boot_exit, FIRMWARE, provoke_boot_exit_FIRMWARE)
	CASE(efivmap_boot_exit, MAP_GREW, provoke_boot_exit_MAP_GREW)
	CASE(efivmap_boot_exit, RETRIES, provoke_boot_exit_RETRIES)
	CASE(efivmap_boot_svam, INVAL, provoke_boot_svam_inval)
	CASE(efivmap_boot_svam, WINDOW, provoke_boot_svam_WINDOW)
	CASE(efivmap_boot_svam, VA_BITS, provoke_boot_svam_VA_BITS)
	CASE(efivmap_boot_svam, ATTR, provoke_boot_svam_ATTR)
	CASE(efivmap_boot_svam, SVAM, provoke_boot_svam_SVAM)
	CASE(efivmap_boot_run, INVAL, provoke_boot_run_INVAL)
	CASE(efivmap_boot_run, NOSPACE, provoke_boot_run_NOSPACE)
	CASE(efivmap_boot_run, DESC_SIZE, provoke_boot_run_DESC_SIZE)
	CASE(efivmap_boot_run, MAP_SIZE, provoke_boot_run_MAP_SIZE)
	CASE(efivmap_boot_run, VERSION, provoke_boot_run_VERSION)
	CASE(efivmap_boot_run, ZERO_PAGES, provoke_boot_run_ZERO_PAGES)
	CASE(efivmap_boot_run, ALIGN, provoke_boot_run_ALIGN)
	CASE(efivmap_boot_run, OVERFLOW, provoke_boot_run_OVERFLOW)
	CASE(efivmap_boot_run, OVERLAP, provoke_boot_run_OVERLAP)
	CASE(efivmap_boot_run, WINDOW, provoke_boot_run_WINDOW)
	CASE(efivmap_boot_run, VA_BITS, provoke_boot_run_VA_BITS)
	CASE(efivmap_boot_run, FIRMWARE, provoke_boot_run_FIRMWARE)
	CASE(efivmap_boot_run, MAP_GREW, provoke_boot_run_MAP_GREW)
	CASE(efivmap_boot_run, RETRIES, provoke_boot_run_RETRIES)
	CASE(efivmap_boot_run, ATTR, provoke_boot_run_ATTR)
	CASE(efivmap_boot_run, SVAM, provoke_boot_run_SVAM)
	CASE(efivmap_alloc_aligned, INVAL, provoke_alloc_aligned_inval)
	CASE(efivmap_alloc_aligned, FIRMWARE, provoke_alloc_aligned_firmware)
	CASE(efivmap_free_aligned, INVAL, provoke_free_aligned_inval)
	CASE(efivmap_free_aligned, FIRMWARE, provoke_free_aligned_firmware)

	CASE(efivmap_pt_config_init, INVAL, provoke_config_init_inval)
	CASE(efivmap_pt_config_set_mair, INVAL, provoke_set_mair_inval)
	CASE(efivmap_pt_config_set_mair, UNSUPPORTED, provoke_set_mair_unsupported)
	CASE(efivmap_pt_config_from_tcr, INVAL, provoke_from_tcr_inval)
	CASE(efivmap_pt_config_from_tcr, UNSUPPORTED, provoke_from_tcr_unsupported)
	CASE(efivmap_pt_config_from_regs, INVAL, provoke_from_regs_inval)
	CASE(efivmap_pt_config_from_regs, UNSUPPORTED, provoke_from_regs_unsupported)
	CASE(efivmap_pt_config_set_regime, INVAL, provoke_set_regime_inval)
	CASE(efivmap_pt_mat_init, INVAL, provoke_mat_init_inval)
	CASE(efivmap_pt_mat_init, MAT, provoke_mat_init_mat)
	CASE(efivmap_pt_mat_from_table, INVAL, provoke_mat_from_table_inval)
	CASE(efivmap_pt_mat_from_table, MAT, provoke_mat_from_table_mat)
	CASE(efivmap_pt_mat_sort, INVAL, provoke_mat_sort_inval)
	CASE(efivmap_pt_mat_validate, INVAL, provoke_mat_validate_inval)
	CASE(efivmap_pt_init_pool, INVAL, provoke_init_pool_inval)
	CASE(efivmap_pt_init_pool, ALIGN, provoke_init_pool_align)
	CASE(efivmap_pt_init_pool, VA_BITS, provoke_init_pool_va_bits)
	CASE(efivmap_pt_init_pool, POOL, provoke_init_pool_pool)
	CASE(efivmap_pt_init_ops, INVAL, provoke_init_ops_inval)
	CASE(efivmap_pt_init_ops, ALIGN, provoke_init_ops_align)
	CASE(efivmap_pt_init_ops, VA_BITS, provoke_init_ops_va_bits)
	CASE(efivmap_pt_init_ops, POOL, provoke_init_ops_pool)
	CASE(efivmap_pt_release, INVAL, provoke_release_inval)
	CASE(efivmap_pt_release, UNSUPPORTED, provoke_release_unsupported)
	CASE(efivmap_pt_tables_needed, INVAL, provoke_tables_needed_inval)
	CASE(efivmap_pt_tables_needed, ZERO_PAGES, provoke_tables_needed_ZERO_PAGES)
	CASE(efivmap_pt_tables_needed, ALIGN, provoke_tables_needed_ALIGN)
	CASE(efivmap_pt_tables_needed, OVERFLOW, provoke_tables_needed_OVERFLOW)
	CASE(efivmap_pt_tables_needed, VA_BITS, provoke_tables_needed_VA_BITS)
	CASE(efivmap_pt_tables_needed, NO_VA, provoke_tables_needed_NO_VA)
	CASE(efivmap_pt_tables_needed, VA_MISMATCH, provoke_tables_needed_VA_MISMATCH)
	CASE(efivmap_pt_tables_needed, CONFLICT, provoke_tables_needed_CONFLICT)
	CASE(efivmap_pt_tables_needed, ATTR, provoke_tables_needed_ATTR)
	CASE(efivmap_pt_build, INVAL, provoke_pt_build_inval)
	CASE(efivmap_pt_build, ZERO_PAGES, provoke_pt_build_ZERO_PAGES)
	CASE(efivmap_pt_build, ALIGN, provoke_pt_build_ALIGN)
	CASE(efivmap_pt_build, OVERFLOW, provoke_pt_build_OVERFLOW)
	CASE(efivmap_pt_build, VA_BITS, provoke_pt_build_VA_BITS)
	CASE(efivmap_pt_build, NO_VA, provoke_pt_build_NO_VA)
	CASE(efivmap_pt_build, VA_MISMATCH, provoke_pt_build_VA_MISMATCH)
	CASE(efivmap_pt_build, POOL, provoke_pt_build_pool)
	CASE(efivmap_pt_build, CONFLICT, provoke_pt_build_CONFLICT)
	CASE(efivmap_pt_build, ATTR, provoke_pt_build_ATTR)
	CASE(efivmap_pt_build, VERIFY, provoke_pt_build_verify)
	CASE(efivmap_pt_map_range, INVAL, provoke_map_range_INVAL)
	CASE(efivmap_pt_map_range, ZERO_PAGES, provoke_map_range_ZERO_PAGES)
	CASE(efivmap_pt_map_range, ALIGN, provoke_map_range_ALIGN)
	CASE(efivmap_pt_map_range, OVERFLOW, provoke_map_range_OVERFLOW)
	CASE(efivmap_pt_map_range, VA_BITS, provoke_map_range_VA_BITS)
	CASE(efivmap_pt_map_range, VA_MISMATCH, provoke_map_range_VA_MISMATCH)
	CASE(efivmap_pt_map_range, POOL, provoke_map_range_pool)
	CASE(efivmap_pt_map_range, CONFLICT, provoke_map_range_CONFLICT)
	CASE(efivmap_pt_map_range, VERIFY, provoke_map_range_verify)
	CASE(efivmap_pt_walk, INVAL, provoke_pt_walk_inval)
	CASE(efivmap_pt_walk, NOTFOUND, provoke_pt_walk_notfound)
	CASE(efivmap_pt_walk, VA_BITS, provoke_pt_walk_va_bits)
	CASE(efivmap_pt_walk, VERIFY, provoke_pt_walk_verify)
	CASE(efivmap_pt_for_each_leaf, INVAL, provoke_for_each_leaf_inval)
	CASE(efivmap_pt_for_each_leaf, VERIFY, provoke_for_each_leaf_verify)
	CASE(efivmap_pt_dump, INVAL, provoke_pt_dump_inval)
	CASE(efivmap_pt_dump, VERIFY, provoke_pt_dump_verify)
	CASE(efivmap_pt_verify, INVAL, provoke_pt_verify_inval)
	CASE(efivmap_pt_verify, ZERO_PAGES, provoke_pt_verify_ZERO_PAGES)
	CASE(efivmap_pt_verify, ALIGN, provoke_pt_verify_ALIGN)
	CASE(efivmap_pt_verify, OVERFLOW, provoke_pt_verify_OVERFLOW)
	CASE(efivmap_pt_verify, VA_BITS, provoke_pt_verify_VA_BITS)
	CASE(efivmap_pt_verify, NO_VA, provoke_pt_verify_NO_VA)
	CASE(efivmap_pt_verify, VA_MISMATCH, provoke_pt_verify_VA_MISMATCH)
	CASE(efivmap_pt_verify, CONFLICT, provoke_pt_verify_CONFLICT)
	CASE(efivmap_pt_verify, ATTR, provoke_pt_verify_ATTR)
	CASE(efivmap_pt_verify, VERIFY, provoke_pt_verify_verify)
	CASE(efivmap_pt_stats, INVAL, provoke_pt_stats_inval)
	CASE(efivmap_pt_stats, VERIFY, provoke_pt_stats_verify)

	CASE(efivmap_arch_live_regime, INVAL, provoke_live_regime_inval)
	CASE(efivmap_arch_live_regime, UNSUPPORTED, provoke_live_regime_unsupported)
	CASE(efivmap_arch_config_from_live, INVAL, provoke_config_from_live_inval)
	CASE(efivmap_arch_config_from_live, UNSUPPORTED, provoke_config_from_live_unsupported)
	CASE(efivmap_arch_regs_prepare, INVAL, provoke_regs_prepare_inval)
	CASE(efivmap_arch_regs_prepare, UNSUPPORTED, provoke_regs_prepare_unsupported)
	CASE(efivmap_arch_regs_check, INVAL, provoke_regs_check_inval)
	CASE(efivmap_arch_regs_check, UNSUPPORTED, provoke_regs_check_unsupported)
	CASE(efivmap_guard_begin, INVAL, provoke_guard_begin_inval)
	CASE(efivmap_guard_begin, UNSUPPORTED, provoke_guard_begin_unsupported)
	CASE(efivmap_guard_end, FW_FAULT, provoke_guard_end_fw_fault)
	CASE(efivmap_guard_end, FW_CORRUPT, provoke_guard_end_fw_corrupt)
	CASE(efivmap_guard_diagnose, INVAL, provoke_guard_diagnose_inval)
	CASE(efivmap_probe_select, INVAL, provoke_probe_select_inval)
	CASE(efivmap_probe_select, UNSUPPORTED, provoke_probe_select_unsupported)
	CASE(efivmap_probe_judge, INVAL, provoke_probe_judge_inval)
	CASE(efivmap_probe_judge, VERIFY, provoke_probe_judge_verify)
	CASE(efivmap_probe_run, INVAL, provoke_probe_run_inval)
	CASE(efivmap_probe_run, VERIFY, provoke_probe_run_verify)

#if CODES_FDT
	CASE(efivmap_fdt_prepare, INVAL, provoke_fdt_prepare_inval)
	CASE(efivmap_fdt_prepare, NOSPACE, provoke_fdt_prepare_nospace)
	CASE(efivmap_fdt_prepare, RANGE, provoke_fdt_prepare_range)
	CASE(efivmap_fdt_prepare, FDT, provoke_fdt_prepare_fdt)
	CASE(efivmap_fdt_prepare, UNSUPPORTED, provoke_fdt_prepare_unsupported)
	CASE(efivmap_fdt_commit, INVAL, provoke_fdt_commit_inval)
	CASE(efivmap_fdt_commit, DESC_SIZE, provoke_fdt_commit_desc_size)
	CASE(efivmap_fdt_commit, MAP_SIZE, provoke_fdt_commit_map_size)
	CASE(efivmap_fdt_commit, OVERFLOW, provoke_fdt_commit_overflow)
	CASE(efivmap_fdt_commit, FDT, provoke_fdt_commit_fdt)
	CASE(efivmap_fdt_commit, FDT_NOPROP, provoke_fdt_commit_fdt_noprop)
	CASE(efivmap_fdt_commit, FDT_BADLEN, provoke_fdt_commit_fdt_badlen)
	CASE(efivmap_fdt_read, INVAL, provoke_fdt_read_inval)
	CASE(efivmap_fdt_read, DESC_SIZE, provoke_fdt_read_desc_size)
	CASE(efivmap_fdt_read, OVERFLOW, provoke_fdt_read_overflow)
	CASE(efivmap_fdt_read, FDT, provoke_fdt_read_fdt)
	CASE(efivmap_fdt_read, FDT_NOPROP, provoke_fdt_read_fdt_noprop)
	CASE(efivmap_fdt_read, FDT_BADLEN, provoke_fdt_read_fdt_badlen)
	CASE(efivmap_fdt_mmap, INVAL, provoke_fdt_mmap_INVAL)
	CASE(efivmap_fdt_mmap, DESC_SIZE, provoke_fdt_mmap_DESC_SIZE)
	CASE(efivmap_fdt_mmap, MAP_SIZE, provoke_fdt_mmap_MAP_SIZE)
	CASE(efivmap_fdt_mmap, OVERFLOW, provoke_fdt_mmap_OVERFLOW)
	CASE(efivmap_fdt_mmap, ATTR, provoke_fdt_mmap_ATTR)
	CASE(efivmap_fdt_mmap_ex, INVAL, provoke_fdt_mmap_ex_INVAL)
	CASE(efivmap_fdt_mmap_ex, DESC_SIZE, provoke_fdt_mmap_ex_DESC_SIZE)
	CASE(efivmap_fdt_mmap_ex, MAP_SIZE, provoke_fdt_mmap_ex_MAP_SIZE)
	CASE(efivmap_fdt_mmap_ex, VERSION, provoke_fdt_mmap_ex_VERSION)
	CASE(efivmap_fdt_mmap_ex, ZERO_PAGES, provoke_fdt_mmap_ex_ZERO_PAGES)
	CASE(efivmap_fdt_mmap_ex, ALIGN, provoke_fdt_mmap_ex_ALIGN)
	CASE(efivmap_fdt_mmap_ex, OVERFLOW, provoke_fdt_mmap_ex_OVERFLOW)
	CASE(efivmap_fdt_mmap_ex, OVERLAP, provoke_fdt_mmap_ex_OVERLAP)
	CASE(efivmap_fdt_mmap_ex, ATTR, provoke_fdt_mmap_ex_ATTR)
	CASE(efivmap_fdt_carry, INVAL, provoke_fdt_carry_inval)
	CASE(efivmap_fdt_carry, NOSPACE, provoke_fdt_carry_nospace)
	CASE(efivmap_fdt_carry, DESC_SIZE, provoke_fdt_carry_desc_size)
	CASE(efivmap_fdt_carry, OVERFLOW, provoke_fdt_carry_overflow)
	CASE(efivmap_fdt_carry, RANGE, provoke_fdt_carry_range)
	CASE(efivmap_fdt_carry, FDT, provoke_fdt_carry_fdt)
	CASE(efivmap_fdt_carry, UNSUPPORTED, provoke_fdt_carry_unsupported)
#endif
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

#define DIAG_UNSET (-0x7fff)

/*
 * One row: the provoker's call returns exactly -code and, when the
 * function takes a diag, fills it with the same code.
 */
static void test_row_returns_its_code(void **state)
{
	const struct row *r = *state;
	struct efivmap_diag d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.err = DIAG_UNSET;
	rc = r->provoke(&d);
	if (rc != -r->code)
		fail_msg("%s: returned %d (%s), not -EFIVMAP_ERR_* %d (%s)",
			 r->name, rc, efivmap_strerror(rc), -r->code,
			 efivmap_strerror(r->code));
	if (doc_find(r->fn)->has_diag ? d.err != rc : d.err != DIAG_UNSET)
		fail_msg("%s: diag.err %d, returned %d", r->name, d.err, rc);
	assert_true(doc_allows(r->fn, rc));
}

/* Whether @fn is built into this test program. */
static bool built(const char *fn)
{
	return CODES_FDT || strncmp(fn, "efivmap_fdt_", 12) != 0;
}

/* The table against the generated header: both ways. */
static void test_rows_cover_every_documented_code(void **state)
{
	unsigned bad = 0;
	size_t i, j;
	int c;

	(void)state;
	for (i = 0; i < NROWS; i++) {
		const struct doc_codes *dc = doc_find(rows[i].fn);

		if (!dc || dc->excluded ||
		    !(dc->mask & (UINT64_C(1) << rows[i].code))) {
			print_error("row %s: code not documented\n",
				    rows[i].name);
			bad++;
		}
	}
	for (i = 0; i < DOC_CODES_COUNT; i++) {
		if (doc_codes[i].excluded || !built(doc_codes[i].fn))
			continue;
		for (c = 1; c < EFIVMAP_ERR_MAX; c++) {
			if (!(doc_codes[i].mask & (UINT64_C(1) << c)))
				continue;
			for (j = 0; j < NROWS; j++)
				if (rows[j].code == c &&
				    strcmp(rows[j].fn, doc_codes[i].fn) == 0)
					break;
			if (j == NROWS) {
				print_error("%s (%s) documents %s but no row "
					    "provokes it\n", doc_codes[i].fn,
					    doc_codes[i].header,
					    efivmap_strerror(c));
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* Random inputs get documented codes only                             */
/* ------------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*, fixed seed: the same inputs on every run */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(0x2545F4914F6CDD1D);
}

static uint64_t pick(const uint64_t *v, size_t n)
{
	return v[rnd() % n];
}

#define PICK(a) pick(a, sizeof(a) / sizeof(a[0]))

static const uint64_t phys_vals[] = {
	0, 0x1000, 0x40000000, 0x40001000, 0x40010000, 0x40200000,
	0x40000800, UINT64_C(0x100000000), UINT64_C(0xfffffffffffff000),
	UINT64_C(0x8000000000),
};
static const uint64_t pages_vals[] = { 0, 1, 15, 16, 512, 0x1000,
	UINT64_C(1) << 52 };
static const uint64_t attr_vals[] = { WB, WB | RT, UC | RT, RT, 0,
	WB | RT | EFIVMAP_EFI_MEMORY_RO, WB | RT | EFIVMAP_EFI_MEMORY_XP };
static const uint64_t type_vals[] = { CONV, RT_CODE, RT_DATA,
	EFIVMAP_EFI_MMIO, EFIVMAP_EFI_RESERVED, 0x70000001 };

/* A random map of up to 6 descriptors, mostly valid. */
static void random_map(struct tl_map *m)
{
	size_t n = rnd() % 7, i;
	uint64_t pa = 0x40000000;

	tl_map_init(m, rnd() % 4 ? 48 : 40);
	for (i = 0; i < n; i++) {
		uint64_t pages = rnd() % 3 ? 1 + rnd() % 64 : PICK(pages_vals);
		uint64_t at = rnd() % 4 ? pa : PICK(phys_vals);

		tl_map_add(m, (uint32_t)PICK(type_vals), at, pages,
			   PICK(attr_vals));
		if (rnd() % 3 == 0)
			tl_map_desc(m, i)->virt_start = rnd() % 2 ?
				at + 0x20000000 - 0x40000000 : PICK(phys_vals);
		pa += (rnd() % 2 ? 0x10000 : 0x1000) * (1 + rnd() % 64);
	}
}

#define ROUNDS 3000

/* Codes the random inputs of one test got, so it cannot go vacuous. */
static uint64_t seen;

static void check_allowed(const char *fn, long rc, unsigned round)
{
	if (!doc_allows(fn, rc))
		fail_msg("round %u: %s returned %ld (%s), not documented", round,
			 fn, rc, efivmap_strerror((int)rc));
	if (rc < 0)
		seen |= UINT64_C(1) << -rc;
}

/* At least @min different error codes came up. */
static void assert_seen(int min)
{
	int c, n = 0;

	for (c = 1; c < EFIVMAP_ERR_MAX; c++)
		n += (seen >> c) & 1;
	print_message("%d different error codes from random inputs\n", n);
	assert_true(n >= min);
	seen = 0;
}

static void test_random_maps_get_documented_codes(void **state)
{
	static const size_t ds_vals[] = { 0, 8, 40, 44, 48, 56, 4096 };
	struct efivmap_mmap v;
	struct tl_map m;
	unsigned i;

	(void)state;
	rng_state = 0x5eed0001;
	for (i = 0; i < ROUNDS; i++) {
		size_t size, ds;
		uint32_t ver = rnd() % 8 ? 1 : (uint32_t)(rnd() % 3);
		struct efivmap_diag d;
		int rc;

		random_map(&m);
		size = tl_map_size(&m);
		ds = m.desc_size;
		if (rnd() % 8 == 0)
			ds = ds_vals[rnd() % 7];
		if (rnd() % 8 == 0 && size)
			size -= rnd() % size;
		rc = efivmap_mmap_init(&v, rnd() % 16 ? m.buf : NULL, size, ds,
				       ver, &d);
		check_allowed("efivmap_mmap_init", rc, i);
		rc = efivmap_mmap_init_sort(&v, m.buf, size, ds, ver, &d);
		check_allowed("efivmap_mmap_init_sort", rc, i);
		tl_map_free(&m);
	}
	assert_seen(6);
}

static void random_layout_cfg(struct efivmap_layout_cfg *cfg)
{
	static const uint64_t lim[] = { 0x20000000, 0x20010000, 0x20200000,
		0x40000000, UINT64_C(1) << 39, UINT64_C(1) << 48, 0x20008000 };
	static const uint64_t va_bits[] = { 31, 32, 36, 39, 48, 52, 53 };

	efivmap_layout_cfg_init(cfg);
	cfg->strategy = (uint32_t)(rnd() % 4);
	if (rnd() % 2)
		cfg->va_bits = (uint32_t)PICK(va_bits);
	if (rnd() % 2)
		cfg->limit = PICK(lim);
	if (rnd() % 4 == 0)
		cfg->base = PICK(lim);
	cfg->randomize = rnd() % 2;
	cfg->seed = rnd();
}

static void test_random_layouts_get_documented_codes(void **state)
{
	struct efivmap_layout_cfg cfg;
	struct efivmap_mmap v;
	struct tl_map m;
	unsigned i;

	(void)state;
	rng_state = 0x5eed0002;
	for (i = 0; i < ROUNDS; i++) {
		struct efivmap_diag d;
		int rc;

		random_map(&m);
		if (efivmap_mmap_init(&v, m.buf, tl_map_size(&m), m.desc_size,
				      1, NULL) == 0) {
			random_layout_cfg(&cfg);
			rc = efivmap_layout_check(&v, &cfg, &d);
			check_allowed("efivmap_layout_check", rc, i);
			rc = efivmap_layout_plan(&v, rnd() % 8 ? &cfg : NULL,
						 &d);
			check_allowed("efivmap_layout_plan", rc, i);
			rc = efivmap_layout_check(&v, &cfg, &d);
			check_allowed("efivmap_layout_check", rc, i);
		}
		tl_map_free(&m);
	}
	assert_seen(4);
}

static void test_random_text_gets_documented_codes(void **state)
{
	static const char *const lines[] = {
		"efi:   0x000040000000-0x00004007ffff [Conventional|   |WB]\n",
		"efi:   0x000040080000-0x00004008ffff [Runtime Data|RUN|WB]\n",
		"efi:   0x000040090000-0x00004008ffff [Conventional|WB]\n",
		"efi:   0x0000400a0000-0x0000400a07ff [Conventional|WB]\n",
		"efi:   0x000040000000-0x00004007ffff [Conventionl |WB]\n",
		"efi: mem07: [Runtime Data |RUN|  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000040000000-0x000000004000ffff] (0MB)\n",
		"mem00: type=7, attr=0xf, range=[0x0-0x1000) (0MB)\n",
		"Available  0000000040000000-0000000047EF0FFF 0000000000007EF1 0000000000000008\n",
		"CONVENTIONAL     0000000000000000-0000000004000000 WB\n",
		"(XEN)  000000009e000-000000009efff type=0 attr=000000000000000f\n",
		"RuntimeServicesData 0000f6b27000 0000f6b27000 00000001 WB RUNTIME\n",
		"# desc_size 48\n",
		"7 0x0000000040000000 0x4000 0x8\n",
		"7 0x0000000044000000 0x4000\n",
		"hello world\n",
		"\r\n",
	};
	static const size_t ds_vals[] = { 40, 48, 44, 0, 4096 };
	static uint8_t out[8192];
	char text[2048];
	unsigned i;

	(void)state;
	rng_state = 0x5eed0003;
	for (i = 0; i < ROUNDS; i++) {
		struct efivmap_text_info info;
		struct efivmap_diag d;
		size_t len = 0, n = rnd() % 6, k;
		uint32_t format = (uint32_t)(rnd() % 11), f;
		int rc;

		text[0] = 0;
		for (k = 0; k < n; k++) {
			const char *l = lines[rnd() % (sizeof(lines) /
						       sizeof(lines[0]))];

			if (len + strlen(l) < sizeof(text)) {
				memcpy(text + len, l, strlen(l) + 1);
				len += strlen(l);
			}
		}
		if (len && rnd() % 4 == 0)
			text[rnd() % len] = (char)rnd();
		if (len && rnd() % 4 == 0)
			len -= rnd() % len;
		rc = efivmap_text_parse(text, len, format,
					rnd() % 4 ? out : NULL,
					rnd() % 8 ? sizeof(out) : rnd() % 256,
					ds_vals[rnd() % 5], &info, &d);
		check_allowed("efivmap_text_parse", rc, i);
		rc = efivmap_text_detect(text, len, &f, NULL);
		check_allowed("efivmap_text_detect", rc, i);
	}
	assert_seen(5);
}

static void test_random_tables_get_documented_codes(void **state)
{
	static const uint32_t granules[] = { EFIVMAP_PT_GRANULE_4K,
		EFIVMAP_PT_GRANULE_16K, EFIVMAP_PT_GRANULE_64K };
	static const uint64_t addr[] = { 0x40000000, 0x40001000, 0x40010000,
		0x40200000, 0x40000800, UINT64_C(1) << 40, 0,
		UINT64_C(0xfffffffffffff000), 0x7fe00000 };
	static const uint64_t sizes[] = { 0, 0x1000, 0x10000, 0x200000,
		0x800, 0x40000000, 0x3000 };
	static const uint32_t attrs[] = { EFIVMAP_PT_RAM_RW, EFIVMAP_PT_RAM_RX,
		EFIVMAP_PT_DEVICE_RW, EFIVMAP_PT_RAM_RO, 0x40,
		EFIVMAP_PT_RAM_RX | EFIVMAP_PT_ATTR_GP };
	struct efivmap_pt_range r[4];
	struct efivmap_pt_config cfg;
	struct efivmap_pt_input in;
	struct efivmap_mmap v;
	struct efivmap_pt pt;
	struct tl_map m;
	uint8_t *pool;
	unsigned i;
	size_t k;

	(void)state;
	rng_state = 0x5eed0004;
	pool = aligned_alloc(0x10000, 8 * 0x10000);
	assert_non_null(pool);
	for (i = 0; i < ROUNDS; i++) {
		uint32_t g = granules[rnd() % 3];
		struct efivmap_diag d;
		size_t n;
		int rc;

		assert_int_equal(efivmap_pt_config_init(&cfg, g, 40, 40,
			(uint32_t)(rnd() % 8)), 0);
		memset(&in, 0, sizeof(in));
		random_map(&m);
		if (rnd() % 2 && efivmap_mmap_init(&v, m.buf, tl_map_size(&m),
						   m.desc_size, 1, NULL) == 0)
			in.map = &v;
		in.nranges = rnd() % 5;
		for (k = 0; k < in.nranges; k++) {
			r[k].va = PICK(addr);
			r[k].pa = rnd() % 2 ? r[k].va : PICK(addr);
			r[k].size = PICK(sizes);
			r[k].attrs = attrs[rnd() % 6];
		}
		in.ranges = r;
		rc = efivmap_pt_tables_needed(&cfg, &in, &n, &d);
		check_allowed("efivmap_pt_tables_needed", rc, i);
		assert_int_equal(efivmap_pt_init_pool(&pt, &cfg, pool,
			(1 + rnd() % 8) * g, POOL_PA, NULL), 0);
		rc = efivmap_pt_build(&pt, &in, &d);
		check_allowed("efivmap_pt_build", rc, i);
		rc = efivmap_pt_verify(&pt, &in, &d);
		check_allowed("efivmap_pt_verify", rc, i);
		rc = efivmap_pt_map_range(&pt, PICK(addr), PICK(addr),
					  PICK(sizes), attrs[rnd() % 6], &d);
		check_allowed("efivmap_pt_map_range", rc, i);
		rc = efivmap_pt_walk(&pt, PICK(addr), NULL, NULL);
		check_allowed("efivmap_pt_walk", rc, i);
		tl_map_free(&m);
	}
	free(pool);
	assert_seen(8);
}

/* Whether @f recorded a finding that strict mode would return as -@code. */
static bool found(const struct efivmap_findings *f, int code)
{
	size_t i;

	for (i = 0; i < f->count && i < f->cap; i++)
		if (f->list[i].err == -code)
			return true;
	return false;
}

/*
 * The strict-only rows really are strict-only: without
 * EFIVMAP_FINDINGS_STRICT the same inputs succeed, and each defect is
 * reported as a finding carrying the code strict mode returns.
 */
static void test_strict_only_codes_are_tolerated(void **state)
{
	static const int codes[] = { ERR(VERSION), ERR(ZERO_PAGES),
				     ERR(ALIGN), ERR(OVERLAP) };
	struct efivmap_boot_exit_cfg cfg;
	struct efivmap_finding list[4];
	struct efivmap_findings f;
	struct efivmap_mmap v;
	struct bad_map b;
	struct bfx x;
	unsigned i, sort;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_true(strict_only(codes[i]));
		for (sort = 0; sort < 2; sort++) {
			bad_map_make(&b, codes[i]);
			findings_make(&f, list, 4, false);
			assert_int_equal((sort ? efivmap_mmap_init_sort_ex :
					  efivmap_mmap_init_ex)(
				&v, b.buf, b.map_size, b.desc_size, b.version,
				32, &f, NULL), 0);
			assert_true(found(&f, codes[i]));
			tl_map_free(&b.m);
		}
#if CODES_FDT
		{
			struct efivmap_fdt_uefi u;

			bad_map_make(&b, codes[i]);
			memset(&u, 0, sizeof(u));
			u.mmap_size = (uint32_t)b.map_size;
			u.desc_size = (uint32_t)b.desc_size;
			u.desc_ver = b.version;
			assert_int_equal(efivmap_fdt_mmap(&u, b.buf,
							  b.map_size, &v,
							  NULL), 0);
			findings_make(&f, list, 4, false);
			assert_int_equal(efivmap_fdt_mmap_ex(&u, b.buf,
							     b.map_size, &v,
							     &f, NULL), 0);
			assert_true(found(&f, codes[i]));
			tl_map_free(&b.m);
		}
#endif
		memset(&cfg, 0, sizeof(cfg));
		findings_make(&f, list, 4, false);
		cfg.findings = &f;
		bfx_init(&x);
		bfx_ready(&x);
		bfx_break_exit(&x, codes[i]);
		assert_int_equal(bfx_done(&x, efivmap_boot_exit(&x.b, &cfg,
								 NULL)), 0);
		assert_true(found(&f, codes[i]));
	}
}

int main(void)
{
	static struct CMUnitTest tests[NROWS + 7];
	size_t i, n = 0;

	for (i = 0; i < NROWS; i++)
		tests[n++] = (struct CMUnitTest){
			rows[i].name, test_row_returns_its_code, NULL, NULL,
			(void *)&rows[i] };
	tests[n++] = (struct CMUnitTest)
		cmocka_unit_test(test_rows_cover_every_documented_code);
	tests[n++] = (struct CMUnitTest)
		cmocka_unit_test(test_random_maps_get_documented_codes);
	tests[n++] = (struct CMUnitTest)
		cmocka_unit_test(test_random_layouts_get_documented_codes);
	tests[n++] = (struct CMUnitTest)
		cmocka_unit_test(test_random_text_gets_documented_codes);
	tests[n++] = (struct CMUnitTest)
		cmocka_unit_test(test_random_tables_get_documented_codes);
	tests[n++] = (struct CMUnitTest)
		cmocka_unit_test(test_strict_only_codes_are_tolerated);
	return _cmocka_run_group_tests("codes", tests, n, NULL, NULL);
}
