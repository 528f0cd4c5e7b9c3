// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The fake firmware; see fake_fw.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_fw.h"
#include "testlib.h"

#define PAGE 4096u
#define ARENA_PAGES 1024u               /* 4 MiB */
#define ARENA_ALIGN (UINT64_C(2) << 20) /* so any alignment test is fair */

static struct fake_fw *from_ctx(void *ctx)
{
	return ctx;
}

/* Count the call, apply injection. Returns true when it must fail. */
static bool enter(struct fake_fw *f, enum ff_kind k)
{
	bool inject;

	f->calls++;
	f->kind_calls[k]++;
	inject = (f->fail_call_no && f->calls == f->fail_call_no) ||
		 (f->fail_kind_nth && f->fail_kind == k &&
		  f->kind_calls[k] == f->fail_kind_nth);
	if (f->calls <= FF_MAX_CALLS) {
		f->log[f->calls - 1].kind = k;
		f->log[f->calls - 1].injected = inject;
	}
	return inject;
}

static efivmap_efi_status leave(struct fake_fw *f, efivmap_efi_status st)
{
	if (f->calls <= FF_MAX_CALLS)
		f->log[f->calls - 1].status = st;
	return st;
}

struct efivmap_efi_desc *ff_desc(struct fake_fw *f, size_t i)
{
	return (struct efivmap_efi_desc *)(void *)(f->map + i * f->desc_size);
}

size_t ff_count(const struct fake_fw *f)
{
	return f->map_size / f->desc_size;
}

struct efivmap_efi_desc *ff_svam_desc(struct fake_fw *f, size_t i)
{
	return (struct efivmap_efi_desc *)(void *)(f->svam_copy +
						   i * f->svam_desc_size);
}

void ff_grow(struct fake_fw *f, size_t n)
{
	uint64_t top = 0;
	size_t i;

	for (i = 0; i < ff_count(f); i++) {
		struct efivmap_efi_desc *d = ff_desc(f, i);
		uint64_t end = d->phys_start + (d->num_pages << 12);

		if (end > top)
			top = end;
	}
	while (n--) {
		struct efivmap_efi_desc *d;

		if (f->map_size + f->desc_size > f->map_cap) {
			f->map_cap *= 2;
			f->map = realloc(f->map, f->map_cap);
			if (!f->map)
				abort();
		}
		d = ff_desc(f, ff_count(f));
		memset(d, 0x5A, f->desc_size);
		d->type = EFIVMAP_EFI_BOOT_SERVICES_DATA;
		d->pad = 0;
		d->phys_start = top;
		d->virt_start = 0;
		d->num_pages = 1;
		d->attribute = EFIVMAP_EFI_MEMORY_WB;
		f->map_size += f->desc_size;
		top += PAGE;
	}
}

static efivmap_efi_status ff_get_memory_map(void *ctx, size_t *map_size,
					    void *buf, size_t *map_key,
					    size_t *desc_size,
					    uint32_t *desc_version)
{
	struct fake_fw *f = from_ctx(ctx);

	if (f->exited)
		f->bad_after_exit++;
	if (enter(f, FF_GET_MEMORY_MAP))
		return leave(f, f->fail_status);
	*desc_size = f->desc_size;
	*desc_version = f->desc_version;
	if (*map_size < f->map_size) {
		*map_size = f->map_size;
		return leave(f, EFIVMAP_EFI_BUFFER_TOO_SMALL);
	}
	if (f->map_size)
		memcpy(buf, f->map, f->map_size);
	*map_size = f->map_size + f->map_size_lie;
	*map_key = f->key;
	return leave(f, EFIVMAP_EFI_SUCCESS);
}

static efivmap_efi_status ff_allocate_pages(void *ctx, size_t pages,
					    uint64_t *phys)
{
	struct fake_fw *f = from_ctx(ctx);
	size_t i, run = 0;

	if (f->ebs_attempted)
		f->bad_after_ebs++;
	if (f->exited)
		f->bad_after_exit++;
	if (enter(f, FF_ALLOCATE_PAGES))
		return leave(f, f->fail_status);
	if (!pages)
		return leave(f, EFIVMAP_EFI_INVALID_PARAMETER);
	for (i = f->alloc_skew_pages; i < f->arena_pages; i++) {
		run = f->page_used[i] ? 0 : run + 1;
		if (run == pages)
			break;
	}
	if (run < pages)
		return leave(f, EFIVMAP_EFI_OUT_OF_RESOURCES);
	i = i + 1 - pages;
	memset(f->page_used + i, 1, pages);
	f->pages_in_use += pages;
	*phys = (uint64_t)(uintptr_t)(f->arena + i * PAGE);
	if (f->alloc_bad_offset) {
		/* Broken firmware; it still takes the same address back. */
		*phys += f->alloc_bad_offset;
		f->alloc_bad_offset = 0;
		f->bad_phys = *phys;
		f->bad_first = i;
		f->bad_pages = pages;
	}
	ff_grow(f, f->grow_on_alloc);
	f->key++;
	return leave(f, EFIVMAP_EFI_SUCCESS);
}

static efivmap_efi_status ff_free_pages(void *ctx, uint64_t phys,
					size_t pages)
{
	struct fake_fw *f = from_ctx(ctx);
	uint64_t base = (uint64_t)(uintptr_t)f->arena;
	size_t i, first;

	if (f->ebs_attempted)
		f->bad_after_ebs++;
	if (f->exited)
		f->bad_after_exit++;
	if (enter(f, FF_FREE_PAGES))
		return leave(f, f->fail_status);
	if (f->bad_phys && phys == f->bad_phys && pages == f->bad_pages) {
		phys = base + f->bad_first * PAGE;
		f->bad_phys = 0;
	}
	if (phys < base || (phys - base) % PAGE || !pages ||
	    (phys - base) / PAGE + pages > f->arena_pages) {
		f->bad_frees++;
		return leave(f, EFIVMAP_EFI_NOT_FOUND);
	}
	first = (size_t)((phys - base) / PAGE);
	for (i = first; i < first + pages; i++) {
		if (!f->page_used[i]) {
			f->bad_frees++;
			return leave(f, EFIVMAP_EFI_NOT_FOUND);
		}
	}
	memset(f->page_used + first, 0, pages);
	/* The firmware owns them again: whatever the caller left is fine. */
	memset(f->arena + first * PAGE, FF_GUARD, pages * PAGE);
	f->pages_in_use -= pages;
	f->key++;
	return leave(f, EFIVMAP_EFI_SUCCESS);
}

static efivmap_efi_status ff_exit_boot_services(void *ctx, size_t map_key)
{
	struct fake_fw *f = from_ctx(ctx);

	if (f->exited)
		f->bad_after_exit++;
	f->ebs_attempted = true;
	if (enter(f, FF_EXIT_BOOT_SERVICES))
		return leave(f, f->fail_status);
	if (f->stale_keys) {
		/* An event fired between GetMemoryMap and this call. */
		f->stale_keys--;
		f->key++;
		ff_grow(f, f->grow_on_stale);
		return leave(f, EFIVMAP_EFI_INVALID_PARAMETER);
	}
	if (map_key != f->key)
		return leave(f, EFIVMAP_EFI_INVALID_PARAMETER);
	f->exited = true;
	return leave(f, EFIVMAP_EFI_SUCCESS);
}

static efivmap_efi_status ff_svam(void *ctx, size_t map_size,
				  size_t desc_size, uint32_t desc_version,
				  void *virtual_map)
{
	struct fake_fw *f = from_ctx(ctx);
	size_t i;

	if (f->svam_called) {
		f->svam_again++;
		return EFIVMAP_EFI_UNSUPPORTED;
	}
	f->svam_called = true;
	if (!f->exited)
		f->svam_bad_input++;
	if (enter(f, FF_SVAM))
		return leave(f, f->fail_status);
	f->svam_ptr = virtual_map;
	f->svam_map_size = map_size;
	f->svam_desc_size = desc_size;
	f->svam_desc_version = desc_version;
	if (desc_size != f->desc_size || desc_version != f->desc_version ||
	    map_size % desc_size) {
		f->svam_bad_input++;
		return leave(f, EFIVMAP_EFI_INVALID_PARAMETER);
	}
	free(f->svam_copy);
	f->svam_copy = malloc(map_size ? map_size : 1);
	if (!f->svam_copy)
		abort();
	memcpy(f->svam_copy, virtual_map, map_size);
	for (i = 0; i < map_size / desc_size; i++) {
		struct efivmap_efi_desc *d = ff_svam_desc(f, i);

		if (!(d->attribute & EFIVMAP_EFI_MEMORY_RUNTIME) ||
		    (d->virt_start ^ d->phys_start) & 0xffff) {
			f->svam_bad_input++;
			return leave(f, EFIVMAP_EFI_INVALID_PARAMETER);
		}
	}
	/* Seattle's firmware follows the new pointers before returning. */
	if (f->svam_touches_new_vas && map_size &&
	    !(f->quirk_active && *f->quirk_active))
		f->svam_touch_faults++;
	return leave(f, f->svam_status);
}

void ff_init(struct fake_fw *f, const void *map, size_t map_size,
	     size_t src_desc_size, size_t desc_size)
{
	size_t n = map_size / src_desc_size, i;

	memset(f, 0, sizeof(*f));
	f->ops.ctx = f;
	f->ops.get_memory_map = ff_get_memory_map;
	f->ops.allocate_pages = ff_allocate_pages;
	f->ops.free_pages = ff_free_pages;
	f->ops.exit_boot_services = ff_exit_boot_services;
	f->ops.set_virtual_address_map = ff_svam;
	f->desc_size = desc_size;
	f->desc_version = EFIVMAP_EFI_DESC_VERSION;
	f->map_cap = (n + 64) * desc_size;
	f->map = malloc(f->map_cap);
	if (!f->map)
		abort();
	memset(f->map, 0x5A, f->map_cap);
	for (i = 0; i < n; i++)
		memcpy(f->map + i * desc_size,
		       (const uint8_t *)map + i * src_desc_size,
		       sizeof(struct efivmap_efi_desc));
	f->map_size = n * desc_size;
	f->key = 0x1000;
	f->svam_status = EFIVMAP_EFI_SUCCESS;

	f->arena_pages = ARENA_PAGES;
	f->arena = aligned_alloc(ARENA_ALIGN, ARENA_PAGES * (size_t)PAGE);
	f->page_used = calloc(ARENA_PAGES, 1);
	if (!f->arena || !f->page_used)
		abort();
	memset(f->arena, FF_GUARD, ARENA_PAGES * (size_t)PAGE);
}

void ff_init_file(struct fake_fw *f, const char *name, size_t src_desc_size,
		  size_t desc_size)
{
	size_t size;
	void *buf = tl_read_data(name, &size);

	ff_init(f, buf, size, src_desc_size, desc_size);
	free(buf);
}

void ff_free(struct fake_fw *f)
{
	free(f->map);
	free(f->svam_copy);
	free(f->arena);
	free(f->page_used);
	memset(f, 0, sizeof(*f));
}

void ff_fail_call(struct fake_fw *f, unsigned int n,
		  efivmap_efi_status status)
{
	f->fail_call_no = n;
	f->fail_status = status;
}

void ff_fail_kind(struct fake_fw *f, enum ff_kind kind, unsigned int nth,
		  efivmap_efi_status status)
{
	f->fail_kind = kind;
	f->fail_kind_nth = nth;
	f->fail_status = status;
}

size_t ff_guard_damage(const struct fake_fw *f)
{
	size_t p, i, bad = 0;

	static uint8_t guard[PAGE];

	if (!guard[0])
		memset(guard, FF_GUARD, sizeof(guard));
	for (p = 0; p < f->arena_pages; p++) {
		const uint8_t *b = f->arena + p * PAGE;

		if (f->page_used[p] || !memcmp(b, guard, PAGE))
			continue;
		for (i = 0; i < PAGE; i++)
			bad += b[i] != FF_GUARD;
	}
	return bad;
}

unsigned int ff_violations(const struct fake_fw *f)
{
	return f->bad_after_ebs + f->bad_after_exit + f->bad_frees +
	       f->svam_touch_faults + f->svam_bad_input + f->svam_again;
}

const char *ff_kind_name(enum ff_kind k)
{
	static const char *const names[FF_NR_KINDS] = {
		"GetMemoryMap", "AllocatePages", "FreePages",
		"ExitBootServices", "SetVirtualAddressMap",
	};

	return k < FF_NR_KINDS ? names[k] : "?";
}
