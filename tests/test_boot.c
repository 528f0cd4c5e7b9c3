// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The firmware sequence against the fake firmware (fake_fw.c), fed with
 * the memory maps captured from EDK2 and U-Boot.
 *
 * Every sequence test also checks the fake's rule counters (nothing
 * allocated or freed after ExitBootServices was attempted, no boot service
 * after it succeeded, one SetVirtualAddressMap) and its guard bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "efivmap/boot.h"
#include "fake_fw.h"
#include "testlib.h"

#define DEV_ERR EFIVMAP_EFI_DEVICE_ERROR

/* ------------------------------------------------------------------ */
/* Captured maps                                                        */
/* ------------------------------------------------------------------ */

/*
 * "captured/<name>-ebs.bin" and "captured/<name>-pre-ebs.bin" for every
 * capture, sorted, NULL-terminated.
 */
static char **list_captured(void)
{
	char **names = tl_list_captured("-ebs.bin");
	size_t n = 0;

	while (names[n])
		n++;
	assert_true(n >= 8); /* EDK2 and U-Boot, 1G and 4G, before and at EBS */
	return names;
}

/* EDK2 captures use 48-byte descriptors, U-Boot's 40. */
static size_t captured_stride(const char *name)
{
	return strstr(name, "uboot") ? 40 : 48;
}

static size_t runtime_count(struct fake_fw *f)
{
	size_t i, n = 0;

	for (i = 0; i < ff_count(f); i++)
		n += !!(ff_desc(f, i)->attribute & EFIVMAP_EFI_MEMORY_RUNTIME);
	return n;
}

/* ------------------------------------------------------------------ */
/* A stub in miniature                                                  */
/* ------------------------------------------------------------------ */

struct hook_log {
	struct fake_fw *f;
	struct efivmap_boot *b;
	unsigned int calls;
	unsigned int bad;      /* hook saw something it must never see */
	int fail_at;           /* attempt to fail at, or -1 */
	int fail_ret;
};

static int exit_hook(void *ctx, const struct efivmap_mmap *map,
		     unsigned int attempt)
{
	struct hook_log *h = ctx;

	/* Runs once per attempt, in order, before that attempt's EBS. */
	if (attempt != h->calls || h->f->exited ||
	    h->f->kind_calls[FF_EXIT_BOOT_SERVICES] != attempt)
		h->bad++;
	/* It sees the map just read, current and in the map part. */
	if (map->count != ff_count(h->f) ||
	    map->map_size != h->f->map_size ||
	    (h->b && map->base != efivmap_boot_map_buf(h->b)) ||
	    memcmp(map->base, h->f->map, map->map_size))
		h->bad++;
	h->calls++;
	if (h->fail_at >= 0 && attempt == (unsigned int)h->fail_at)
		return h->fail_ret;
	return 0;
}

struct quirk_log {
	bool active;
	unsigned int enters, leaves, bad;
	efivmap_efi_status leave_status;
	int enter_ret;
};

static int quirk_enter(void *ctx, const struct efivmap_mmap *map)
{
	struct quirk_log *q = ctx;
	struct efivmap_efi_desc *d;
	size_t i;

	/* The new layout must already be in the map. */
	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d) &&
		    (d->virt_start == 0 ||
		     d->virt_start == EFIVMAP_EFI_VA_INVALID))
			q->bad++;
	q->enters++;
	if (q->enter_ret)
		return q->enter_ret;
	q->active = true;
	return 0;
}

static void quirk_leave(void *ctx, const struct efivmap_mmap *map,
			efivmap_efi_status status)
{
	struct quirk_log *q = ctx;

	(void)map;
	if (!q->active)
		q->bad++;
	q->active = false;
	q->leaves++;
	q->leave_status = status;
}

static void linux_layout(struct efivmap_layout_cfg *l)
{
	efivmap_layout_cfg_init(l);
	l->strategy = EFIVMAP_LAYOUT_LINUX;
}

struct run {
	struct efivmap_boot b;
	struct efivmap_boot_plan plan;
	struct efivmap_alloc alloc;
	struct efivmap_diag diag;
	struct hook_log hook;
	struct efivmap_boot_exit_cfg exit_cfg;
	struct efivmap_layout_cfg layout;
	struct efivmap_boot_svam_cfg svam_cfg;
	int step;              /* 0 probe, 1 alloc, 2 exit, 3 svam, 4 done */
	int ret;
	bool freed;
};

static void run_prepare(struct run *r, struct fake_fw *f)
{
	memset(r, 0, sizeof(*r));
	r->hook.f = f;
	r->hook.b = &r->b;
	r->hook.fail_at = -1;
	r->exit_cfg.hook = exit_hook;
	r->exit_cfg.hook_ctx = &r->hook;
	linux_layout(&r->layout);
	r->svam_cfg.layout = &r->layout;
	r->svam_cfg.call = EFIVMAP_BOOT_SVAM_ALWAYS;
}

/*
 * Probe, allocate, exit, SVAM; stop at the first error. A stub that fails
 * before the first EBS attempt gives its buffer back, as a real one would.
 */
static int run_steps(struct run *r, struct fake_fw *f,
		     const struct efivmap_boot_req *req)
{
	r->step = 0;
	r->ret = efivmap_boot_plan_probe(&f->ops, req, &r->plan, &r->diag);
	if (r->ret)
		return r->ret;
	r->step = 1;
	r->ret = efivmap_boot_alloc(&r->b, &f->ops, &r->plan, &r->alloc,
				    &r->diag);
	if (r->ret)
		return r->ret;
	r->step = 2;
	r->ret = efivmap_boot_exit(&r->b, &r->exit_cfg, &r->diag);
	if (r->ret) {
		if (!(r->b.state & EFIVMAP_BOOT_EBS_ATTEMPTED))
			r->freed = !efivmap_free_aligned(&f->ops, &r->alloc,
							 NULL);
		return r->ret;
	}
	r->step = 3;
	r->ret = efivmap_boot_svam(&r->b, &r->svam_cfg, &r->diag);
	if (r->ret)
		return r->ret;
	r->step = 4;
	return 0;
}

/* Probe and allocate, both expected to succeed: the state before exit. */
static void run_probe_alloc(struct run *r, struct fake_fw *f)
{
	assert_int_equal(efivmap_boot_plan_probe(&f->ops, NULL, &r->plan,
						 NULL), 0);
	assert_int_equal(efivmap_boot_alloc(&r->b, &f->ops, &r->plan,
					    &r->alloc, NULL), 0);
}

/* Route the SVAM step through the quirk hooks, logging into @q. */
static void run_use_quirk(struct run *r, struct quirk_log *q)
{
	r->svam_cfg.quirk_enter = quirk_enter;
	r->svam_cfg.quirk_leave = quirk_leave;
	r->svam_cfg.quirk_ctx = q;
}

/* The map still holds the firmware's descriptors, @ds bytes each. */
static void assert_map_is_firmware(struct run *r, struct fake_fw *f,
				   size_t ds)
{
	for (size_t i = 0; i < r->b.map.count; i++)
		assert_memory_equal(efivmap_mmap_get(&r->b.map, i),
				    ff_desc(f, i), ds);
}

static void assert_fw_clean(struct fake_fw *f)
{
	assert_int_equal(f->bad_after_ebs, 0);
	assert_int_equal(f->bad_after_exit, 0);
	assert_int_equal(f->bad_frees, 0);
	assert_int_equal(f->svam_bad_input, 0);
	assert_int_equal(f->svam_again, 0);
	assert_int_equal(ff_guard_damage(f), 0);
}

/* The SVAM input is exactly the map's runtime descriptors, whole strides. */
static void assert_svam_input(struct run *r, struct fake_fw *f)
{
	const struct efivmap_mmap *m = &r->b.map;
	struct efivmap_efi_desc *d;
	size_t i, n = 0;

	assert_true(f->svam_called);
	assert_ptr_equal(f->svam_ptr, r->b.buf + r->plan.scratch_off);
	assert_int_equal(f->svam_desc_size, m->desc_size);
	assert_int_equal(f->svam_desc_version, m->desc_version);
	efivmap_mmap_for_each(m, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		assert_true(n * m->desc_size < f->svam_map_size);
		assert_memory_equal(ff_svam_desc(f, n), d, m->desc_size);
		n++;
	}
	assert_int_equal(n * m->desc_size, f->svam_map_size);
	assert_int_equal(r->b.svam_map.count, n);
}

/* ------------------------------------------------------------------ */
/* Buffer plan                                                          */
/* ------------------------------------------------------------------ */

static bool disjoint(size_t a, size_t al, size_t b, size_t bl)
{
	return !al || !bl || a + al <= b || b + bl <= a;
}

static void assert_plan_sane(const struct efivmap_boot_plan *p)
{
	assert_true(disjoint(p->map_off, p->map_cap, p->scratch_off,
			     p->scratch_cap));
	assert_true(disjoint(p->map_off, p->map_cap, p->pool_off,
			     p->pool_size));
	assert_true(disjoint(p->map_off, p->map_cap, p->extra_off,
			     p->extra_size));
	assert_true(disjoint(p->scratch_off, p->scratch_cap, p->pool_off,
			     p->pool_size));
	assert_true(disjoint(p->scratch_off, p->scratch_cap, p->extra_off,
			     p->extra_size));
	assert_true(disjoint(p->pool_off, p->pool_size, p->extra_off,
			     p->extra_size));
	assert_true(p->map_off + p->map_cap <= p->size);
	assert_true(p->scratch_off + p->scratch_cap <= p->size);
	assert_true(p->pool_off + p->pool_size <= p->size);
	assert_true(p->extra_off + p->extra_size <= p->size);
	assert_int_equal(p->map_off % 8, 0);
	assert_int_equal(p->scratch_off % 8, 0);
	assert_int_equal(p->scratch_cap, p->map_cap);
}

static void test_boot_plan_minimum_slack_is_32(void **state)
{
	struct efivmap_boot_plan p;
	struct efivmap_boot_req req = { .slack_descs = 10 };

	(void)state;
	assert_int_equal(efivmap_boot_plan_make(NULL, 28 * 48, 48, &p, NULL),
			 0);
	assert_int_equal(p.map_cap, (28 + 32) * 48);
	assert_int_equal(p.desc_size, 48);
	assert_int_equal(p.align, 8);
	assert_plan_sane(&p);
	assert_int_equal(efivmap_boot_plan_make(&req, 15 * 40, 40, &p, NULL),
			 0);
	assert_int_equal(p.map_cap, (15 + 32) * 40);
	req.slack_descs = 100;
	assert_int_equal(efivmap_boot_plan_make(&req, 15 * 40, 40, &p, NULL),
			 0);
	assert_int_equal(p.map_cap, (15 + 100) * 40);
	assert_plan_sane(&p);
}

static void test_boot_plan_pool_and_extra_aligned(void **state)
{
	static const size_t granules[] = { 4096, 16384, 65536 };
	struct efivmap_boot_plan p;
	size_t g;

	(void)state;
	for (g = 0; g < 3; g++) {
		struct efivmap_boot_req req = {
			.pool_bytes = 7 * granules[g],
			.pool_align = granules[g],
			.extra_bytes = 0x10001,
			.extra_align = 64,
		};

		assert_int_equal(efivmap_boot_plan_make(&req, 28 * 48, 48,
							&p, NULL), 0);
		assert_plan_sane(&p);
		assert_int_equal(p.align, granules[g]);
		assert_int_equal(p.pool_off % granules[g], 0);
		assert_int_equal(p.pool_size, 7 * granules[g]);
		assert_int_equal(p.extra_off % 64, 0);
		assert_int_equal(p.extra_size, 0x10001);
		assert_true(p.size >= 7 * granules[g] + 2 * 60 * 48 + 0x10001);
		/* No more than alignment padding beyond the parts. */
		assert_true(p.size <= 7 * granules[g] + 2 * 60 * 48 + 0x10001 +
			    64 + 8);
	}
}

static void test_boot_plan_rejects_bad_input(void **state)
{
	struct efivmap_boot_plan p, before;
	struct efivmap_diag diag;
	struct efivmap_boot_req req;

	(void)state;
	memset(&p, 0xAB, sizeof(p));
	before = p;
	assert_int_equal(efivmap_boot_plan_make(NULL, 36 * 10, 36, &p, &diag),
			 -EFIVMAP_ERR_DESC_SIZE);
	assert_int_equal(diag.addr, 36);
	assert_int_equal(efivmap_boot_plan_make(NULL, 44 * 10, 44, &p, NULL),
			 -EFIVMAP_ERR_DESC_SIZE);
	assert_int_equal(efivmap_boot_plan_make(NULL, 100, 48, &p, &diag),
			 -EFIVMAP_ERR_MAP_SIZE);
	assert_int_equal(diag.err, -EFIVMAP_ERR_MAP_SIZE);
	memset(&req, 0, sizeof(req));
	req.pool_bytes = 4096;
	req.pool_align = 3 * 4096;
	assert_int_equal(efivmap_boot_plan_make(&req, 480, 48, &p, NULL),
			 -EFIVMAP_ERR_INVAL);
	req.pool_align = 0;
	assert_int_equal(efivmap_boot_plan_make(&req, 480, 48, &p, NULL),
			 -EFIVMAP_ERR_INVAL);
	memset(&req, 0, sizeof(req));
	req.extra_bytes = 16;
	req.extra_align = 12;
	assert_int_equal(efivmap_boot_plan_make(&req, 480, 48, &p, NULL),
			 -EFIVMAP_ERR_INVAL);
	memset(&req, 0, sizeof(req));
	req.slack_descs = SIZE_MAX;
	assert_int_equal(efivmap_boot_plan_make(&req, 480, 48, &p, NULL),
			 -EFIVMAP_ERR_INVAL);
	memset(&req, 0, sizeof(req));
	req.pool_bytes = SIZE_MAX - 2047; /* no room for the map */
	req.pool_align = 4096;
	assert_int_equal(efivmap_boot_plan_make(&req, 480, 48, &p, NULL),
			 -EFIVMAP_ERR_INVAL);
	memset(&req, 0, sizeof(req));
	req.extra_bytes = SIZE_MAX - 100;
	assert_int_equal(efivmap_boot_plan_make(&req, 480, 48, &p, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_boot_plan_make(NULL, 480, 48, NULL, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_memory_equal(&p, &before, sizeof(p));
}

static void test_boot_plan_probe_sizes_from_firmware(void **state)
{
	char **names = list_captured();
	struct efivmap_boot_plan p;
	struct efivmap_diag diag;

	(void)state;
	for (char **n = names; *n; n++) {
		struct fake_fw f;
		size_t ds = captured_stride(*n);

		ff_init_file(&f, *n, ds, ds);
		assert_int_equal(efivmap_boot_plan_probe(&f.ops, NULL, &p,
							 &diag), 0);
		assert_int_equal(p.desc_size, ds);
		assert_int_equal(p.map_cap, (ff_count(&f) + 32) * ds);
		assert_int_equal(f.calls, 1);
		assert_int_equal(f.kind_calls[FF_GET_MEMORY_MAP], 1);

		ff_fail_kind(&f, FF_GET_MEMORY_MAP, 2, DEV_ERR);
		assert_int_equal(efivmap_boot_plan_probe(&f.ops, NULL, &p,
							 &diag),
				 -EFIVMAP_ERR_FIRMWARE);
		assert_int_equal(diag.addr, DEV_ERR);
		assert_string_equal(diag.what, "GetMemoryMap failed");
		ff_free(&f);
	}
	tl_free_names(names);
}

static void test_boot_plan_probe_rejects_empty_map(void **state)
{
	struct efivmap_boot_plan p;
	struct efivmap_diag diag;
	struct fake_fw f;

	(void)state;
	ff_init(&f, NULL, 0, 48, 48);
	assert_int_equal(efivmap_boot_plan_probe(&f.ops, NULL, &p, &diag),
			 -EFIVMAP_ERR_FIRMWARE);
	assert_int_equal(diag.addr, EFIVMAP_EFI_SUCCESS);
	f.desc_size = 36;
	f.map_size = 72;
	assert_int_equal(efivmap_boot_plan_probe(&f.ops, NULL, &p, &diag),
			 -EFIVMAP_ERR_DESC_SIZE);
	assert_int_equal(efivmap_boot_plan_probe(NULL, NULL, &p, &diag),
			 -EFIVMAP_ERR_INVAL);
	ff_free(&f);
}

/* ------------------------------------------------------------------ */
/* Binding a buffer                                                     */
/* ------------------------------------------------------------------ */

static void test_boot_init_checks_buffer(void **state)
{
	struct efivmap_boot_req req = { .pool_bytes = 4 * 65536,
					.pool_align = 65536 };
	struct efivmap_boot_plan p, bad;
	struct efivmap_boot b, before;
	struct efivmap_diag diag;
	struct fake_fw f;
	uint8_t *buf;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	assert_int_equal(efivmap_boot_plan_probe(&f.ops, &req, &p, NULL), 0);
	buf = aligned_alloc(65536, (p.size + 2 * 65536) & ~(size_t)65535);
	assert_non_null(buf);
	memset(&b, 0x77, sizeof(b));
	before = b;
	assert_int_equal(efivmap_boot_init(&b, &f.ops, &p, buf, p.size - 1,
					   &diag), -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(diag.addr, p.size);
	assert_int_equal(efivmap_boot_init(&b, &f.ops, &p, buf + 4096,
					   p.size, &diag),
			 -EFIVMAP_ERR_ALIGN);
	assert_int_equal(efivmap_boot_init(&b, NULL, &p, buf, p.size, NULL),
			 -EFIVMAP_ERR_INVAL);
	bad = p;
	bad.scratch_cap = p.map_cap - 48;
	assert_int_equal(efivmap_boot_init(&b, &f.ops, &bad, buf, p.size,
					   NULL), -EFIVMAP_ERR_INVAL);
	bad = p;
	bad.extra_off = p.size;
	bad.extra_size = 1;
	assert_int_equal(efivmap_boot_init(&b, &f.ops, &bad, buf, p.size,
					   NULL), -EFIVMAP_ERR_INVAL);
	assert_memory_equal(&b, &before, sizeof(b));

	assert_int_equal(efivmap_boot_init(&b, &f.ops, &p, buf, p.size,
					   &diag), 0);
	assert_int_equal(b.state, EFIVMAP_BOOT_READY);
	assert_ptr_equal(efivmap_boot_pool(&b), buf + p.pool_off);
	assert_ptr_equal(efivmap_boot_extra(&b), buf + p.extra_off);
	assert_ptr_equal(efivmap_boot_map_buf(&b), buf + p.map_off);
	assert_int_equal(f.calls, 1); /* binding calls no firmware */
	free(buf);
	ff_free(&f);
}

/*
 * A plan is input: init and alloc accept every plan make produces and
 * refuse any other, above all one whose parts overlap (with scratch on
 * the map, the SVAM copy would overwrite the map handed to the OS).
 */
static void test_boot_refuses_plans_make_could_not_produce(void **state)
{
	struct efivmap_boot_plan p, bad;
	struct efivmap_boot b;
	struct efivmap_alloc a;
	struct efivmap_boot_req req;
	struct fake_fw f;
	uint8_t *buf;
	size_t i, k;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	/* every shape make produces is accepted */
	for (i = 0; i < 64; i++) {
		memset(&req, 0, sizeof(req));
		req.pool_bytes = (i & 3) * 0x10000 + (i & 4) * 3;
		req.pool_align = (size_t)8 << (i % 14);
		req.extra_bytes = (i >> 3) * 4093;
		req.extra_align = (size_t)1 << (i % 17);
		req.slack_descs = i;
		assert_int_equal(efivmap_boot_plan_make(&req, 48 * i, 48, &p,
							NULL), 0);
		buf = aligned_alloc(p.align, (p.size + p.align) &
				    ~(p.align - 1));
		assert_non_null(buf);
		assert_int_equal(efivmap_boot_init(&b, &f.ops, &p, buf, p.size,
						   NULL), 0);
		free(buf);
	}
	memset(&req, 0, sizeof(req));
	req.pool_bytes = 0x10000;
	req.pool_align = 0x10000;
	req.extra_bytes = 4096;
	assert_int_equal(efivmap_boot_plan_make(&req, 4800, 48, &p, NULL), 0);
	buf = aligned_alloc(p.align, (p.size + p.align) & ~(p.align - 1));
	assert_non_null(buf);
	for (k = 0; k < 8; k++) {
		bad = p;
		switch (k) {
		case 0: bad.scratch_off = bad.map_off; break;
		case 1: bad.map_off = bad.pool_off; break;
		case 2: bad.extra_off = bad.scratch_off; break;
		case 3: bad.pool_size += 8; break;
		case 4: bad.scratch_off -= 48; break;
		case 5: bad.map_cap += 48; break;
		case 6: bad.size += 8; break;
		case 7: bad.pool_off = 8; break;
		}
		assert_int_equal(efivmap_boot_init(&b, &f.ops, &bad, buf,
						   p.size + 4096, NULL),
				 -EFIVMAP_ERR_INVAL);
		assert_int_equal(efivmap_boot_alloc(&b, &f.ops, &bad, &a,
						    NULL), -EFIVMAP_ERR_INVAL);
	}
	free(buf);
	ff_free(&f);
}

static void test_boot_alloc_gives_aligned_pool(void **state)
{
	struct efivmap_boot_req req = { .pool_bytes = 3 * 65536,
					.pool_align = 65536,
					.extra_bytes = 8192 };
	struct efivmap_boot_plan p;
	struct efivmap_alloc a;
	struct efivmap_boot b;
	struct fake_fw f;

	(void)state;
	ff_init_file(&f, "captured/uboot-qemu_arm64-4G-ebs.bin", 40, 40);
	f.alloc_skew_pages = 5;
	assert_int_equal(efivmap_boot_plan_probe(&f.ops, &req, &p, NULL), 0);
	assert_int_equal(efivmap_boot_alloc(&b, &f.ops, &p, &a, NULL), 0);
	assert_int_equal((uintptr_t)b.buf % 65536, 0);
	assert_int_equal((uintptr_t)efivmap_boot_pool(&b) % 65536, 0);
	assert_int_equal(a.phys, (uintptr_t)b.buf);
	assert_true(a.pages * 4096 >= p.size);
	assert_int_equal(f.pages_in_use, a.pages);
	assert_int_equal(efivmap_free_aligned(&f.ops, &a, NULL), 0);
	assert_int_equal(f.pages_in_use, 0);

	/* Allocation failure: nothing held, nothing bound. */
	ff_fail_kind(&f, FF_ALLOCATE_PAGES, 2, EFIVMAP_EFI_OUT_OF_RESOURCES);
	memset(&b, 0, sizeof(b));
	assert_int_equal(efivmap_boot_alloc(&b, &f.ops, &p, &a, NULL),
			 -EFIVMAP_ERR_FIRMWARE);
	assert_int_equal(b.state, 0);
	assert_int_equal(f.pages_in_use, 0);
	assert_fw_clean(&f);
	ff_free(&f);
}

/* ------------------------------------------------------------------ */
/* The whole sequence on real maps                                      */
/* ------------------------------------------------------------------ */

static void test_boot_sequence_on_captured_maps(void **state)
{
	char **names = list_captured();

	(void)state;
	for (char **n = names; *n; n++) {
		size_t ds = captured_stride(*n);
		struct fake_fw f;
		struct run r;

		ff_init_file(&f, *n, ds, ds);
		f.grow_on_alloc = 2; /* the buffer splits a free region */
		f.alloc_skew_pages = 3;
		run_prepare(&r, &f);
		assert_int_equal(run_steps(&r, &f, NULL), 0);
		assert_int_equal(r.b.state & ~EFIVMAP_BOOT_SVAM_SKIPPED,
				 EFIVMAP_BOOT_READY |
				 EFIVMAP_BOOT_EBS_ATTEMPTED |
				 EFIVMAP_BOOT_EXITED | EFIVMAP_BOOT_PLANNED |
				 EFIVMAP_BOOT_SVAM_CALLED |
				 EFIVMAP_BOOT_SVAM_DONE);
		/* The map the OS gets is the one EBS accepted. */
		assert_int_equal(r.b.map.count, ff_count(&f));
		assert_int_equal(r.b.ebs_calls, 1);
		assert_int_equal(r.hook.calls, 1);
		assert_int_equal(r.hook.bad, 0);
		assert_svam_input(&r, &f);
		assert_int_equal(r.b.svam_map.count, runtime_count(&f));
		assert_fw_clean(&f);
		ff_free(&f);
	}
	tl_free_names(names);
}

/*
 * EDK2 and U-Boot accepted these exact inputs from Linux's layout; the
 * sequence with the LINUX strategy must hand over the same bytes.
 */
static void test_boot_svam_input_matches_captured_vmap(void **state)
{
	char **names = list_captured();

	(void)state;
	for (char **n = names; *n; n++) {
		size_t ds = captured_stride(*n), vsize, i;
		char vname[512];
		uint8_t *vmap;
		struct fake_fw f;
		struct run r;

		/* The SVAM input belongs to the map EBS accepted. */
		if (strstr(*n, "-pre-ebs"))
			continue;
		snprintf(vname, sizeof(vname), "%.*s-vmap.bin",
			 (int)(strlen(*n) - 8), *n);
		vmap = tl_read_data(vname, &vsize);
		ff_init_file(&f, *n, ds, ds);
		run_prepare(&r, &f);
		assert_int_equal(run_steps(&r, &f, NULL), 0);
		assert_int_equal(f.svam_map_size, vsize);
		for (i = 0; i < vsize / ds; i++) {
			const struct efivmap_efi_desc *want =
				(const void *)(vmap + i * ds);
			const struct efivmap_efi_desc *got =
				ff_svam_desc(&f, i);

			assert_int_equal(got->type, want->type);
			assert_int_equal(got->phys_start, want->phys_start);
			assert_int_equal(got->num_pages, want->num_pages);
			assert_int_equal(got->attribute, want->attribute);
			assert_int_equal(got->virt_start, want->virt_start);
		}
		free(vmap);
		ff_free(&f);
	}
	tl_free_names(names);
}

static void test_boot_odd_desc_sizes(void **state)
{
	static const size_t strides[] = { 40, 48, 56, 64, 72 };
	char **names = list_captured();

	(void)state;
	for (char **n = names; *n; n++) {
		for (size_t s = 0; s < 5; s++) {
			size_t ds = strides[s], i;
			struct fake_fw f;
			struct run r;

			ff_init_file(&f, *n, captured_stride(*n), ds);
			f.grow_on_alloc = 1;
			run_prepare(&r, &f);
			assert_int_equal(run_steps(&r, &f, NULL), 0);
			assert_int_equal(r.plan.desc_size, ds);
			assert_int_equal(r.b.map.desc_size, ds);
			assert_svam_input(&r, &f);
			/* Bytes past the 40-byte struct travel unchanged. */
			for (i = 0; i < r.b.svam_map.count; i++) {
				const uint8_t *p = (const uint8_t *)
					ff_svam_desc(&f, i);

				for (size_t k = 40; k < ds; k++)
					assert_int_equal(p[k], 0x5A);
			}
			assert_fw_clean(&f);
			ff_free(&f);
		}
	}
	tl_free_names(names);
}

/* ------------------------------------------------------------------ */
/* ExitBootServices                                                     */
/* ------------------------------------------------------------------ */

static void test_boot_exit_buffer_too_small_reports_size(void **state)
{
	struct fake_fw f;
	struct run r;
	size_t needed;

	(void)state;
	ff_init_file(&f, "captured/uboot-qemu_arm64-1G-ebs.bin", 40, 40);
	run_prepare(&r, &f);
	run_probe_alloc(&r, &f);
	/* More than the slack appears before the stub gets to exit. */
	ff_grow(&f, 33);
	needed = f.map_size;
	assert_int_equal(efivmap_boot_exit(&r.b, &r.exit_cfg, &r.diag),
			 -EFIVMAP_ERR_NOSPACE);
	assert_int_equal(r.diag.addr, needed);
	assert_int_equal(r.b.map_needed, needed);
	assert_int_equal(r.b.state, EFIVMAP_BOOT_READY);
	assert_false(f.ebs_attempted);
	assert_int_equal(r.hook.calls, 0);

	/* Boot services are intact: give back, re-plan, go again. */
	assert_int_equal(efivmap_free_aligned(&f.ops, &r.alloc, NULL), 0);
	assert_int_equal(efivmap_boot_plan_make(NULL, r.b.map_needed, 40,
						&r.plan, NULL), 0);
	assert_int_equal(efivmap_boot_alloc(&r.b, &f.ops, &r.plan, &r.alloc,
					    NULL), 0);
	assert_int_equal(efivmap_boot_exit(&r.b, &r.exit_cfg, &r.diag), 0);
	assert_int_equal(r.b.map.count, ff_count(&f));
	assert_int_equal(r.hook.calls, 1);
	assert_fw_clean(&f);
	ff_free(&f);
}

static void test_boot_exit_retries_when_key_changes(void **state)
{
	unsigned int k;

	(void)state;
	for (k = 0; k <= 6; k++) {
		struct fake_fw f;
		struct run r;
		unsigned int tries = k < 5 ? 0 : 6;
		unsigned int allowed = tries ? tries :
				       EFIVMAP_BOOT_DEFAULT_TRIES;

		ff_init_file(&f, "captured/edk2-aavmf-4G-ebs.bin", 48, 48);
		f.stale_keys = k;
		run_prepare(&r, &f);
		r.exit_cfg.max_tries = tries;
		run_steps(&r, &f, NULL);
		if (k < allowed) {
			assert_int_equal(r.ret, 0);
			assert_int_equal(r.b.ebs_calls, k + 1);
		} else {
			assert_int_equal(r.ret, -EFIVMAP_ERR_RETRIES);
			assert_int_equal(r.step, 2);
			assert_int_equal(r.diag.addr,
					 EFIVMAP_EFI_INVALID_PARAMETER);
			assert_int_equal(r.b.ebs_calls, allowed);
			assert_false(r.b.state & EFIVMAP_BOOT_EXITED);
			assert_true(r.b.state & EFIVMAP_BOOT_EBS_ATTEMPTED);
			assert_false(f.svam_called);
		}
		/* One hook run and one GetMemoryMap per attempt. */
		assert_int_equal(r.hook.calls, r.b.ebs_calls);
		assert_int_equal(r.b.hook_calls, r.b.ebs_calls);
		assert_int_equal(f.kind_calls[FF_GET_MEMORY_MAP],
				 1 + r.b.ebs_calls);
		assert_int_equal(r.hook.bad, 0);
		assert_fw_clean(&f);
		ff_free(&f);
	}
	assert_true(EFIVMAP_BOOT_DEFAULT_TRIES >= 2);
}

static void test_boot_exit_map_grows_within_slack(void **state)
{
	struct fake_fw f;
	struct run r;
	size_t n0;

	(void)state;
	ff_init_file(&f, "captured/edk2-qemuefi-bios-1G-ebs.bin", 48, 48);
	f.grow_on_alloc = 2;
	f.stale_keys = 2;
	f.grow_on_stale = 14; /* 2 + 2 * 14 = 30 of the 32 slots */
	n0 = ff_count(&f);
	run_prepare(&r, &f);
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	assert_int_equal(ff_count(&f), n0 + 30);
	assert_int_equal(r.b.map.count, n0 + 30);
	assert_int_equal(r.b.ebs_calls, 3);
	assert_int_equal(r.hook.calls, 3);
	assert_int_equal(r.hook.bad, 0);
	assert_svam_input(&r, &f);
	assert_fw_clean(&f);
	ff_free(&f);
}

static void test_boot_exit_map_grows_beyond_slack(void **state)
{
	struct fake_fw f;
	struct run r;
	size_t in_use;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	f.stale_keys = 1;
	f.grow_on_stale = 33;
	run_prepare(&r, &f);
	assert_int_equal(run_steps(&r, &f, NULL), -EFIVMAP_ERR_MAP_GREW);
	assert_int_equal(r.step, 2);
	assert_int_equal(r.diag.addr, f.map_size);
	assert_int_equal(r.b.map_needed, f.map_size);
	assert_int_equal(r.b.ebs_calls, 1);
	assert_int_equal(r.hook.calls, 1);
	assert_int_equal(r.b.map.count, 0); /* the stale view is dropped */
	/* Nothing was allocated, freed or grown to cope. */
	in_use = f.pages_in_use;
	assert_int_equal(in_use, r.alloc.held_pages);
	assert_false(r.freed);
	assert_fw_clean(&f);
	ff_free(&f);
}

static void test_boot_exit_hook_error_stops_before_ebs(void **state)
{
	int at;

	(void)state;
	for (at = 0; at < 2; at++) {
		struct fake_fw f;
		struct run r;

		ff_init_file(&f, "captured/uboot-qemu_arm64-4G-ebs.bin", 40,
			     40);
		f.stale_keys = 1;
		run_prepare(&r, &f);
		r.hook.fail_at = at;
		r.hook.fail_ret = -EFIVMAP_ERR_FDT;
		assert_int_equal(run_steps(&r, &f, NULL), -EFIVMAP_ERR_FDT);
		assert_int_equal(r.step, 2);
		assert_int_equal(r.hook.calls, (unsigned int)at + 1);
		assert_int_equal(r.b.ebs_calls, (unsigned int)at);
		assert_int_equal(f.kind_calls[FF_EXIT_BOOT_SERVICES],
				 (unsigned int)at);
		assert_int_equal(!!(r.b.state & EFIVMAP_BOOT_EBS_ATTEMPTED),
				 at > 0);
		/* Before any attempt the stub could give its buffer back. */
		assert_int_equal(r.freed, at == 0);
		assert_fw_clean(&f);
		ff_free(&f);
	}
}

static void test_boot_exit_rejects_invalid_map(void **state)
{
	struct efivmap_findings strict = { .flags = EFIVMAP_FINDINGS_STRICT };
	struct fake_fw f;
	struct run r;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	/* Descriptor 3 claims descriptor 2's bytes. */
	ff_desc(&f, 3)->phys_start = ff_desc(&f, 2)->phys_start;
	run_prepare(&r, &f);
	/* strict: refused as before the library tolerated overlaps */
	r.exit_cfg.findings = &strict;
	assert_int_equal(run_steps(&r, &f, NULL), -EFIVMAP_ERR_OVERLAP);
	assert_int_equal(r.step, 2);
	assert_false(f.ebs_attempted);
	assert_int_equal(r.hook.calls, 0);
	assert_true(r.freed);
	assert_fw_clean(&f);
	ff_free(&f);
}

/* The same map, tolerant (the default): reported, and the boot goes on. */
static void test_boot_exit_tolerates_overlap_and_reports(void **state)
{
	struct efivmap_finding list[8];
	struct efivmap_findings fs;
	struct fake_fw f;
	struct run r;
	size_t i;
	bool seen = false;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	ff_desc(&f, 3)->phys_start = ff_desc(&f, 2)->phys_start;
	run_prepare(&r, &f);
	efivmap_findings_init(&fs, list, 8);
	r.exit_cfg.findings = &fs;
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	assert_int_equal(r.step, 4);
	for (i = 0; i < fs.count && i < 8; i++)
		if (list[i].index == 3 && list[i].other == 2 &&
		    list[i].err == -EFIVMAP_ERR_OVERLAP)
			seen = true;
	assert_true(seen);
	ff_free(&f);

	/* no findings at all: tolerated unheard */
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	ff_desc(&f, 3)->phys_start = ff_desc(&f, 2)->phys_start;
	run_prepare(&r, &f);
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	ff_free(&f);
}

static void test_boot_exit_other_ebs_error_is_not_retried(void **state)
{
	struct fake_fw f;
	struct run r;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	ff_fail_kind(&f, FF_EXIT_BOOT_SERVICES, 1, DEV_ERR);
	run_prepare(&r, &f);
	assert_int_equal(run_steps(&r, &f, NULL), -EFIVMAP_ERR_FIRMWARE);
	assert_int_equal(r.diag.addr, DEV_ERR);
	assert_string_equal(r.diag.what, "ExitBootServices failed");
	assert_int_equal(r.b.ebs_calls, 1);
	assert_int_equal(r.b.status, DEV_ERR);
	assert_fw_clean(&f);
	ff_free(&f);
}

static void test_boot_exit_rejects_oversized_map_report(void **state)
{
	struct fake_fw f;
	struct run r;

	(void)state;
	ff_init_file(&f, "captured/uboot-qemu_arm64-1G-ebs.bin", 40, 40);
	f.map_size_lie = 100 * 40; /* "success", but more than fits */
	run_prepare(&r, &f);
	assert_int_equal(efivmap_boot_plan_make(NULL, f.map_size, 40, &r.plan,
						NULL), 0);
	assert_int_equal(efivmap_boot_alloc(&r.b, &f.ops, &r.plan, &r.alloc,
					    NULL), 0);
	assert_int_equal(efivmap_boot_exit(&r.b, &r.exit_cfg, &r.diag),
			 -EFIVMAP_ERR_FIRMWARE);
	assert_string_equal(r.diag.what,
			    "GetMemoryMap reported more than the buffer holds");
	assert_false(f.ebs_attempted);
	assert_int_equal(r.b.map.count, 0);
	assert_fw_clean(&f);
	ff_free(&f);
}

static void test_boot_exit_guards_caller_buffer(void **state)
{
	enum { G = 4096 };
	struct efivmap_boot_req req = { .pool_bytes = 2 * 4096,
					.pool_align = 4096,
					.extra_bytes = 100 };
	struct fake_fw f;
	struct run r;
	uint8_t *mem;
	size_t i;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-4G-ebs.bin", 48, 64);
	f.stale_keys = 2;
	f.grow_on_stale = 16; /* exactly fills the slack */
	run_prepare(&r, &f);
	assert_int_equal(efivmap_boot_plan_probe(&f.ops, &req, &r.plan, NULL),
			 0);
	mem = aligned_alloc(4096, (r.plan.size + 3 * G) & ~(size_t)(G - 1));
	assert_non_null(mem);
	memset(mem, 0xEE, r.plan.size + 2 * G);
	assert_int_equal(efivmap_boot_init(&r.b, &f.ops, &r.plan, mem + G,
					   r.plan.size, NULL), 0);
	assert_int_equal(efivmap_boot_exit(&r.b, &r.exit_cfg, NULL), 0);
	assert_int_equal(r.b.map.map_size, r.plan.map_cap);
	assert_int_equal(efivmap_boot_svam(&r.b, &r.svam_cfg, NULL), 0);
	for (i = 0; i < G; i++) {
		assert_int_equal(mem[i], 0xEE);
		assert_int_equal(mem[G + r.plan.size + i], 0xEE);
	}
	/* The caller's parts are not touched by the sequence either. */
	for (i = 0; i < r.plan.pool_size; i++)
		assert_int_equal(mem[G + r.plan.pool_off + i], 0xEE);
	for (i = 0; i < r.plan.extra_size; i++)
		assert_int_equal(mem[G + r.plan.extra_off + i], 0xEE);
	assert_fw_clean(&f);
	free(mem);
	ff_free(&f);
}

/* ------------------------------------------------------------------ */
/* SetVirtualAddressMap                                                 */
/* ------------------------------------------------------------------ */

static void test_boot_svam_failure_sets_va_u64_max(void **state)
{
	char **names = list_captured();

	(void)state;
	for (char **n = names; *n; n++) {
		size_t ds = captured_stride(*n), i;
		struct quirk_log q;
		struct fake_fw f;
		struct run r;

		ff_init_file(&f, *n, ds, ds);
		f.svam_status = DEV_ERR;
		run_prepare(&r, &f);
		memset(&q, 0, sizeof(q));
		run_use_quirk(&r, &q);
		assert_int_equal(run_steps(&r, &f, NULL), -EFIVMAP_ERR_SVAM);
		assert_int_equal(r.step, 3);
		assert_int_equal(r.diag.addr, DEV_ERR);
		assert_true(r.b.state & EFIVMAP_BOOT_RT_DISABLED);
		assert_true(r.b.state & EFIVMAP_BOOT_SVAM_CALLED);
		assert_false(r.b.state & EFIVMAP_BOOT_SVAM_DONE);
		assert_int_equal(q.leaves, 1);
		assert_int_equal(q.leave_status, DEV_ERR);
		assert_int_equal(q.bad, 0);
		for (i = 0; i < r.b.map.count; i++) {
			struct efivmap_efi_desc *d =
				efivmap_mmap_get(&r.b.map, i);

			if (efivmap_desc_is_runtime(d))
				assert_true(d->virt_start ==
					    EFIVMAP_EFI_VA_INVALID);
			else
				assert_int_equal(d->virt_start,
						 ff_desc(&f, i)->virt_start);
		}
		/* A consumer of this map must refuse it. */
		assert_int_equal(efivmap_layout_check(&r.b.map, &r.layout,
						      NULL),
				 runtime_count(&f) ?
				 -EFIVMAP_ERR_RT_UNAVAILABLE : 0);
		assert_int_equal(efivmap_boot_svam(&r.b, &r.svam_cfg, NULL),
				 -EFIVMAP_ERR_INVAL);
		assert_fw_clean(&f);
		ff_free(&f);
	}
	tl_free_names(names);
}

static void test_boot_svam_quirk_maps_new_vas_during_call(void **state)
{
	struct quirk_log q;
	struct fake_fw f;
	struct run r;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	f.svam_touches_new_vas = true;
	f.quirk_active = &q.active;
	memset(&q, 0, sizeof(q));
	run_prepare(&r, &f);
	run_use_quirk(&r, &q);
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	assert_int_equal(f.svam_touch_faults, 0);
	assert_int_equal(q.enters, 1);
	assert_int_equal(q.leaves, 1);
	assert_int_equal(q.bad, 0);
	assert_false(q.active);
	assert_int_equal(q.leave_status, EFIVMAP_EFI_SUCCESS);
	assert_fw_clean(&f);
	ff_free(&f);

	/* Negative control: without the hooks the fake firmware faults. */
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	f.svam_touches_new_vas = true;
	f.quirk_active = &q.active;
	memset(&q, 0, sizeof(q));
	run_prepare(&r, &f);
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	assert_int_equal(f.svam_touch_faults, 1);
	ff_free(&f);
}

static void test_boot_svam_quirk_failure_restores_vas(void **state)
{
	char **names = list_captured();

	(void)state;
	for (char **n = names; *n; n++) {
		size_t ds = captured_stride(*n);
		struct quirk_log q;
		struct fake_fw f;
		struct run r;

		ff_init_file(&f, *n, ds, ds);
		memset(&q, 0, sizeof(q));
		q.enter_ret = -EFIVMAP_ERR_POOL;
		run_prepare(&r, &f);
		run_use_quirk(&r, &q);
		assert_int_equal(run_steps(&r, &f, NULL), -EFIVMAP_ERR_POOL);
		assert_false(f.svam_called);
		assert_int_equal(q.leaves, 0);
		assert_false(r.b.state & (EFIVMAP_BOOT_PLANNED |
					  EFIVMAP_BOOT_SVAM_CALLED));
		/* The firmware's own VirtualStart values are back. */
		assert_map_is_firmware(&r, &f, ds);
		/* And the step can be retried. */
		r.svam_cfg.quirk_enter = NULL;
		r.svam_cfg.quirk_leave = NULL;
		assert_int_equal(efivmap_boot_svam(&r.b, &r.svam_cfg, NULL),
				 0);
		assert_svam_input(&r, &f);
		assert_fw_clean(&f);
		ff_free(&f);
	}
	tl_free_names(names);
}

static void test_boot_svam_follows_mode_policy(void **state)
{
	static const struct {
		struct efivmap_layout_mode_in in;
		bool svam;
	} cases[] = {
		/* RT_PROPERTIES without the SVAM bit (0x80): no call. */
		{ { .va_bits = 39, .have_rt_properties = true,
		    .rt_supported = 0x530 }, false },
		{ { .va_bits = 39 }, true },
		{ { .va_bits = 48 }, false },
		{ { .va_bits = 48, .quirks = EFIVMAP_QUIRK_FORCE_SVAM }, true },
		{ { .va_bits = 39, .have_rt_properties = true,
		    .rt_supported = 0x5b0 }, true },
		{ { .va_bits = 39, .quirks = EFIVMAP_QUIRK_NO_SVAM }, false },
		{ { .va_bits = 48, .have_rt_properties = true,
		    .quirks = EFIVMAP_QUIRK_FORCE_SVAM }, false },
		/* va_bits 0: taken from the layout configuration (39). */
		{ { .va_bits = 0 }, true },
	};
	size_t c;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct efivmap_layout_mode_in in = cases[c].in;
		enum efivmap_layout_mode_reason why;
		struct fake_fw f;
		struct run r;
		size_t i;

		ff_init_file(&f, "captured/uboot-qemu_arm64-4G-ebs.bin", 40,
			     40);
		run_prepare(&r, &f);
		r.layout.va_bits = in.va_bits ? in.va_bits : 39;
		r.svam_cfg.call = EFIVMAP_BOOT_SVAM_AUTO;
		r.svam_cfg.mode = &cases[c].in;
		assert_int_equal(run_steps(&r, &f, NULL), 0);

		/* What the policy says once the sequence filled the gaps. */
		in.va_bits = r.layout.va_bits;
		in.max_runtime_pa = 0;
		for (i = 0; i < ff_count(&f); i++) {
			struct efivmap_efi_desc *d = ff_desc(&f, i);
			uint64_t end = d->phys_start + d->num_pages * 4096;

			if ((d->attribute & EFIVMAP_EFI_MEMORY_RUNTIME) &&
			    end > in.max_runtime_pa)
				in.max_runtime_pa = end;
		}
		assert_int_equal(efivmap_layout_mode(&in, &why),
				 cases[c].svam ? EFIVMAP_LAYOUT_MODE_SVAM :
				 EFIVMAP_LAYOUT_MODE_NO_SVAM);
		assert_int_equal(f.svam_called, cases[c].svam);
		assert_int_equal(r.b.mode_reason, why);
		assert_int_equal(!!(r.b.state & EFIVMAP_BOOT_SVAM_SKIPPED),
				 !cases[c].svam);
		assert_true(r.b.state & EFIVMAP_BOOT_PLANNED);
		if (!cases[c].svam) {
			/* Skipped: the firmware stays 1:1, the map says so. */
			for (i = 0; i < r.b.map.count; i++) {
				struct efivmap_efi_desc *d =
					efivmap_mmap_get(&r.b.map, i);

				if (efivmap_desc_is_runtime(d))
					assert_int_equal(d->virt_start,
							 d->phys_start);
				else
					assert_int_equal(d->virt_start,
						ff_desc(&f, i)->virt_start);
			}
		} else {
			assert_svam_input(&r, &f);
		}
		assert_fw_clean(&f);
		ff_free(&f);
	}
}

/* At 48 bits a runtime region beyond 2^48 cannot stay 1:1. */
static void test_boot_svam_policy_sees_high_runtime_pa(void **state)
{
	struct efivmap_layout_mode_in in = { .va_bits = 48 };
	struct fake_fw f;
	struct run r;
	size_t i;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	/* Move the last runtime region (the RTC page) to the top of 2^48. */
	for (i = ff_count(&f); i--;)
		if (ff_desc(&f, i)->attribute & EFIVMAP_EFI_MEMORY_RUNTIME)
			break;
	ff_desc(&f, i)->phys_start = (UINT64_C(1) << 48) - 4096;
	run_prepare(&r, &f);
	r.svam_cfg.call = EFIVMAP_BOOT_SVAM_AUTO;
	r.svam_cfg.mode = &in; /* max_runtime_pa left 0: the map tells */
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	assert_false(f.svam_called);
	assert_int_equal(r.b.mode_reason, EFIVMAP_MODE_VA_LARGE);
	ff_free(&f);

	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	ff_desc(&f, i)->phys_start = UINT64_C(1) << 48;
	run_prepare(&r, &f);
	r.svam_cfg.call = EFIVMAP_BOOT_SVAM_AUTO;
	r.svam_cfg.mode = &in;
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	assert_true(f.svam_called);
	assert_int_equal(r.b.mode_reason, EFIVMAP_MODE_PA_HIGH);
	assert_svam_input(&r, &f);
	assert_int_equal(in.max_runtime_pa, 0); /* the input is not written */
	assert_fw_clean(&f);
	ff_free(&f);
}

static void test_boot_svam_mode_errors_change_nothing(void **state)
{
	struct efivmap_layout_mode_in bad = { .quirks = 0x100 };
	struct efivmap_diag diag;
	struct fake_fw f;
	struct run r;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	run_prepare(&r, &f);
	r.svam_cfg.call = EFIVMAP_BOOT_SVAM_AUTO;
	r.svam_cfg.mode = &bad;
	assert_int_equal(run_steps(&r, &f, NULL), -EFIVMAP_ERR_INVAL);
	assert_int_equal(r.step, 3);
	assert_false(f.svam_called);
	assert_map_is_firmware(&r, &f, 48);
	assert_int_equal(r.b.mode_reason, EFIVMAP_MODE_REASON_MAX);
	/* Fixed inputs: the step runs. */
	bad.quirks = 0;
	r.layout.va_bits = 39;
	assert_int_equal(efivmap_boot_svam(&r.b, &r.svam_cfg, &diag), 0);
	assert_true(f.svam_called);
	assert_int_equal(r.b.mode_reason, EFIVMAP_MODE_VA_SMALL);
	ff_free(&f);
}

static void test_boot_svam_never_and_always(void **state)
{
	static const struct efivmap_layout_mode_in no_svam = {
		.va_bits = 39, .have_rt_properties = true,
	};
	struct quirk_log q;
	struct fake_fw f;
	struct run r;
	size_t i;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-4G-ebs.bin", 48, 48);
	run_prepare(&r, &f);
	r.svam_cfg.call = EFIVMAP_BOOT_SVAM_NEVER;
	r.layout.va_bits = 39; /* the policy alone would call it */
	memset(&q, 0, sizeof(q));
	run_use_quirk(&r, &q);
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	assert_false(f.svam_called);
	assert_int_equal(q.enters + q.leaves, 0); /* no call, no quirk */
	assert_true(r.b.state & EFIVMAP_BOOT_SVAM_SKIPPED);
	assert_int_equal(r.b.mode_reason, EFIVMAP_MODE_REASON_MAX);
	assert_int_equal(r.b.svam_map.count, runtime_count(&f));
	for (i = 0; i < r.b.svam_map.count; i++) {
		struct efivmap_efi_desc *d = efivmap_mmap_get(&r.b.svam_map, i);

		assert_int_equal(d->virt_start, d->phys_start);
	}
	assert_int_equal(efivmap_boot_svam(&r.b, &r.svam_cfg, NULL),
			 -EFIVMAP_ERR_INVAL);
	ff_free(&f);

	/* ALWAYS overrides a policy that says no. */
	ff_init_file(&f, "captured/edk2-aavmf-4G-ebs.bin", 48, 48);
	run_prepare(&r, &f);
	r.svam_cfg.mode = &no_svam;
	assert_int_equal(run_steps(&r, &f, NULL), 0);
	assert_true(f.svam_called);
	assert_fw_clean(&f);
	ff_free(&f);
}

static void test_boot_svam_layout_error_leaves_map(void **state)
{
	struct fake_fw f;
	struct run r;

	(void)state;
	ff_init_file(&f, "captured/edk2-aavmf-1G-ebs.bin", 48, 48);
	run_prepare(&r, &f);
	/* A 2 MiB window cannot hold 64 MiB of flash. */
	r.layout.base = 0x20000000;
	r.layout.limit = 0x20200000;
	run_steps(&r, &f, NULL);
	assert_int_equal(r.ret, -EFIVMAP_ERR_WINDOW);
	assert_int_equal(r.step, 3);
	assert_false(f.svam_called);
	assert_map_is_firmware(&r, &f, 48);
	r.svam_cfg.call = 7;
	assert_int_equal(efivmap_boot_svam(&r.b, &r.svam_cfg, NULL),
			 -EFIVMAP_ERR_INVAL);
	ff_free(&f);
}

static void test_boot_steps_out_of_order(void **state)
{
	struct efivmap_boot b;
	struct fake_fw f;
	struct run r;

	(void)state;
	memset(&b, 0, sizeof(b));
	assert_int_equal(efivmap_boot_exit(&b, NULL, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_boot_exit(NULL, NULL, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_boot_svam(NULL, NULL, NULL),
			 -EFIVMAP_ERR_INVAL);

	ff_init_file(&f, "captured/uboot-qemu_arm64-1G-ebs.bin", 40, 40);
	run_prepare(&r, &f);
	run_probe_alloc(&r, &f);
	assert_int_equal(efivmap_boot_svam(&r.b, NULL, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_false(f.svam_called);
	assert_int_equal(efivmap_boot_exit(&r.b, NULL, NULL), 0);
	assert_int_equal(efivmap_boot_exit(&r.b, NULL, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(f.kind_calls[FF_EXIT_BOOT_SERVICES], 1);
	assert_fw_clean(&f);
	ff_free(&f);
}

static void test_boot_run_wrapper(void **state)
{
	struct fake_fw f;
	struct run r;

	(void)state;
	ff_init_file(&f, "captured/uboot-qemu_arm64-4G-ebs.bin", 40, 40);
	f.stale_keys = 1;
	run_prepare(&r, &f);
	run_probe_alloc(&r, &f);
	assert_int_equal(efivmap_boot_run(&r.b, &r.exit_cfg, &r.svam_cfg,
					  NULL), 0);
	assert_true(r.b.state & EFIVMAP_BOOT_SVAM_DONE);
	assert_int_equal(r.hook.calls, 2);
	assert_svam_input(&r, &f);
	assert_fw_clean(&f);
	ff_free(&f);

	/* A failed exit stops the wrapper before SVAM. */
	ff_init_file(&f, "captured/uboot-qemu_arm64-4G-ebs.bin", 40, 40);
	ff_fail_kind(&f, FF_EXIT_BOOT_SERVICES, 1, DEV_ERR);
	run_prepare(&r, &f);
	run_probe_alloc(&r, &f);
	assert_int_equal(efivmap_boot_run(&r.b, &r.exit_cfg, &r.svam_cfg,
					  NULL), -EFIVMAP_ERR_FIRMWARE);
	assert_false(f.svam_called);
	ff_free(&f);
}

/* ------------------------------------------------------------------ */
/* Fault injection: every call, every step                              */
/* ------------------------------------------------------------------ */

/* A 64 KiB-aligned table pool makes the allocation trim head and tail. */
static const struct efivmap_boot_req fault_req = {
	.pool_bytes = 2 * 65536, .pool_align = 65536, .extra_bytes = 4096,
};

static void setup_fault_fw(struct fake_fw *f)
{
	ff_init_file(f, "captured/edk2-aavmf-4G-ebs.bin", 48, 48);
	f->alloc_skew_pages = 3; /* head and tail both to free */
	f->grow_on_alloc = 2;
	f->stale_keys = 1;       /* a retry inside the sequence */
}

/* What a sequence must look like when call @n (of @kind) failed. */
static void check_fault(struct fake_fw *f, struct run *r, unsigned int n,
			efivmap_efi_status st)
{
	enum ff_kind kind = f->log[n - 1].kind;
	const char *what = NULL;

	assert_true(f->log[n - 1].injected);
	assert_fw_clean(f);
	/* The sequence stops at a failure: nothing after it but cleanup. */
	if (kind != FF_FREE_PAGES && r->ret)
		for (unsigned int i = n; i < f->calls; i++)
			assert_int_equal(f->log[i].kind, FF_FREE_PAGES);

	switch (kind) {
	case FF_GET_MEMORY_MAP:
		if (r->step == 0) {
			assert_int_equal(r->ret, -EFIVMAP_ERR_FIRMWARE);
			what = "GetMemoryMap failed";
		} else {
			assert_int_equal(r->step, 2);
			assert_int_equal(r->ret, -EFIVMAP_ERR_FIRMWARE);
			what = "GetMemoryMap failed";
		}
		break;
	case FF_ALLOCATE_PAGES:
		assert_int_equal(r->step, 1);
		assert_int_equal(r->ret, -EFIVMAP_ERR_FIRMWARE);
		assert_int_equal(r->b.state, 0);
		assert_int_equal(f->pages_in_use, 0);
		what = "AllocatePages failed";
		break;
	case FF_FREE_PAGES:
		/* Trimming is best effort: the sequence goes on. */
		assert_int_equal(r->ret, 0);
		assert_int_equal(f->pages_in_use, r->alloc.held_pages);
		assert_true(r->alloc.held_pages > r->alloc.pages);
		assert_true(r->alloc.held_phys <= r->alloc.phys);
		assert_true(r->alloc.held_phys + r->alloc.held_pages * 4096 >=
			    r->alloc.phys + r->alloc.pages * 4096);
		return;
	case FF_EXIT_BOOT_SERVICES:
		if (st == EFIVMAP_EFI_INVALID_PARAMETER) {
			/* A stale key more: the spare attempt absorbs it. */
			assert_int_equal(r->ret, 0);
			assert_int_equal(r->b.ebs_calls, 3);
			return;
		}
		assert_int_equal(r->step, 2);
		assert_int_equal(r->ret, -EFIVMAP_ERR_FIRMWARE);
		assert_true(r->b.state & EFIVMAP_BOOT_EBS_ATTEMPTED);
		what = "ExitBootServices failed";
		break;
	case FF_SVAM:
		assert_int_equal(r->step, 3);
		assert_int_equal(r->ret, -EFIVMAP_ERR_SVAM);
		assert_true(r->b.state & EFIVMAP_BOOT_RT_DISABLED);
		what = "SetVirtualAddressMap failed";
		break;
	default:
		fail();
	}
	assert_string_equal(r->diag.what, what);
	assert_int_equal(r->diag.addr, st);
	assert_int_equal(r->b.status == st || r->step < 2, true);
	/* Before any EBS attempt the stub got all its memory back. */
	if (!(r->b.state & EFIVMAP_BOOT_EBS_ATTEMPTED))
		assert_int_equal(f->pages_in_use, 0);
}

static void test_boot_fault_every_call_number(void **state)
{
	static const efivmap_efi_status statuses[] = {
		DEV_ERR, EFIVMAP_EFI_OUT_OF_RESOURCES,
		EFIVMAP_EFI_INVALID_PARAMETER,
	};
	unsigned int total, n, s;
	struct fake_fw f;
	struct run r;

	(void)state;
	setup_fault_fw(&f);
	run_prepare(&r, &f);
	assert_int_equal(run_steps(&r, &f, &fault_req), 0);
	total = f.calls;
	/* probe, alloc, 2 trims, (map, EBS) x 2, SVAM */
	assert_int_equal(total, 9);
	ff_free(&f);

	for (s = 0; s < 3; s++) {
		for (n = 1; n <= total; n++) {
			setup_fault_fw(&f);
			ff_fail_call(&f, n, statuses[s]);
			run_prepare(&r, &f);
			run_steps(&r, &f, &fault_req);
			if (statuses[s] == EFIVMAP_EFI_INVALID_PARAMETER &&
			    f.log[n - 1].kind != FF_EXIT_BOOT_SERVICES &&
			    f.log[n - 1].kind != FF_FREE_PAGES) {
				/* Not a retry status elsewhere: a failure. */
				assert_int_not_equal(r.ret, 0);
				assert_fw_clean(&f);
			} else {
				check_fault(&f, &r, n, statuses[s]);
			}
			ff_free(&f);
		}
	}
}

static void test_boot_fault_every_kind_and_occurrence(void **state)
{
	unsigned int counts[FF_NR_KINDS];
	struct fake_fw f;
	struct run r;
	int k;

	(void)state;
	setup_fault_fw(&f);
	run_prepare(&r, &f);
	assert_int_equal(run_steps(&r, &f, &fault_req), 0);
	memcpy(counts, f.kind_calls, sizeof(counts));
	ff_free(&f);
	assert_int_equal(counts[FF_GET_MEMORY_MAP], 3);
	assert_int_equal(counts[FF_FREE_PAGES], 2);
	assert_int_equal(counts[FF_EXIT_BOOT_SERVICES], 2);

	for (k = 0; k < FF_NR_KINDS; k++) {
		for (unsigned int nth = 1; nth <= counts[k]; nth++) {
			unsigned int n = 0;

			setup_fault_fw(&f);
			ff_fail_kind(&f, (enum ff_kind)k, nth, DEV_ERR);
			run_prepare(&r, &f);
			run_steps(&r, &f, &fault_req);
			/* Find the injected call in the log. */
			for (unsigned int i = 0; i < f.calls; i++)
				if (f.log[i].injected)
					n = i + 1;
			assert_int_not_equal(n, 0);
			assert_int_equal(f.log[n - 1].kind, k);
			check_fault(&f, &r, n, DEV_ERR);
			ff_free(&f);
		}
	}
}

/* ------------------------------------------------------------------ */
/* efi_to_phys                                                          */
/* ------------------------------------------------------------------ */

#define RT EFIVMAP_EFI_MEMORY_RUNTIME
#define WB EFIVMAP_EFI_MEMORY_WB

static void test_boot_efi_to_phys_translates_runtime_vas(void **state)
{
	static const size_t strides[] = { 40, 48, 64 };

	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct efivmap_efi_system_table st;
		struct efivmap_mmap map;
		struct tl_map m;

		tl_map_init(&m, strides[s]);
		tl_map_add(&m, EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x100, WB);
		tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x7c440000,
			   0x10, WB | RT);
		tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x7c4c0000,
			   0x4, WB | RT);
		tl_map_add(&m, EFIVMAP_EFI_MMIO, 0x09010000, 1,
			   EFIVMAP_EFI_MEMORY_UC | RT);
		tl_map_desc(&m, 0)->virt_start = 0x40000000; /* not runtime */
		tl_map_desc(&m, 1)->virt_start = 0x20000000;
		tl_map_desc(&m, 2)->virt_start = 0x20080000;
		tl_map_desc(&m, 3)->virt_start = 0x20810000;
		assert_int_equal(efivmap_mmap_init(&map, m.buf, tl_map_size(&m),
						   strides[s], 1, NULL), 0);

		assert_int_equal(efivmap_efi_to_phys(&map, 0x20000000),
				 0x7c440000);
		assert_int_equal(efivmap_efi_to_phys(&map, 0x2000fff8),
				 0x7c44fff8);
		/* One past the region: not translated. */
		assert_int_equal(efivmap_efi_to_phys(&map, 0x20010000),
				 0x20010000);
		assert_int_equal(efivmap_efi_to_phys(&map, 0x20083abc),
				 0x7c4c3abc);
		assert_int_equal(efivmap_efi_to_phys(&map, 0x20810004),
				 0x09010004);
		/* Non-runtime descriptors never translate. */
		assert_int_equal(efivmap_efi_to_phys(&map, 0x40000010),
				 0x40000010);
		assert_int_equal(efivmap_efi_to_phys(&map, 0x1fffffff),
				 0x1fffffff);
		assert_int_equal(efivmap_efi_to_phys(NULL, 0x20000000),
				 0x20000000);

		memset(&st, 0, sizeof(st));
		st.fw_vendor = 0x20001234;
		st.tables = 0x20080010;
		st.nr_tables = 9;
		assert_int_equal(efivmap_efi_fw_vendor_phys(&map, &st),
				 0x7c441234);
		assert_int_equal(efivmap_efi_tables_phys(&map, &st),
				 0x7c4c0010);
		assert_int_equal(efivmap_efi_tables_phys(&map, NULL), 0);

		/* A runtime descriptor without a VA ends the search. */
		tl_map_desc(&m, 2)->virt_start = 0;
		assert_int_equal(efivmap_efi_to_phys(&map, 0x20001000),
				 0x7c441000);
		assert_int_equal(efivmap_efi_to_phys(&map, 0x20810004),
				 0x20810004);
		assert_int_equal(efivmap_efi_tables_phys(&map, &st),
				 0x20080010);
		tl_map_desc(&m, 2)->virt_start = EFIVMAP_EFI_VA_INVALID;
		assert_int_equal(efivmap_efi_to_phys(&map, 0x20810004),
				 0x20810004);
		tl_map_desc(&m, 1)->virt_start = EFIVMAP_EFI_VA_INVALID;
		assert_int_equal(efivmap_efi_fw_vendor_phys(&map, &st),
				 0x20001234);
		tl_map_free(&m);
	}
}

static void test_boot_efi_to_phys_after_sequence(void **state)
{
	char **names = list_captured();

	(void)state;
	for (char **n = names; *n; n++) {
		size_t ds = captured_stride(*n), i;
		struct fake_fw f;
		struct run r;

		ff_init_file(&f, *n, ds, ds);
		run_prepare(&r, &f);
		assert_int_equal(run_steps(&r, &f, NULL), 0);
		for (i = 0; i < r.b.map.count; i++) {
			struct efivmap_efi_desc *d =
				efivmap_mmap_get(&r.b.map, i);
			uint64_t last = (d->num_pages << 12) - 8;

			if (!efivmap_desc_is_runtime(d))
				continue;
			assert_int_equal(efivmap_efi_to_phys(&r.b.map,
							     d->virt_start),
					 d->phys_start);
			assert_int_equal(efivmap_efi_to_phys(&r.b.map,
							     d->virt_start +
							     last),
					 d->phys_start + last);
		}
		ff_free(&f);
	}
	tl_free_names(names);
}

/* ------------------------------------------------------------------ */
/* Aligned allocation                                                   */
/* ------------------------------------------------------------------ */

static void test_boot_alloc_aligned_trims_head_and_tail(void **state)
{
	static const uint64_t aligns[] = { 0, 4096, 8192, 65536,
					   UINT64_C(2) << 20 };
	size_t a;

	(void)state;
	for (a = 0; a < 5; a++) {
		for (uint64_t skew = 0; skew < 20; skew += 3) {
			uint64_t align = aligns[a] ? aligns[a] : 65536;
			struct efivmap_alloc out;
			struct fake_fw f;

			ff_init(&f, NULL, 0, 48, 48);
			f.alloc_skew_pages = skew;
			assert_int_equal(efivmap_alloc_aligned(&f.ops, 10000,
							       aligns[a], &out,
							       NULL), 0);
			assert_int_equal(out.phys % align, 0);
			assert_int_equal(out.pages, 3);
			assert_int_equal(out.held_phys, out.phys);
			assert_int_equal(out.held_pages, 3);
			assert_int_equal(f.pages_in_use, 3);
			/* One allocation, then only the frees needed. */
			assert_int_equal(f.kind_calls[FF_ALLOCATE_PAGES], 1);
			assert_true(f.kind_calls[FF_FREE_PAGES] <= 2);
			if (align == 4096)
				assert_int_equal(f.kind_calls[FF_FREE_PAGES],
						 0);
			assert_int_equal(efivmap_free_aligned(&f.ops, &out,
							      NULL), 0);
			assert_int_equal(f.pages_in_use, 0);
			assert_fw_clean(&f);
			ff_free(&f);
		}
	}
}

static void test_boot_alloc_aligned_free_failures_keep_pages(void **state)
{
	struct efivmap_alloc out;
	struct fake_fw f;
	int which;

	(void)state;
	for (which = 1; which <= 2; which++) {
		ff_init(&f, NULL, 0, 48, 48);
		f.alloc_skew_pages = 3; /* head 13 pages, tail 2 */
		ff_fail_kind(&f, FF_FREE_PAGES, (unsigned int)which, DEV_ERR);
		assert_int_equal(efivmap_alloc_aligned(&f.ops, 5 * 4096, 0,
						       &out, NULL), 0);
		assert_int_equal(out.phys % 65536, 0);
		assert_int_equal(out.pages, 5);
		if (which == 1) {
			assert_int_equal(out.held_phys, out.phys - 13 * 4096);
			assert_int_equal(out.held_pages, 5 + 13);
		} else {
			assert_int_equal(out.held_phys, out.phys);
			assert_int_equal(out.held_pages, 5 + 2);
		}
		assert_int_equal(f.pages_in_use, out.held_pages);
		assert_int_equal(efivmap_free_aligned(&f.ops, &out, NULL), 0);
		assert_int_equal(f.pages_in_use, 0);
		assert_fw_clean(&f);
		ff_free(&f);
	}
}

static void test_boot_alloc_aligned_errors(void **state)
{
	struct efivmap_alloc out, before;
	struct efivmap_diag diag;
	struct fake_fw f;

	(void)state;
	ff_init(&f, NULL, 0, 48, 48);
	memset(&out, 0x33, sizeof(out));
	before = out;
	assert_int_equal(efivmap_alloc_aligned(&f.ops, 0, 0, &out, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_alloc_aligned(&f.ops, 1, 2048, &out, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_alloc_aligned(&f.ops, 1, 3 * 4096, &out,
					       &diag), -EFIVMAP_ERR_INVAL);
	assert_int_equal(diag.addr, 3 * 4096);
	assert_int_equal(efivmap_alloc_aligned(&f.ops, SIZE_MAX, 0, &out,
					       NULL), -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_alloc_aligned(NULL, 1, 0, &out, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(f.calls, 0);

	ff_fail_kind(&f, FF_ALLOCATE_PAGES, 1, EFIVMAP_EFI_OUT_OF_RESOURCES);
	assert_int_equal(efivmap_alloc_aligned(&f.ops, 1, 0, &out, &diag),
			 -EFIVMAP_ERR_FIRMWARE);
	assert_int_equal(diag.addr, EFIVMAP_EFI_OUT_OF_RESOURCES);
	assert_string_equal(diag.what, "AllocatePages failed");
	/* More than the firmware has. */
	assert_int_equal(efivmap_alloc_aligned(&f.ops, 16u << 20, 0, &out,
					       &diag), -EFIVMAP_ERR_FIRMWARE);
	assert_memory_equal(&out, &before, sizeof(out));
	assert_int_equal(f.pages_in_use, 0);

	/* An address that is not page aligned is given back and refused. */
	f.alloc_bad_offset = 0x10;
	assert_int_equal(efivmap_alloc_aligned(&f.ops, 1, 0, &out, &diag),
			 -EFIVMAP_ERR_FIRMWARE);
	assert_string_equal(diag.what,
			    "AllocatePages returned an unusable address");
	assert_int_equal(f.pages_in_use, 0);
	assert_memory_equal(&out, &before, sizeof(out));

	/* FreePages failing on the whole block is reported. */
	assert_int_equal(efivmap_alloc_aligned(&f.ops, 1, 0, &out, NULL), 0);
	ff_fail_kind(&f, FF_FREE_PAGES, f.kind_calls[FF_FREE_PAGES] + 1,
		     DEV_ERR);
	assert_int_equal(efivmap_free_aligned(&f.ops, &out, &diag),
			 -EFIVMAP_ERR_FIRMWARE);
	assert_int_equal(diag.addr, DEV_ERR);
	assert_int_equal(f.pages_in_use, 1);
	assert_int_equal(efivmap_free_aligned(NULL, &out, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_fw_clean(&f);
	ff_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_plan_minimum_slack_is_32),
		cmocka_unit_test(test_boot_plan_pool_and_extra_aligned),
		cmocka_unit_test(test_boot_plan_rejects_bad_input),
		cmocka_unit_test(test_boot_plan_probe_sizes_from_firmware),
		cmocka_unit_test(test_boot_plan_probe_rejects_empty_map),
		cmocka_unit_test(test_boot_init_checks_buffer),
		cmocka_unit_test(test_boot_refuses_plans_make_could_not_produce),
		cmocka_unit_test(test_boot_alloc_gives_aligned_pool),
		cmocka_unit_test(test_boot_sequence_on_captured_maps),
		cmocka_unit_test(test_boot_svam_input_matches_captured_vmap),
		cmocka_unit_test(test_boot_odd_desc_sizes),
		cmocka_unit_test(test_boot_exit_buffer_too_small_reports_size),
		cmocka_unit_test(test_boot_exit_retries_when_key_changes),
		cmocka_unit_test(test_boot_exit_map_grows_within_slack),
		cmocka_unit_test(test_boot_exit_map_grows_beyond_slack),
		cmocka_unit_test(test_boot_exit_hook_error_stops_before_ebs),
		cmocka_unit_test(test_boot_exit_rejects_invalid_map),
		cmocka_unit_test(test_boot_exit_tolerates_overlap_and_reports),
		cmocka_unit_test(test_boot_exit_other_ebs_error_is_not_retried),
		cmocka_unit_test(test_boot_exit_rejects_oversized_map_report),
		cmocka_unit_test(test_boot_exit_guards_caller_buffer),
		cmocka_unit_test(test_boot_svam_failure_sets_va_u64_max),
		cmocka_unit_test(test_boot_svam_quirk_maps_new_vas_during_call),
		cmocka_unit_test(test_boot_svam_quirk_failure_restores_vas),
		cmocka_unit_test(test_boot_svam_follows_mode_policy),
		cmocka_unit_test(test_boot_svam_policy_sees_high_runtime_pa),
		cmocka_unit_test(test_boot_svam_mode_errors_change_nothing),
		cmocka_unit_test(test_boot_svam_never_and_always),
		cmocka_unit_test(test_boot_svam_layout_error_leaves_map),
		cmocka_unit_test(test_boot_steps_out_of_order),
		cmocka_unit_test(test_boot_run_wrapper),
		cmocka_unit_test(test_boot_fault_every_call_number),
		cmocka_unit_test(test_boot_fault_every_kind_and_occurrence),
		cmocka_unit_test(test_boot_efi_to_phys_translates_runtime_vas),
		cmocka_unit_test(test_boot_efi_to_phys_after_sequence),
		cmocka_unit_test(test_boot_alloc_aligned_trims_head_and_tail),
		cmocka_unit_test(test_boot_alloc_aligned_free_failures_keep_pages),
		cmocka_unit_test(test_boot_alloc_aligned_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
