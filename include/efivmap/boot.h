/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The firmware sequence of a boot stub: one buffer planned and allocated
 * before ExitBootServices, the ExitBootServices retry loop, the
 * SetVirtualAddressMap input and call, efi_to_phys, and page allocations
 * aligned beyond 4 KiB.
 *
 * The firmware is reached only through struct efivmap_fw_ops, so the whole
 * sequence runs on the host against a fake firmware. Nothing here reads a
 * system table or keeps global state.
 *
 * The memory rule: everything the sequence needs after the first
 * ExitBootServices attempt lives in the one buffer of struct
 * efivmap_boot_plan. From that attempt on, the library never calls
 * allocate_pages or free_pages, and a map that no longer fits is reported
 * as -EFIVMAP_ERR_MAP_GREW instead of being grown.
 *
 * A typical stub:
 *
 *	efivmap_boot_plan_probe(&ops, &req, &plan, &diag);
 *	efivmap_boot_alloc(&boot, &ops, &plan, &alloc, &diag);
 *	... prepare the FDT in efivmap_boot_extra(&boot) ...
 *	efivmap_boot_exit(&boot, &exit_cfg, &diag);   (hook commits the FDT)
 *	efivmap_boot_svam(&boot, &svam_cfg, &diag);
 *	... build tables in efivmap_boot_pool(&boot) ...
 */
#ifndef EFIVMAP_BOOT_H
#define EFIVMAP_BOOT_H

#include "efi.h"
#include "error.h"
#include "mmap.h"
#include "layout.h"

/*
 * Descriptors of slack the map part always has beyond the map seen when
 * sizing. The allocation of the buffer itself, and whatever the firmware
 * does between sizing and ExitBootServices (timers, events, a failed EBS
 * that tears down part of boot services), add descriptors; Linux's stub
 * started with 8, found real machines that outgrew it, and uses 32.
 */
#define EFIVMAP_BOOT_MIN_SLACK 32u

/*
 * ExitBootServices attempts when the caller does not choose. The UEFI
 * specification expects one retry after a stale map key; one more covers
 * a stub that forces a stale key to exercise the retry (see the example
 * stub) on firmware that also changes the map on its own.
 */
#define EFIVMAP_BOOT_DEFAULT_TRIES 3u

/*
 * Default alignment of efivmap_alloc_aligned(): 64 KiB, so that the
 * buffer can be mapped by kernels with any page size (the seed series'
 * EFI_ALLOC_ALIGN on arm64).
 */
#define EFIVMAP_ALLOC_ALIGN (UINT64_C(1) << 16)

/**
 * struct efivmap_fw_ops - the firmware calls the sequence needs
 * @ctx: passed unchanged as the first argument of every call
 * @get_memory_map: EFI_BOOT_SERVICES.GetMemoryMap. On entry *@map_size is
 *	the room in @buf; on return it is the map size (also when the status
 *	is EFI_BUFFER_TOO_SMALL, when it is the size needed). @map_key,
 *	@desc_size and @desc_version as UEFI defines them.
 * @allocate_pages: EFI_BOOT_SERVICES.AllocatePages(AllocateAnyPages,
 *	EfiLoaderData, @pages, @phys). Called only before the first
 *	ExitBootServices attempt.
 * @free_pages: EFI_BOOT_SERVICES.FreePages(@phys, @pages). Called only
 *	before the first ExitBootServices attempt.
 * @exit_boot_services: EFI_BOOT_SERVICES.ExitBootServices(ImageHandle,
 *	@map_key); the image handle is the wrapper's business (keep it in
 *	@ctx).
 * @set_virtual_address_map: EFI_RUNTIME_SERVICES.SetVirtualAddressMap,
 *	called with the firmware still on its 1:1 mapping, as UEFI requires.
 *
 * Sizes and the map key are UINTN in UEFI, which is size_t on every UEFI
 * target; physical addresses are EFI_PHYSICAL_ADDRESS (uint64_t). Before
 * ExitBootServices UEFI runs identity-mapped, so the library uses a
 * physical address from @allocate_pages directly as a pointer.
 *
 * On AArch64 EFIAPI is the plain AAPCS64 calling convention, so each
 * member is a two-line wrapper around the firmware's table entry, e.g.
 * with gnu-efi:
 *
 *	static efivmap_efi_status fw_exit(void *ctx, size_t key)
 *	{
 *		return BS->ExitBootServices((EFI_HANDLE)ctx, key);
 *	}
 *
 * Return EFI status values unchanged: the sequence acts on
 * EFI_BUFFER_TOO_SMALL and EFI_INVALID_PARAMETER, and reports any other
 * error status in &struct efivmap_diag.addr.
 */
struct efivmap_fw_ops {
	void *ctx;
	efivmap_efi_status (*get_memory_map)(void *ctx, size_t *map_size,
					     void *buf, size_t *map_key,
					     size_t *desc_size,
					     uint32_t *desc_version);
	efivmap_efi_status (*allocate_pages)(void *ctx, size_t pages,
					     uint64_t *phys);
	efivmap_efi_status (*free_pages)(void *ctx, uint64_t phys,
					 size_t pages);
	efivmap_efi_status (*exit_boot_services)(void *ctx, size_t map_key);
	efivmap_efi_status (*set_virtual_address_map)(void *ctx,
						      size_t map_size,
						      size_t desc_size,
						      uint32_t desc_version,
						      void *virtual_map);
};

/* ------------------------------------------------------------------ */
/* Buffer plan                                                          */
/* ------------------------------------------------------------------ */

/**
 * struct efivmap_boot_req - what the one buffer must hold besides the map
 * @slack_descs: descriptors of room beyond the map seen when sizing;
 *	values below EFIVMAP_BOOT_MIN_SLACK (0 included) mean that minimum
 * @pool_bytes: translation-table pool, in bytes (table count times
 *	granule, e.g. from the tables module's exact sizing); 0 for none
 * @pool_align: alignment of the pool, the granule: a power of two,
 *	ignored when @pool_bytes is 0
 * @extra_bytes: a part for the caller, e.g. the FDT; 0 for none
 * @extra_align: its alignment, a power of two; 0 means 8
 */
struct efivmap_boot_req {
	size_t slack_descs;
	size_t pool_bytes;
	size_t pool_align;
	size_t extra_bytes;
	size_t extra_align;
};

/**
 * struct efivmap_boot_plan - the layout of the one buffer
 * @size: bytes to allocate
 * @align: alignment the buffer's start must have (at least 8; the pool's
 *	alignment when there is a pool)
 * @desc_size: the descriptor stride the plan was sized with
 * @map_off: offset of the memory map part
 * @map_cap: its size in bytes: (descriptors seen + slack) * @desc_size
 * @scratch_off: offset of the SetVirtualAddressMap input
 * @scratch_cap: its size in bytes, equal to @map_cap, so even a map that
 *	is all runtime regions fits
 * @pool_off: offset of the table pool, a multiple of its alignment (the
 *	pool comes first, so it is 0)
 * @pool_size: bytes of pool (the request's @pool_bytes)
 * @extra_off: offset of the caller's part, aligned as requested
 * @extra_size: bytes of it (the request's @extra_bytes)
 *
 * Parts never overlap. A part of size 0 still has a valid offset.
 */
struct efivmap_boot_plan {
	size_t size;
	size_t align;
	size_t desc_size;
	size_t map_off;
	size_t map_cap;
	size_t scratch_off;
	size_t scratch_cap;
	size_t pool_off;
	size_t pool_size;
	size_t extra_off;
	size_t extra_size;
};

/**
 * efivmap_boot_plan_make - size the buffer for a known map size
 * @req: what besides the map the buffer holds; NULL means only the map
 *	and scratch with the minimum slack
 * @map_size: bytes of memory map seen (GetMemoryMap's report)
 * @desc_size: the firmware's descriptor stride
 * @plan: filled on success, untouched on failure
 * @diag: optional
 *
 * Pure arithmetic, no firmware call.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @plan is NULL, an alignment is not a power of
 *	two, or the total overflows size_t
 *	-EFIVMAP_ERR_DESC_SIZE: @desc_size below 40 or not a multiple of 8
 *	-EFIVMAP_ERR_MAP_SIZE: @map_size not a multiple of @desc_size
 */
int efivmap_boot_plan_make(const struct efivmap_boot_req *req,
			   size_t map_size, size_t desc_size,
			   struct efivmap_boot_plan *plan,
			   struct efivmap_diag *diag);

/**
 * efivmap_boot_plan_probe - ask the firmware for the map size, then size
 * @ops: the firmware (only @get_memory_map is called, with an empty buffer)
 * @req: as for efivmap_boot_plan_make()
 * @plan: filled on success, untouched on failure
 * @diag: optional; for -EFIVMAP_ERR_FIRMWARE, addr holds the EFI status
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @ops, a needed op or @plan is NULL, or as for
 *	efivmap_boot_plan_make()
 *	-EFIVMAP_ERR_FIRMWARE: GetMemoryMap returned anything other than
 *	EFI_BUFFER_TOO_SMALL (EFI_SUCCESS included: an empty map is a
 *	firmware bug)
 *	-EFIVMAP_ERR_DESC_SIZE, -EFIVMAP_ERR_MAP_SIZE: the firmware reported
 *	an unusable stride or size
 */
int efivmap_boot_plan_probe(const struct efivmap_fw_ops *ops,
			    const struct efivmap_boot_req *req,
			    struct efivmap_boot_plan *plan,
			    struct efivmap_diag *diag);

/* ------------------------------------------------------------------ */
/* The sequence state                                                   */
/* ------------------------------------------------------------------ */

/* Bits of struct efivmap_boot.state. */
#define EFIVMAP_BOOT_READY         0x01u /* buffer bound by efivmap_boot_init */
#define EFIVMAP_BOOT_EBS_ATTEMPTED 0x02u /* ExitBootServices was called */
#define EFIVMAP_BOOT_EXITED        0x04u /* ExitBootServices succeeded */
#define EFIVMAP_BOOT_PLANNED       0x08u /* runtime VAs assigned in the map */
#define EFIVMAP_BOOT_SVAM_CALLED   0x10u /* SetVirtualAddressMap was called */
#define EFIVMAP_BOOT_SVAM_DONE     0x20u /* ... and returned EFI_SUCCESS */
#define EFIVMAP_BOOT_SVAM_SKIPPED  0x40u /* policy said not to call it */
#define EFIVMAP_BOOT_RT_DISABLED   0x80u /* runtime VAs set to U64_MAX */

/**
 * struct efivmap_boot - one run of the firmware sequence
 * @ops: the firmware
 * @buf: the buffer, laid out by @plan
 * @plan: copy of the plan the buffer was made for
 * @state: EFIVMAP_BOOT_* bits
 * @map: view of the memory map in the buffer; valid after a successful
 *	GetMemoryMap inside efivmap_boot_exit(), and the final map once
 *	EFIVMAP_BOOT_EXITED is set
 * @map_key: key of the last map read
 * @map_needed: map size the firmware asked for when the last
 *	GetMemoryMap returned EFI_BUFFER_TOO_SMALL, else 0
 * @svam_map: view of the SetVirtualAddressMap input in the scratch part
 *	(runtime descriptors only, same stride and version as @map); valid
 *	once EFIVMAP_BOOT_PLANNED is set
 * @ebs_calls: ExitBootServices calls made
 * @hook_calls: exit-hook calls made
 * @status: the last EFI status the sequence received
 * @mode_reason: why efivmap_layout_mode() decided as it did; valid when
 *	efivmap_boot_svam() consulted it (EFIVMAP_BOOT_SVAM_AUTO), else
 *	EFIVMAP_MODE_REASON_MAX
 *
 * Read the fields freely; change them only through the functions below.
 */
struct efivmap_boot {
	const struct efivmap_fw_ops *ops;
	uint8_t *buf;
	struct efivmap_boot_plan plan;
	unsigned int state;
	struct efivmap_mmap map;
	size_t map_key;
	size_t map_needed;
	struct efivmap_mmap svam_map;
	unsigned int ebs_calls;
	unsigned int hook_calls;
	efivmap_efi_status status;
	enum efivmap_layout_mode_reason mode_reason;
};

/**
 * efivmap_boot_init - bind a buffer laid out by @plan to a sequence
 * @b: the sequence state, fully (re)initialised on success
 * @ops: the firmware; must stay valid while @b is used
 * @plan: from efivmap_boot_plan_make() or efivmap_boot_plan_probe()
 * @buf: the buffer, aligned to plan->align; before ExitBootServices it
 *	must be memory the firmware allocated to the caller (the map part
 *	is handed on to the OS)
 * @size: bytes at @buf
 * @diag: optional
 *
 * Nothing in @buf is written.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: a NULL argument, or @plan was not made by
 *	efivmap_boot_plan_make()
 *	-EFIVMAP_ERR_NOSPACE: @size below plan->size (diag.addr: size needed)
 *	-EFIVMAP_ERR_ALIGN: @buf not aligned to plan->align
 */
int efivmap_boot_init(struct efivmap_boot *b,
		      const struct efivmap_fw_ops *ops,
		      const struct efivmap_boot_plan *plan, void *buf,
		      size_t size, struct efivmap_diag *diag);

struct efivmap_alloc;

/**
 * efivmap_boot_alloc - allocate the planned buffer and bind it
 * @b: as for efivmap_boot_init()
 * @ops: the firmware (@allocate_pages and @free_pages are called)
 * @plan: the plan; the buffer gets max(plan->align, 4 KiB) alignment
 * @alloc: filled on success; free with efivmap_free_aligned() if the
 *	caller gives up before ExitBootServices
 * @diag: optional
 *
 * efivmap_alloc_aligned() followed by efivmap_boot_init(). Call before
 * ExitBootServices; the allocation itself changes the map, which the
 * slack absorbs.
 *
 * returns: 0, or the errors of efivmap_alloc_aligned() (-EFIVMAP_ERR_INVAL,
 * -EFIVMAP_ERR_FIRMWARE). @b is left untouched on failure.
 */
int efivmap_boot_alloc(struct efivmap_boot *b,
		       const struct efivmap_fw_ops *ops,
		       const struct efivmap_boot_plan *plan,
		       struct efivmap_alloc *alloc, struct efivmap_diag *diag);

/* The table pool part of the buffer (plan.pool_size bytes). */
static inline void *efivmap_boot_pool(const struct efivmap_boot *b)
{
	return b->buf + b->plan.pool_off;
}

/* The caller's part of the buffer (plan.extra_size bytes), e.g. the FDT. */
static inline void *efivmap_boot_extra(const struct efivmap_boot *b)
{
	return b->buf + b->plan.extra_off;
}

/* The memory map part; the address to hand on (linux,uefi-mmap-start). */
static inline void *efivmap_boot_map_buf(const struct efivmap_boot *b)
{
	return b->buf + b->plan.map_off;
}

/* ------------------------------------------------------------------ */
/* ExitBootServices                                                     */
/* ------------------------------------------------------------------ */

/**
 * struct efivmap_boot_exit_cfg - how efivmap_boot_exit() runs
 * @hook: optional. Called after every successful GetMemoryMap, right
 *	before the ExitBootServices call that uses its key, with the view
 *	of the map just read and the 0-based @attempt number. It therefore
 *	runs once per ExitBootServices attempt: up to @max_tries times, and
 *	exactly efivmap_boot.ebs_calls times (once more when it failed).
 *	It must not allocate, free or call any boot service, not even in
 *	the first run (that would change the map just read, and from the
 *	second run on UEFI forbids it): only in-place work, such as writing
 *	the final map address and sizes into an FDT whose room was made
 *	earlier. It must not modify the map. A negative return
 *	stops the sequence before that ExitBootServices call and is returned
 *	unchanged.
 * @hook_ctx: first argument of @hook
 * @max_tries: ExitBootServices attempts before giving up; 0 means
 *	EFIVMAP_BOOT_DEFAULT_TRIES
 * @findings: optional; what efivmap_mmap_init_ex() tolerated in the map
 *	(NULL: tolerated unheard; EFIVMAP_FINDINGS_STRICT: refused, as
 *	before the library tolerated anything). The sink hears every map
 *	read; the list and count are reset to their state at the call for
 *	each read, so they describe the last map read.
 */
struct efivmap_boot_exit_cfg {
	int (*hook)(void *hook_ctx, const struct efivmap_mmap *map,
		    unsigned int attempt);
	void *hook_ctx;
	unsigned int max_tries;
	struct efivmap_findings *findings;
};

/**
 * efivmap_boot_exit - read the final memory map and exit boot services
 * @b: initialised by efivmap_boot_init(), not yet exited
 * @cfg: optional (NULL: no hook, default tries)
 * @diag: optional; for -EFIVMAP_ERR_FIRMWARE, what names the call and
 *	addr holds its EFI status
 *
 * Loop: GetMemoryMap into the map part, validate it
 * (efivmap_mmap_init_ex(), tolerant unless @cfg->findings says strict,
 * without sorting: the map stays in firmware order and unchanged),
 * run the hook, call ExitBootServices with the key. EFI_INVALID_PARAMETER
 * (stale key) repeats the loop, up to @cfg->max_tries attempts. No memory
 * is allocated or freed from the first attempt on.
 *
 * On success EFIVMAP_BOOT_EXITED is set, @b->map is the final map and boot
 * services are gone. On failure check @b->state: without
 * EFIVMAP_BOOT_EBS_ATTEMPTED boot services are intact and the caller may
 * free the buffer, re-plan and start again; with it only GetMemoryMap and
 * ExitBootServices may still be called, so the only way on is to report
 * and stop.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @b NULL, not initialised, or already exited
 *	-EFIVMAP_ERR_NOSPACE: the map does not fit the map part before any
 *	ExitBootServices attempt; diag.addr and @b->map_needed give the map
 *	size the firmware asked for (re-plan with it)
 *	-EFIVMAP_ERR_MAP_GREW: the map outgrew the map part after an
 *	ExitBootServices attempt; @b->map_needed as above
 *	-EFIVMAP_ERR_RETRIES: ExitBootServices returned EFI_INVALID_PARAMETER
 *	on every attempt
 *	-EFIVMAP_ERR_FIRMWARE: GetMemoryMap or ExitBootServices failed with
 *	another status (diag.what names it, diag.addr holds it)
 *	-EFIVMAP_ERR_DESC_SIZE, -EFIVMAP_ERR_MAP_SIZE, -EFIVMAP_ERR_OVERFLOW,
 *	-EFIVMAP_ERR_ATTR: the firmware's map is invalid or unsafe to map
 *	(see efivmap_mmap_init_ex()); under
 *	EFIVMAP_FINDINGS_STRICT also -EFIVMAP_ERR_VERSION,
 *	-EFIVMAP_ERR_ZERO_PAGES, -EFIVMAP_ERR_ALIGN, -EFIVMAP_ERR_OVERLAP
 *	any negative value the hook returned
 */
int efivmap_boot_exit(struct efivmap_boot *b,
		      const struct efivmap_boot_exit_cfg *cfg,
		      struct efivmap_diag *diag);

/* ------------------------------------------------------------------ */
/* SetVirtualAddressMap                                                 */
/* ------------------------------------------------------------------ */

/* Values of struct efivmap_boot_svam_cfg.call. */
#define EFIVMAP_BOOT_SVAM_AUTO   0u /* ask efivmap_layout_mode() */
#define EFIVMAP_BOOT_SVAM_ALWAYS 1u /* call it whatever the policy says */
#define EFIVMAP_BOOT_SVAM_NEVER  2u /* assign VA = PA, do not call it */

/**
 * struct efivmap_boot_svam_cfg - layout and policy for efivmap_boot_svam()
 * @layout: the layout configuration for efivmap_layout_plan(); NULL means
 *	efivmap_layout_cfg_init()
 * @mode: inputs of the mode policy (efivmap_layout_mode()), used when
 *	@call is EFIVMAP_BOOT_SVAM_AUTO; NULL means all zero (no
 *	RT_PROPERTIES table, no quirks). A va_bits of 0 is taken from the
 *	layout configuration and a max_runtime_pa of 0 is computed from the
 *	map; @mode itself is never written.
 * @call: EFIVMAP_BOOT_SVAM_AUTO (ask efivmap_layout_mode()), _ALWAYS or
 *	_NEVER
 * @quirk_enter: optional, for firmware that dereferences the new virtual
 *	addresses during SetVirtualAddressMap (seen on AMD Seattle). Called
 *	right before the call, with the map whose runtime VAs are now
 *	assigned; it should install translation tables that map both 1:1
 *	and the new layout. A negative return cancels the call: the map's
 *	VirtualStart fields are restored and the value is returned.
 * @quirk_leave: optional; called right after the call, whatever it
 *	returned, when @quirk_enter succeeded (or is NULL); it restores the
 *	caller's own tables. It must not fail.
 * @quirk_ctx: first argument of both quirk hooks
 *
 * Neither hook is called when the call is skipped.
 */
struct efivmap_boot_svam_cfg {
	const struct efivmap_layout_cfg *layout;
	const struct efivmap_layout_mode_in *mode;
	unsigned int call;
	int (*quirk_enter)(void *quirk_ctx, const struct efivmap_mmap *map);
	void (*quirk_leave)(void *quirk_ctx, const struct efivmap_mmap *map,
			    efivmap_efi_status status);
	void *quirk_ctx;
};

/**
 * efivmap_boot_svam - plan the runtime layout and install it in firmware
 * @b: after a successful efivmap_boot_exit(), SVAM not yet attempted
 * @cfg: optional (NULL: default layout, policy decides with no
 *	RT_PROPERTIES table and no quirks)
 * @diag: optional; for -EFIVMAP_ERR_SVAM, addr holds the EFI status
 *
 * Steps: decide whether to call SetVirtualAddressMap (@cfg->call and the
 * mode policy); assign every runtime descriptor's VirtualStart in the map
 * part (efivmap_layout_plan(), or VA = PA when the call is skipped, as
 * Linux does then); copy the runtime descriptors, in map order, at the
 * firmware's stride, into the scratch part (@b->svam_map); call
 * @quirk_enter, SetVirtualAddressMap, @quirk_leave.
 *
 * When the call is skipped, EFIVMAP_BOOT_SVAM_SKIPPED is set and 0 is
 * returned: the firmware stays 1:1 and the map says so.
 *
 * When SetVirtualAddressMap fails there is no way back: every runtime
 * descriptor's VirtualStart in the map part becomes U64_MAX, Linux's sign
 * that runtime services are unavailable, EFIVMAP_BOOT_RT_DISABLED is set,
 * and -EFIVMAP_ERR_SVAM is returned. The map part is still a valid map to
 * hand on.
 *
 * Any other failure happens before the call, leaves VirtualStart as the
 * firmware reported it and may be retried with another @cfg.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @b NULL, not exited, SetVirtualAddressMap already
 *	attempted, a bad @cfg->call, a layout configuration
 *	efivmap_layout_plan() rejects, or mode inputs efivmap_layout_mode()
 *	rejects (va_bits, quirk bits)
 *	-EFIVMAP_ERR_WINDOW: the layout does not fit the window
 *	-EFIVMAP_ERR_VA_BITS: FLAT strategy and a PA beyond va_bits
 *	-EFIVMAP_ERR_ATTR: FLAT strategy and two runtime regions of one
 *	64 KiB frame with different memory types
 *	-EFIVMAP_ERR_SVAM: the call failed (diag.addr: EFI status)
 *	any negative value @quirk_enter returned
 */
int efivmap_boot_svam(struct efivmap_boot *b,
		      const struct efivmap_boot_svam_cfg *cfg,
		      struct efivmap_diag *diag);

/**
 * efivmap_boot_run - efivmap_boot_exit() then efivmap_boot_svam()
 * @b: as for efivmap_boot_exit()
 * @exit_cfg: optional
 * @svam_cfg: optional
 * @diag: optional
 *
 * For stubs that need not print between the steps; @b->state tells which
 * step failed.
 *
 * returns: 0, or any error of efivmap_boot_exit() or efivmap_boot_svam().
 */
int efivmap_boot_run(struct efivmap_boot *b,
		     const struct efivmap_boot_exit_cfg *exit_cfg,
		     const struct efivmap_boot_svam_cfg *svam_cfg,
		     struct efivmap_diag *diag);

/* ------------------------------------------------------------------ */
/* efi_to_phys                                                          */
/* ------------------------------------------------------------------ */

/**
 * efivmap_efi_to_phys - translate a post-SVAM virtual address to physical
 * @map: the map with the runtime VAs installed (e.g. from the FDT)
 * @va: a virtual address the firmware handed out after SVAM
 *
 * Searches the runtime descriptors in map order. A runtime descriptor
 * without a VA (VirtualStart 0, or U64_MAX after a failed SVAM) ends the
 * search, because then no translation was installed and the firmware's
 * pointers are still physical.
 *
 * returns: the physical address, or @va unchanged when no runtime region
 * contains it.
 */
uint64_t efivmap_efi_to_phys(const struct efivmap_mmap *map, uint64_t va);

/**
 * efivmap_efi_fw_vendor_phys - physical address of the firmware vendor
 * string
 * @map: as for efivmap_efi_to_phys()
 * @st: the EFI system table (read, never written)
 *
 * returns: efivmap_efi_to_phys() of st->fw_vendor; 0 when @st is NULL.
 */
uint64_t efivmap_efi_fw_vendor_phys(const struct efivmap_mmap *map,
				    const struct efivmap_efi_system_table *st);

/**
 * efivmap_efi_tables_phys - physical address of the configuration tables
 * @map: as for efivmap_efi_to_phys()
 * @st: the EFI system table (read, never written)
 *
 * returns: efivmap_efi_to_phys() of st->tables (st->nr_tables entries);
 * 0 when @st is NULL.
 */
uint64_t efivmap_efi_tables_phys(const struct efivmap_mmap *map,
				 const struct efivmap_efi_system_table *st);

/* ------------------------------------------------------------------ */
/* Aligned allocation                                                   */
/* ------------------------------------------------------------------ */

/**
 * struct efivmap_alloc - an aligned block and what the firmware still holds
 * @phys: start of the block, aligned as asked
 * @pages: 4 KiB pages of the block
 * @held_phys: start of the pages still allocated from the firmware
 * @held_pages: how many
 *
 * Normally [held_phys, +held_pages) is the block itself. When freeing the
 * unused head or tail of the over-allocation failed, those pages stay
 * allocated (EfiLoaderData, which the OS reclaims) and the held range
 * includes them; efivmap_free_aligned() frees all of it.
 */
struct efivmap_alloc {
	uint64_t phys;
	uint64_t pages;
	uint64_t held_phys;
	uint64_t held_pages;
};

/**
 * efivmap_alloc_aligned - allocate pages aligned beyond 4 KiB
 * @ops: the firmware (@allocate_pages, @free_pages); boot services only
 * @size: bytes wanted, rounded up to whole pages
 * @align: alignment: a power of two of at least 4 KiB; 0 means
 *	EFIVMAP_ALLOC_ALIGN (64 KiB)
 * @out: filled on success, untouched on failure
 * @diag: optional; for -EFIVMAP_ERR_FIRMWARE, addr holds the EFI status
 *
 * Allocates @size plus @align - 4 KiB, then frees the head below the
 * aligned start and the tail beyond the block. A failed free does not
 * fail the call: the block is good, and @out->held_* records the extra
 * pages still allocated.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @ops or a needed op or @out is NULL, @size is 0,
 *	@align is not a power of two of at least 4 KiB, or the page count
 *	overflows
 *	-EFIVMAP_ERR_FIRMWARE: AllocatePages failed, or returned an address
 *	that is not 4 KiB aligned or wraps (freed again before returning)
 */
int efivmap_alloc_aligned(const struct efivmap_fw_ops *ops, size_t size,
			  uint64_t align, struct efivmap_alloc *out,
			  struct efivmap_diag *diag);

/**
 * efivmap_free_aligned - free what efivmap_alloc_aligned() holds
 * @ops: the firmware (@free_pages); boot services only
 * @a: from efivmap_alloc_aligned()
 * @diag: optional; for -EFIVMAP_ERR_FIRMWARE, addr holds the EFI status
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: a NULL argument
 *	-EFIVMAP_ERR_FIRMWARE: FreePages failed; the pages stay allocated
 */
int efivmap_free_aligned(const struct efivmap_fw_ops *ops,
			 const struct efivmap_alloc *a,
			 struct efivmap_diag *diag);

#endif /* EFIVMAP_BOOT_H */
