// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The ExitBootServices loop. From the first attempt on, UEFI allows only
 * GetMemoryMap and ExitBootServices, so this file calls nothing else and
 * works entirely inside the planned buffer.
 */
#include "boot_internal.h"

static int fw_fail(struct efivmap_diag *diag, const char *what,
		   efivmap_efi_status st)
{
	return efivmap__boot_fail(diag, EFIVMAP_ERR_FIRMWARE, what, st);
}

/*
 * GetMemoryMap into the map part, then validate it in place, tolerating
 * what Linux maps anyway: a refused map would cost the runtime services.
 */
static int read_map(struct efivmap_boot *b, struct efivmap_findings *f,
		    struct efivmap_diag *diag)
{
	const struct efivmap_fw_ops *ops = b->ops;
	size_t size = b->plan.map_cap, key = 0, desc_size = 0;
	uint32_t version = 0;
	efivmap_efi_status st;

	/* The old view describes bytes the firmware is about to rewrite. */
	efivmap__zero(&b->map, sizeof(b->map));
	st = ops->get_memory_map(ops->ctx, &size, efivmap_boot_map_buf(b),
				 &key, &desc_size, &version);
	b->status = st;
	if (st == EFIVMAP_EFI_BUFFER_TOO_SMALL) {
		b->map_needed = size;
		if (b->state & EFIVMAP_BOOT_EBS_ATTEMPTED)
			return efivmap__boot_fail(diag, EFIVMAP_ERR_MAP_GREW,
						  "memory map outgrew the slack after ExitBootServices",
						  size);
		return efivmap__boot_fail(diag, EFIVMAP_ERR_NOSPACE,
					  "memory map larger than the planned map part",
					  size);
	}
	if (st != EFIVMAP_EFI_SUCCESS)
		return fw_fail(diag, "GetMemoryMap failed", st);
	if (size > b->plan.map_cap)
		return fw_fail(diag, "GetMemoryMap reported more than the buffer holds",
			       size);
	b->map_needed = 0;
	b->map_key = key;
	return efivmap_mmap_init_ex(&b->map, efivmap_boot_map_buf(b), size,
				    desc_size, version, 0, f, diag);
}

int efivmap_boot_exit(struct efivmap_boot *b,
		      const struct efivmap_boot_exit_cfg *cfg,
		      struct efivmap_diag *diag)
{
	unsigned int tries = EFIVMAP_BOOT_DEFAULT_TRIES, attempt;
	struct efivmap_findings *f = cfg ? cfg->findings : NULL;
	size_t heard = f ? f->count : 0;
	const struct efivmap_fw_ops *ops;
	efivmap_efi_status st;
	int ret;

	if (!b || !(b->state & EFIVMAP_BOOT_READY) ||
	    (b->state & EFIVMAP_BOOT_EXITED) || !b->ops->get_memory_map ||
	    !b->ops->exit_boot_services)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "sequence not initialised or already exited",
					  0);
	if (cfg && cfg->max_tries)
		tries = cfg->max_tries;
	ops = b->ops;

	for (attempt = 0; attempt < tries; attempt++) {
		/* each read replaces the last: report on the final map */
		if (f)
			f->count = heard;
		ret = read_map(b, f, diag);
		if (ret)
			return ret;
		if (cfg && cfg->hook) {
			b->hook_calls++;
			ret = cfg->hook(cfg->hook_ctx, &b->map, attempt);
			if (ret < 0)
				return ret;
		}
		b->state |= EFIVMAP_BOOT_EBS_ATTEMPTED;
		b->ebs_calls++;
		st = ops->exit_boot_services(ops->ctx, b->map_key);
		b->status = st;
		if (st == EFIVMAP_EFI_SUCCESS) {
			b->state |= EFIVMAP_BOOT_EXITED;
			return 0;
		}
		/* Anything but a stale key will not improve by retrying. */
		if (st != EFIVMAP_EFI_INVALID_PARAMETER)
			return fw_fail(diag, "ExitBootServices failed", st);
	}
	return efivmap__boot_fail(diag, EFIVMAP_ERR_RETRIES,
				  "ExitBootServices rejected every map key",
				  EFIVMAP_EFI_INVALID_PARAMETER);
}

int efivmap_boot_run(struct efivmap_boot *b,
		     const struct efivmap_boot_exit_cfg *exit_cfg,
		     const struct efivmap_boot_svam_cfg *svam_cfg,
		     struct efivmap_diag *diag)
{
	int ret = efivmap_boot_exit(b, exit_cfg, diag);

	if (ret)
		return ret;
	return efivmap_boot_svam(b, svam_cfg, diag);
}
