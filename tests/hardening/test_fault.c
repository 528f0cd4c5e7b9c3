// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Fault injection: the whole stub sequence (probe, allocate, exit boot
 * services, SetVirtualAddressMap) against the fake firmware, with firmware
 * call number N failing, for N = 1, 2, ... until a run completes without
 * reaching call N. Not sampled: every call of every scenario fails once,
 * with each status in fail_statuses[].
 *
 * Every case must end in the state boot.h documents for that call, and in
 * every case the fake must see no rule broken (nothing allocated or freed
 * after the first ExitBootServices attempt, no boot service after a
 * successful one, one SetVirtualAddressMap at most, no bad free) and no
 * byte written outside the pages it handed out.
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

/* Where the sequence stopped. */
enum stage { ST_PROBE, ST_ALLOC, ST_EXIT, ST_SVAM, ST_DONE, ST_CLEANUP };

struct scenario {
	const char *name;
	const char *file;       /* a raw capture in tests/data */
	size_t src_desc_size;
	size_t desc_size;       /* what the fake reports */
	unsigned int stale_keys;
	size_t grow_on_stale;
	size_t grow_on_alloc;
	unsigned int svam_call;
	bool quirk;             /* Seattle-style SVAM hooks */
	size_t pool_align;      /* > 4 KiB: the allocation is trimmed */
	uint64_t skew;          /* first arena page the fake hands out */
};

static const struct scenario scenarios[] = {
	{ "edk2", "captured/edk2-aavmf-1G-ebs.bin", 48, 48, 0, 0, 1,
	  EFIVMAP_BOOT_SVAM_ALWAYS, false, 0x10000, 3 },
	{ "edk2-stale-key", "captured/edk2-aavmf-4G-ebs.bin", 48, 48, 1, 2, 1,
	  EFIVMAP_BOOT_SVAM_ALWAYS, false, 0x4000, 0 },
	{ "uboot", "captured/uboot-qemu_arm64-1G-ebs.bin", 40, 40, 0, 0, 0,
	  EFIVMAP_BOOT_SVAM_ALWAYS, true, 0x1000, 0 },
	{ "uboot-stride64-stale", "captured/uboot-qemu_arm64-4G-ebs.bin", 40,
	  64, 2, 1, 2, EFIVMAP_BOOT_SVAM_ALWAYS, false, 0x10000, 1 },
	{ "edk2-no-svam", "captured/edk2-qemuefi-bios-1G-ebs.bin", 48, 48, 1,
	  1, 0, EFIVMAP_BOOT_SVAM_NEVER, false, 0x10000, 0 },
};

static const efivmap_efi_status fail_statuses[] = {
	EFIVMAP_EFI_DEVICE_ERROR,
	EFIVMAP_EFI_INVALID_PARAMETER,  /* a stale key, for ExitBootServices */
	EFIVMAP_EFI_BUFFER_TOO_SMALL,   /* with no size: a lying firmware */
	EFIVMAP_EFI_OUT_OF_RESOURCES,
};

struct run {
	struct fake_fw f;
	struct efivmap_boot_plan plan;
	struct efivmap_boot b;
	struct efivmap_alloc alloc;
	struct efivmap_diag diag;
	enum stage stage;
	int rc;                 /* of the stage that stopped */
	int free_rc;            /* of the caller's cleanup, when it ran */
	bool freed;
	unsigned int calls_at[ST_CLEANUP + 1]; /* calls before each stage */
	unsigned int hook_runs;
	bool quirk_in;
};

/* The exit hook writes into the extra part only, as an FDT commit does. */
static int hook(void *ctx, const struct efivmap_mmap *map,
		unsigned int attempt)
{
	struct run *r = ctx;
	uint64_t *extra = efivmap_boot_extra(&r->b);

	extra[0] = (uint64_t)(uintptr_t)map->base;
	extra[1] = map->map_size;
	extra[2] = attempt;
	r->hook_runs++;
	return 0;
}

static bool quirk_flag;

static int quirk_enter(void *ctx, const struct efivmap_mmap *map)
{
	struct run *r = ctx;

	(void)map;
	r->quirk_in = true;
	quirk_flag = true;
	return 0;
}

static void quirk_leave(void *ctx, const struct efivmap_mmap *map,
			efivmap_efi_status status)
{
	struct run *r = ctx;

	(void)map;
	(void)status;
	r->quirk_in = false;
	quirk_flag = false;
}

static void run_sequence_fails(struct run *r, const struct scenario *s,
			       unsigned int fail_no, efivmap_efi_status status,
			       unsigned int fail_free_nth)
{
	struct efivmap_boot_req req;
	struct efivmap_boot_exit_cfg ecfg;
	struct efivmap_boot_svam_cfg scfg;
	struct efivmap_layout_cfg lcfg;

	memset(r, 0, sizeof(*r));
	ff_init_file(&r->f, s->file, s->src_desc_size, s->desc_size);
	r->f.stale_keys = s->stale_keys;
	r->f.grow_on_stale = s->grow_on_stale;
	r->f.grow_on_alloc = s->grow_on_alloc;
	r->f.svam_touches_new_vas = s->quirk;
	r->f.quirk_active = &quirk_flag;
	r->f.alloc_skew_pages = s->skew;
	if (fail_no)
		ff_fail_call(&r->f, fail_no, status);
	if (fail_free_nth)
		ff_fail_kind(&r->f, FF_FREE_PAGES, fail_free_nth, status);
	quirk_flag = false;

	memset(&req, 0, sizeof(req));
	req.pool_bytes = 8 * s->pool_align;
	req.pool_align = s->pool_align;
	req.extra_bytes = 4096;
	req.extra_align = 8;
	r->stage = ST_PROBE;
	r->calls_at[ST_PROBE] = r->f.calls;
	r->rc = efivmap_boot_plan_probe(&r->f.ops, &req, &r->plan, &r->diag);
	if (r->rc)
		return;

	r->stage = ST_ALLOC;
	r->calls_at[ST_ALLOC] = r->f.calls;
	memset(&r->b, 0x5c, sizeof(r->b));
	r->rc = efivmap_boot_alloc(&r->b, &r->f.ops, &r->plan, &r->alloc,
				   &r->diag);
	if (r->rc)
		return;

	r->stage = ST_EXIT;
	r->calls_at[ST_EXIT] = r->f.calls;
	memset(&ecfg, 0, sizeof(ecfg));
	ecfg.hook = hook;
	ecfg.hook_ctx = r;
	r->rc = efivmap_boot_exit(&r->b, &ecfg, &r->diag);
	if (r->rc) {
		/* Boot services intact: the caller gives the buffer back. */
		if (!(r->b.state & EFIVMAP_BOOT_EBS_ATTEMPTED)) {
			r->calls_at[ST_CLEANUP] = r->f.calls;
			r->free_rc = efivmap_free_aligned(&r->f.ops, &r->alloc,
							  NULL);
			r->freed = true;
		}
		return;
	}

	r->stage = ST_SVAM;
	r->calls_at[ST_SVAM] = r->f.calls;
	efivmap_layout_cfg_init(&lcfg);
	memset(&scfg, 0, sizeof(scfg));
	scfg.layout = &lcfg;
	scfg.call = s->svam_call;
	if (s->quirk) {
		scfg.quirk_enter = quirk_enter;
		scfg.quirk_leave = quirk_leave;
		scfg.quirk_ctx = r;
	}
	r->rc = efivmap_boot_svam(&r->b, &scfg, &r->diag);
	if (r->rc)
		return;
	r->stage = ST_DONE;
	r->calls_at[ST_DONE] = r->f.calls;
}

static void run_sequence(struct run *r, const struct scenario *s,
			 unsigned int fail_no, efivmap_efi_status status)
{
	run_sequence_fails(r, s, fail_no, status, 0);
}

/* GetMemoryMap call @gmm fails, and so does FreePages number @frees. */
static void run_sequence_two(struct run *r, const struct scenario *s,
			     unsigned int gmm, unsigned int frees)
{
	run_sequence_fails(r, s, gmm, EFIVMAP_EFI_DEVICE_ERROR, frees);
}

/* Which stage made call @n (1-based)? */
static enum stage stage_of(const struct run *r, unsigned int n)
{
	int i;

	if (r->freed && n > r->calls_at[ST_CLEANUP])
		return ST_CLEANUP;
	for (i = (int)r->stage; i > ST_PROBE; i--)
		if (n > r->calls_at[i])
			return (enum stage)i;
	return ST_PROBE;
}

/* The case being checked, named in every failure message. */
static const char *current_case = "";

#define EXPECT(cond) \
	do { \
		if (!(cond)) \
			fail_msg("%s: expected %s", current_case, #cond); \
	} while (0)

static bool buffer_ok(struct run *r)
{
	return r->b.buf != NULL;
}

/* Rules that hold whatever failed. */
static void check_always(struct run *r, const char *what)
{
	unsigned int i, first_ebs = 0;

	if (ff_violations(&r->f) || ff_guard_damage(&r->f)) {
		fprintf(stderr, "%s: violations %u (after EBS %u, after exit "
			"%u, bad frees %u, SVAM input %u, SVAM again %u, "
			"touch %u), guard damage %zu\n", what,
			ff_violations(&r->f), r->f.bad_after_ebs,
			r->f.bad_after_exit, r->f.bad_frees,
			r->f.svam_bad_input, r->f.svam_again,
			r->f.svam_touch_faults, ff_guard_damage(&r->f));
		fail();
	}
	for (i = 0; i < r->f.calls && i < FF_MAX_CALLS; i++) {
		enum ff_kind k = r->f.log[i].kind;

		if (k == FF_EXIT_BOOT_SERVICES && !first_ebs)
			first_ebs = i + 1;
		if (first_ebs && (k == FF_ALLOCATE_PAGES ||
				  k == FF_FREE_PAGES)) {
			fprintf(stderr, "%s: %s after ExitBootServices\n",
				what, ff_kind_name(k));
			fail();
		}
	}
	EXPECT(!(r->quirk_in));
	/* A failure always names itself. */
	if (r->rc && r->rc > -EFIVMAP_ERR_MAX)
		EXPECT((r->diag.err) == (r->rc));
	/* Whatever stopped the sequence, memory is accounted for. */
	if (r->stage <= ST_ALLOC && r->rc)
		EXPECT((r->f.pages_in_use) == (0));
	if (r->freed && r->free_rc == 0)
		EXPECT((r->f.pages_in_use) == (0));
	if (r->stage >= ST_EXIT && !r->freed)
		EXPECT((r->f.pages_in_use) == (r->alloc.held_pages));
}

/* The map part is the firmware's final map, validated, in firmware order. */
static void check_final_map(struct run *r)
{
	struct efivmap_mmap *m = &r->b.map;
	size_t i;

	EXPECT(r->b.state & EFIVMAP_BOOT_EXITED);
	EXPECT((m->map_size) == (r->f.map_size));
	EXPECT((m->desc_size) == (r->f.desc_size));
	for (i = 0; i < m->count; i++) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(m, i);
		const struct efivmap_efi_desc *fd = ff_desc(&r->f, i);

		EXPECT((d->phys_start) == (fd->phys_start));
		EXPECT((d->num_pages) == (fd->num_pages));
		EXPECT((d->type) == (fd->type));
	}
}

/* What boot.h promises after call @n, of @kind, failed with @status. */
static void check_documented(struct run *r, const struct scenario *s,
			     unsigned int n, efivmap_efi_status status,
			     const char *what)
{
	enum ff_kind kind = r->f.log[n - 1].kind;
	enum stage at = stage_of(r, n);
	size_t i;

	EXPECT(r->f.log[n - 1].injected);
	switch (at) {
	case ST_PROBE:
		/* The sizing call is the only call; nothing is held. */
		EXPECT((kind) == (FF_GET_MEMORY_MAP));
		EXPECT((r->stage) == (ST_PROBE));
		EXPECT(r->rc < 0);
		if (status != EFIVMAP_EFI_BUFFER_TOO_SMALL) {
			EXPECT((r->rc) == (-EFIVMAP_ERR_FIRMWARE));
			EXPECT((r->diag.addr) == (status));
		}
		EXPECT((r->f.calls) == (1));
		break;
	case ST_ALLOC:
		if (kind == FF_ALLOCATE_PAGES) {
			/* Refused allocation: nothing held, @b untouched. */
			EXPECT((r->stage) == (ST_ALLOC));
			EXPECT((r->rc) == (-EFIVMAP_ERR_FIRMWARE));
			EXPECT((r->diag.addr) == (status));
			EXPECT((r->f.pages_in_use) == (0));
			EXPECT((((uint8_t *)&r->b)[0]) == (0x5c));
		} else {
			/* A failed trim only costs memory; it is recorded. */
			EXPECT((kind) == (FF_FREE_PAGES));
			EXPECT(r->stage > ST_ALLOC);
			EXPECT(r->alloc.held_pages > r->alloc.pages);
			EXPECT(r->alloc.held_phys <= r->alloc.phys);
		}
		break;
	case ST_EXIT:
		EXPECT(buffer_ok(r));
		if (kind == FF_EXIT_BOOT_SERVICES &&
		    status == EFIVMAP_EFI_INVALID_PARAMETER) {
			/* A stale key: retried, unless the tries ran out. */
			if (r->rc) {
				EXPECT((r->rc) == (-EFIVMAP_ERR_RETRIES));
				EXPECT((r->b.ebs_calls) == (EFIVMAP_BOOT_DEFAULT_TRIES));
			} else {
				check_final_map(r);
			}
			break;
		}
		EXPECT((r->stage) == (ST_EXIT));
		EXPECT(!(r->b.state & EFIVMAP_BOOT_EXITED));
		if (kind == FF_EXIT_BOOT_SERVICES) {
			EXPECT((r->rc) == (-EFIVMAP_ERR_FIRMWARE));
			EXPECT((r->diag.addr) == (status));
			EXPECT(r->b.state & EFIVMAP_BOOT_EBS_ATTEMPTED);
			break;
		}
		EXPECT((kind) == (FF_GET_MEMORY_MAP));
		if (status == EFIVMAP_EFI_BUFFER_TOO_SMALL)
			EXPECT(r->rc == -EFIVMAP_ERR_NOSPACE ||
				    r->rc == -EFIVMAP_ERR_MAP_GREW);
		else
			EXPECT((r->rc) == (-EFIVMAP_ERR_FIRMWARE));
		/* Before any ExitBootServices the caller could free. */
		EXPECT((r->freed) == (!(r->b.state & EFIVMAP_BOOT_EBS_ATTEMPTED)));
		break;
	case ST_CLEANUP:
		/* The caller's FreePages failed: the pages stay held. */
		EXPECT((kind) == (FF_FREE_PAGES));
		EXPECT((r->free_rc) == (-EFIVMAP_ERR_FIRMWARE));
		EXPECT((r->f.pages_in_use) == (r->alloc.held_pages));
		break;
	case ST_SVAM:
		/* SetVirtualAddressMap failed: runtime is off, for good. */
		EXPECT((kind) == (FF_SVAM));
		EXPECT((r->rc) == (-EFIVMAP_ERR_SVAM));
		EXPECT((r->diag.addr) == (status));
		EXPECT(r->b.state & EFIVMAP_BOOT_SVAM_CALLED);
		EXPECT(r->b.state & EFIVMAP_BOOT_RT_DISABLED);
		EXPECT(!(r->b.state & EFIVMAP_BOOT_SVAM_DONE));
		for (i = 0; i < r->b.map.count; i++) {
			const struct efivmap_efi_desc *d =
				efivmap_mmap_get(&r->b.map, i);

			if (efivmap_desc_is_runtime(d))
				EXPECT(d->virt_start ==
					    EFIVMAP_EFI_VA_INVALID);
		}
		break;
	case ST_DONE:
		fail_msg("%s: failed after the sequence ended", what);
	}
	(void)s;
}

/* One scenario, one status: N = 1.. until the run outlives the failure. */
static unsigned int enumerate(const struct scenario *s,
			      efivmap_efi_status status)
{
	struct run *r = calloc(1, sizeof(*r));
	unsigned int n, cases = 0;
	char what[128];

	assert_non_null(r);
	for (n = 1;; n++) {
		snprintf(what, sizeof(what), "%s, call %u fails with 0x%llx",
			 s->name, n, (unsigned long long)status);
		current_case = what;
		run_sequence(r, s, n, status);
		check_always(r, what);
		if (r->f.calls < n) {
			/* Completed without reaching call n: all covered. */
			assert_int_equal(r->stage, ST_DONE);
			ff_free(&r->f);
			break;
		}
		check_documented(r, s, n, status, what);
		ff_free(&r->f);
		cases++;
		assert_true(n < FF_MAX_CALLS);
	}
	free(r);
	return cases;
}

static void test_fault_clean_runs_complete(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	size_t i;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		current_case = scenarios[i].name;
		run_sequence(r, &scenarios[i], 0, 0);
		check_always(r, scenarios[i].name);
		assert_int_equal(r->rc, 0);
		assert_int_equal(r->stage, ST_DONE);
		check_final_map(r);
		assert_int_equal(r->hook_runs, r->b.ebs_calls);
		if (scenarios[i].svam_call == EFIVMAP_BOOT_SVAM_NEVER) {
			assert_true(r->b.state & EFIVMAP_BOOT_SVAM_SKIPPED);
			assert_false(r->f.svam_called);
		} else {
			assert_true(r->b.state & EFIVMAP_BOOT_SVAM_DONE);
			assert_true(r->f.svam_called);
		}
		ff_free(&r->f);
	}
	free(r);
}

static void test_fault_every_call_fails_once(void **state)
{
	unsigned int total = 0;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		for (k = 0; k < sizeof(fail_statuses) /
				sizeof(fail_statuses[0]); k++) {
			unsigned int c = enumerate(&scenarios[i],
						   fail_statuses[k]);

			printf("fault: %-22s status 0x%016llx: %u calls, "
			       "each failed once\n", scenarios[i].name,
			       (unsigned long long)fail_statuses[k], c);
			total += c;
		}
	}
	printf("fault: %u injected failures, all in documented states\n",
	       total);
}

/*
 * Two failures: boot services survive a failed GetMemoryMap, the caller
 * frees the buffer, and that FreePages fails too: the pages stay held,
 * recorded in the allocation, and nothing else breaks.
 */
static void test_fault_cleanup_free_fails(void **state)
{
	const struct scenario *s = &scenarios[0];
	struct run *r = calloc(1, sizeof(*r));
	unsigned int gmm, frees;

	(void)state;
	assert_non_null(r);
	current_case = "cleanup";
	run_sequence(r, s, 0, 0);
	assert_int_equal(r->stage, ST_DONE);
	gmm = r->calls_at[ST_EXIT] + 1;
	ff_free(&r->f);

	/* Learn how many frees come before the cleanup, then fail it. */
	run_sequence(r, s, gmm, EFIVMAP_EFI_DEVICE_ERROR);
	assert_true(r->freed);
	frees = r->f.kind_calls[FF_FREE_PAGES];
	ff_free(&r->f);

	run_sequence_two(r, s, gmm, frees);
	check_always(r, "cleanup");
	assert_true(r->freed);
	EXPECT(r->f.log[gmm - 1].injected);
	check_documented(r, s, r->f.calls, EFIVMAP_EFI_DEVICE_ERROR,
			 "cleanup");
	EXPECT(r->alloc.held_pages > 0);
	ff_free(&r->f);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_clean_runs_complete),
		cmocka_unit_test(test_fault_every_call_fails_once),
		cmocka_unit_test(test_fault_cleanup_free_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
