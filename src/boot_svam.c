// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * SetVirtualAddressMap: choose the runtime layout, copy the runtime
 * descriptors into the scratch part (the v4 design: the map itself stays
 * whole and in firmware order for the OS), and make the one call UEFI
 * allows per boot.
 */
#include "boot_internal.h"

/*
 * Copy the runtime descriptors of @map, whole strides so that fields of
 * newer descriptor versions travel too, into @dst. Returns the count.
 */
static size_t copy_runtime(uint8_t *dst, const struct efivmap_mmap *map)
{
	struct efivmap_efi_desc *d;
	size_t i, n = 0;

	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		efivmap__copy(dst + n * map->desc_size, d, map->desc_size);
		n++;
	}
	return n;
}

/* Put back the VirtualStart values saved by copy_runtime(). */
static void restore_va(struct efivmap_mmap *map, const uint8_t *saved)
{
	const struct efivmap_efi_desc *s;
	struct efivmap_efi_desc *d;
	size_t i, n = 0;

	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		s = (const void *)(saved + n++ * map->desc_size);
		d->virt_start = s->virt_start;
	}
}

static void set_runtime_va(struct efivmap_mmap *map, bool flat)
{
	struct efivmap_efi_desc *d;
	size_t i;

	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d))
			d->virt_start = flat ? d->phys_start :
					EFIVMAP_EFI_VA_INVALID;
}

static uint64_t max_runtime_pa(const struct efivmap_mmap *map)
{
	struct efivmap_efi_desc *d;
	uint64_t top = 0, end;
	size_t i;

	efivmap_mmap_for_each(map, i, d) {
		/* an empty region ends nowhere */
		if (!efivmap_desc_is_runtime(d) || !d->num_pages)
			continue;
		end = efivmap_desc_last(d);
		end = end == UINT64_MAX ? end : end + 1;
		if (end > top)
			top = end;
	}
	return top;
}

/* The policy's inputs, completed from what the sequence knows. */
static int ask_policy(struct efivmap_boot *b,
		      const struct efivmap_layout_mode_in *mode,
		      const struct efivmap_layout_cfg *lcfg)
{
	struct efivmap_layout_mode_in in;

	if (mode)
		efivmap__copy(&in, mode, sizeof(in));
	else
		efivmap__zero(&in, sizeof(in));
	if (!in.va_bits)
		in.va_bits = lcfg->va_bits;
	if (!in.max_runtime_pa)
		in.max_runtime_pa = max_runtime_pa(&b->map);
	return efivmap_layout_mode(&in, &b->mode_reason);
}

/*
 * The call policy in @cfg, when boot services are gone, the call is still
 * to be handled and can be made as asked; else a negative error.
 */
static int check_call(const struct efivmap_boot *b,
		      const struct efivmap_boot_svam_cfg *cfg,
		      struct efivmap_diag *diag)
{
	unsigned int call;

	if (!b || !(b->state & EFIVMAP_BOOT_EXITED) ||
	    (b->state & (EFIVMAP_BOOT_SVAM_CALLED | EFIVMAP_BOOT_SVAM_SKIPPED)))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "boot services not exited, or SetVirtualAddressMap already handled",
					  0);
	call = cfg ? cfg->call : EFIVMAP_BOOT_SVAM_AUTO;
	if (call > EFIVMAP_BOOT_SVAM_NEVER)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "unknown SetVirtualAddressMap call policy",
					  call);
	if (call != EFIVMAP_BOOT_SVAM_NEVER &&
	    !b->ops->set_virtual_address_map)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "no SetVirtualAddressMap op", 0);
	return (int)call;
}

/*
 * Whether to make the call, as asked or as the policy says: 1 or 0, or a
 * negative error when the policy rejects its inputs.
 */
static int decide_call(struct efivmap_boot *b,
		       const struct efivmap_boot_svam_cfg *cfg,
		       unsigned int call, const struct efivmap_layout_cfg *lcfg,
		       struct efivmap_diag *diag)
{
	int ret;

	b->mode_reason = EFIVMAP_MODE_REASON_MAX;
	if (call != EFIVMAP_BOOT_SVAM_AUTO)
		return call == EFIVMAP_BOOT_SVAM_ALWAYS;
	/* a refusing policy leaves mode_reason as set above */
	ret = ask_policy(b, cfg ? cfg->mode : NULL, lcfg);
	if (ret < 0)
		return efivmap__boot_fail(diag, -ret,
					  "mode policy rejected its inputs", 0);
	return ret == EFIVMAP_LAYOUT_MODE_SVAM;
}

/*
 * Give the runtime descriptors their virtual addresses, and enter the
 * quirk when the call will be made. A failing quirk gets the firmware's
 * own VirtualStart values back from @saved.
 */
static int assign_va(struct efivmap_boot *b,
		     const struct efivmap_boot_svam_cfg *cfg,
		     const struct efivmap_layout_cfg *lcfg, bool do_call,
		     const uint8_t *saved, struct efivmap_diag *diag)
{
	int ret;

	if (!do_call) {
		/*
		 * The firmware stays 1:1; say so, as Linux's stub does. Not
		 * FLAT planning: that would refuse PAs beyond va_bits, and the
		 * map must tell the truth about the firmware either way.
		 */
		set_runtime_va(&b->map, true);
		return 0;
	}
	ret = efivmap_layout_plan(&b->map, lcfg, diag);
	if (ret < 0)
		return ret;
	if (cfg && cfg->quirk_enter) {
		ret = cfg->quirk_enter(cfg->quirk_ctx, &b->map);
		if (ret < 0) {
			restore_va(&b->map, saved);
			return ret;
		}
	}
	return 0;
}

/* The SetVirtualAddressMap input: the runtime descriptors, in @scratch. */
static void build_svam_map(struct efivmap_boot *b, uint8_t *scratch,
			   size_t n)
{
	copy_runtime(scratch, &b->map);
	b->svam_map.base = scratch;
	b->svam_map.map_size = n * b->map.desc_size;
	b->svam_map.desc_size = b->map.desc_size;
	b->svam_map.desc_version = b->map.desc_version;
	b->svam_map.count = n;
	/* The runtime descriptors keep their order. */
	b->svam_map.sorted = b->map.sorted;
	b->state |= EFIVMAP_BOOT_PLANNED;
}

/* The one call UEFI allows, and what its failure means for the OS. */
static int call_svam(struct efivmap_boot *b,
		     const struct efivmap_boot_svam_cfg *cfg, uint8_t *scratch,
		     struct efivmap_diag *diag)
{
	const struct efivmap_fw_ops *ops = b->ops;
	efivmap_efi_status st;

	b->state |= EFIVMAP_BOOT_SVAM_CALLED;
	st = ops->set_virtual_address_map(ops->ctx, b->svam_map.map_size,
					  b->svam_map.desc_size,
					  b->svam_map.desc_version, scratch);
	b->status = st;
	if (cfg && cfg->quirk_leave)
		cfg->quirk_leave(cfg->quirk_ctx, &b->map, st);
	if (st != EFIVMAP_EFI_SUCCESS) {
		/*
		 * Past the point of no return: tell the OS that no virtual
		 * mapping exists, so it disables runtime services instead of
		 * calling through addresses the firmware never took.
		 */
		set_runtime_va(&b->map, false);
		b->state |= EFIVMAP_BOOT_RT_DISABLED;
		return efivmap__boot_fail(diag, EFIVMAP_ERR_SVAM,
					  "SetVirtualAddressMap failed", st);
	}
	b->state |= EFIVMAP_BOOT_SVAM_DONE;
	return 0;
}

int efivmap_boot_svam(struct efivmap_boot *b,
		      const struct efivmap_boot_svam_cfg *cfg,
		      struct efivmap_diag *diag)
{
	struct efivmap_layout_cfg defaults;
	const struct efivmap_layout_cfg *lcfg;
	uint8_t *scratch;
	size_t n;
	int call, do_call, ret;

	call = check_call(b, cfg, diag);
	if (call < 0)
		return call;
	lcfg = cfg ? cfg->layout : NULL;
	if (!lcfg) {
		efivmap_layout_cfg_init(&defaults);
		lcfg = &defaults;
	}
	do_call = decide_call(b, cfg, (unsigned int)call, lcfg, diag);
	if (do_call < 0)
		return do_call;

	/* The firmware's own VirtualStart values, kept for a cancel. */
	scratch = b->buf + b->plan.scratch_off;
	n = copy_runtime(scratch, &b->map);
	ret = assign_va(b, cfg, lcfg, do_call, scratch, diag);
	if (ret < 0)
		return ret;
	build_svam_map(b, scratch, n);
	if (!do_call) {
		b->state |= EFIVMAP_BOOT_SVAM_SKIPPED;
		return 0;
	}
	return call_svam(b, cfg, scratch, diag);
}
