/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The virtual layout of the EFI_MEMORY_RUNTIME regions.
 *
 * SetVirtualAddressMap can be called once per boot, so the layout chosen
 * here is the one every later kernel and kexec loader must map. Three
 * strategies assign VirtualStart; the mode policy decides whether to call
 * SetVirtualAddressMap at all; and a check validates an assignment handed
 * over by an earlier stage.
 *
 * Rules every strategy keeps:
 *  - VA == PA modulo 64 KiB for every region, so 4K, 16K and 64K kernels
 *    can map the same layout and kexec between page sizes.
 *  - Only runtime descriptors are written; the others are left untouched
 *    (firmware hands them out with VirtualStart 0, U-Boot with PA).
 *  - Overflowing the window or the VA size is an error, never a wrap.
 *  - A failing call writes nothing: the plan is computed in full first.
 *  - The result depends only on the input: byte-identical on every host.
 *
 * Regions sharing a 64 KiB physical frame (U-Boot allocates runtime data
 * in single 4 KiB pages next to boot memory; AMI firmware puts runtime
 * code and data in one frame) keep one VA - PA difference under OPTIMAL
 * and FLAT, so the frame is mapped once, at one VA, and a 64K kernel gives
 * that one page the union of the permissions its regions need (what Linux
 * does for misaligned regions). LINUX, like Linux's stub, gives each
 * region its own 64 KiB VA page instead, so such a frame appears at two
 * VAs, each with one region's permissions. Permissions can be joined in
 * one page, memory types cannot: regions of one frame that get different
 * types (write-back, non-cacheable for memory without EFI_MEMORY_WB, or
 * device) get separate VA frames under OPTIMAL too, and FLAT, which
 * cannot separate them, refuses the map. Either way no 64 KiB VA page
 * ever needs two different translations or two memory types, which
 * efivmap_layout_check() enforces.
 */
#ifndef EFIVMAP_LAYOUT_H
#define EFIVMAP_LAYOUT_H

#include "efi.h"
#include "error.h"
#include "mmap.h"

enum efivmap_layout_strategy {
	/*
	 * Fewest translation-table pages and TLB entries for 4K, 16K and
	 * 64K kernels (see efivmap_layout_plan()). The default.
	 */
	EFIVMAP_LAYOUT_OPTIMAL = 0,
	/* Byte-exact with Linux's arm64 stub (efi_get_virtmap). */
	EFIVMAP_LAYOUT_LINUX = 1,
	/* VA = PA, what Linux uses when it skips SetVirtualAddressMap. */
	EFIVMAP_LAYOUT_FLAT = 2,
};

/*
 * Linux's EFI_RT_VIRTUAL_BASE: 512 MiB, low in the TTBR0 half, far from
 * anything user space maps early, and 2 MiB aligned.
 */
#define EFIVMAP_LAYOUT_BASE    UINT64_C(0x20000000)
/* The default window end: a 39-bit VA kernel (3 levels of 4K) can map it. */
#define EFIVMAP_LAYOUT_LIMIT   (UINT64_C(1) << 39)
/* The default VA size of the consumer: the common arm64 configuration. */
#define EFIVMAP_LAYOUT_VA_BITS 48u
#define EFIVMAP_LAYOUT_VA_BITS_MIN 32u
#define EFIVMAP_LAYOUT_VA_BITS_MAX 52u

/*
 * How to lay out. Fill with efivmap_layout_cfg_init() and change fields;
 * a NULL cfg means the defaults.
 *
 * The window is [base, limit) clipped to [0, 2^va_bits); base and limit
 * must be 64 KiB aligned, and base not 0 (a VirtualStart of 0 reads as
 * "never assigned"). FLAT ignores base, limit and the seed (they
 * must still be valid): its window is [0, 2^va_bits).
 */
struct efivmap_layout_cfg {
	uint32_t strategy;      /* enum efivmap_layout_strategy */
	uint32_t va_bits;       /* VA size of the kernel that maps the layout */
	uint64_t base;          /* first VA the window may use */
	uint64_t limit;         /* end of the window (exclusive) */
	uint64_t seed;          /* randomness for the window start */
	bool randomize;         /* place the layout at a seed-chosen offset */
};

/**
 * efivmap_layout_cfg_init - the default configuration
 * @cfg: filled with OPTIMAL, va_bits 48, window [0x20000000, 2^39), no
 *	randomization
 */
void efivmap_layout_cfg_init(struct efivmap_layout_cfg *cfg);

/**
 * efivmap_layout_strategy_name - "optimal", "linux" or "flat"
 * @strategy: enum efivmap_layout_strategy
 *
 * returns: a static string; "unknown" for other values.
 */
const char *efivmap_layout_strategy_name(uint32_t strategy);

/**
 * efivmap_layout_plan - assign VirtualStart to every runtime descriptor
 * @map: a validated view (efivmap_mmap_init()); VirtualStart of its
 *	runtime descriptors is written, nothing else
 * @cfg: the configuration; NULL for the defaults
 * @diag: optional; names the descriptor that did not fit
 *
 * LINUX walks the map in firmware order exactly as Linux's arm64 stub
 * does: the window start is the cursor; each region's PA is rounded down
 * to 64 KiB (the head joins the region); the cursor is rounded up to
 * 2 MiB when the region is 2 MiB aligned and at least 2 MiB long, else to
 * 64 KiB; VA = PA + (cursor - rounded PA); the cursor moves past the
 * region. Firmware order matters: do not sort the map first.
 *
 * OPTIMAL works in PA order:
 *  1. Runtime regions whose 64 KiB frames overlap or touch form a
 *     cluster. A cluster has one VA - PA difference, so a shared frame is
 *     mapped once and neighbours keep their relative placement. A region
 *     sharing a frame with one of another memory type (see above) starts
 *     a new cluster, so the two never share a VA page.
 *  2. A cluster's alignment is the largest block or contiguous span one
 *     of its runs can use: 16 GiB, 1 GiB, 512 MiB, 32 MiB or 2 MiB when
 *     the run fully covers such an aligned chunk, else 64 KiB. A run is a
 *     region, or neighbours with the same table attributes, which the
 *     table builder maps as one. VA == PA
 *     modulo that alignment, so every block a 1:1 mapping could use for a
 *     region stays usable (4K: 2 MiB and 1 GiB blocks; 16K: 32 MiB; 64K:
 *     512 MiB; and the contiguous runs of each).
 *  3. Clusters are taken in ascending PA order. A large one (2 MiB
 *     alignment or more) goes at the lowest VA at or above the cursor
 *     that keeps its alignment, and the cursor moves past it. A small one
 *     (64 KiB) first takes the lowest free range it fits in a 2 MiB
 *     window that already holds pages (left by a large cluster's
 *     alignment: it costs no table at any granule), else goes at the
 *     cursor too. Small clusters thus share last-level tables, as they do
 *     under LINUX, and blocks keep their alignment, as under FLAT. Up to
 *     4 free ranges are remembered; filling only happens on maps where
 *     descriptors x runtime descriptors <= 4096 (every real map seen),
 *     because it puts VAs out of PA order and whoever needs them in VA
 *     order (table sizing, efivmap_layout_check()) then scans the map once
 *     per region.
 *  4. Before writing, both this packing and LINUX's layout are costed in
 *     table pages for 4K, 16K and 64K granules at @cfg->va_bits, the way
 *     efivmap_pt_tables_needed() counts them without a MAT: neighbours
 *     the builder joins are one run, and blocks follow the policy. The
 *     packing is costed under our policy (efivmap_pt_policy(), any region
 *     may use blocks), LINUX's under ours and under Linux's own
 *     (EFIVMAP_PT_CFG_LINUX: runtime code and data page-mapped). If the
 *     packing needs more than either for any granule, or does not fit
 *     the window while LINUX's does, OPTIMAL places exactly like LINUX.
 *     This has never happened on a real map; the padding that 2 MiB and
 *     larger alignments cost can cause it on contrived ones.
 * Guarantees, for tables built here (same va_bits, no MAT): never more
 * table pages than LINUX's layout, both under our policy, nor than
 * LINUX's under Linux's policy except where the two policies give a run
 * different memory types; and never more TLB entries (every block
 * LINUX's layout can use, the packing can use too). Mapped with Linux's
 * policy, the packing may need a table more than LINUX's: that policy
 * page-maps code and data, so block alignment buys it nothing there
 * while its padding can cross a table boundary. On maps too large to
 * fill, VirtualStart ascends with PhysicalStart: for runtime descriptors
 * a and b, a.PhysicalStart < b.PhysicalStart implies a.VirtualStart <
 * b.VirtualStart, so a table sizer walking a PA-sorted map sees
 * ascending VAs in one pass. (After
 * the LINUX fallback VAs ascend in map order instead, which is PA order
 * on a sorted map.) The packing depends only on the set of regions, not
 * on their order in the map; the fallback decision may.
 * Cost: a few linear passes on a PA-sorted map, or on a map made of up to
 * 4 ascending runs of PhysicalStart (EDK2 appends MMIO: 2 runs); beyond
 * that O(n * runtime descriptors). Sort a large, badly unsorted map first
 * (efivmap_mmap_sort()). No memory beyond a few hundred bytes of stack.
 *
 * FLAT sets VA = PA, after checking that no 64 KiB frame holds runtime
 * regions of two memory types (it could not separate them): O(n) on a
 * PA-sorted map, else O(runtime descriptors^2).
 *
 * With @cfg->randomize, LINUX and OPTIMAL first plan at the window start,
 * then shift the whole layout up by a seed-chosen multiple of 2 MiB (of
 * the largest cluster alignment, for OPTIMAL, when that is larger) that
 * keeps it inside the window: slots = headroom / unit + 1, offset =
 * unit * ((slots * s) >> 32) where s folds the 64-bit seed to 32 bits.
 * The same seed always gives the same layout.
 *
 * Maps that efivmap_mmap_init_ex() tolerated: a PhysicalStart inside its
 * first 4 KiB page keeps its offset (VA == PA modulo 64 KiB in every
 * strategy). An empty runtime descriptor (0 pages) gets a VirtualStart,
 * as Linux gives one, but no room: LINUX places it as efi_get_virtmap()
 * does (its head within the 64 KiB frame is all it takes), OPTIMAL at the
 * window start with the PA's offset in its frame, FLAT at its PA. Only
 * VirtualStart is written.
 *
 * returns: the number of runtime descriptors (0 for a map without any:
 * an empty, valid layout), or
 *	-EFIVMAP_ERR_INVAL: @map is NULL, or @cfg has an unknown strategy,
 *	  va_bits outside 32..52, base or limit not 64 KiB aligned,
 *	  base >= limit, or base 0 (except for FLAT)
 *	-EFIVMAP_ERR_WINDOW: LINUX or OPTIMAL ran past the window end or
 *	  2^va_bits (diag names the first descriptor that did not fit)
 *	-EFIVMAP_ERR_VA_BITS: FLAT, and a region ends above 2^va_bits
 *	  (diag names it)
 *	-EFIVMAP_ERR_ATTR: FLAT, and two runtime regions in one 64 KiB
 *	  frame get different memory types (diag names the later one in
 *	  map order, addr its PhysicalStart)
 */
int efivmap_layout_plan(struct efivmap_mmap *map,
			const struct efivmap_layout_cfg *cfg,
			struct efivmap_diag *diag);

/**
 * efivmap_layout_check - validate VirtualStart values handed over
 * @map: a validated view, typically the map from FDT /chosen
 * @cfg: the window to enforce: [base, limit) and va_bits, or for FLAT
 *	[0, 2^va_bits); NULL for the defaults. A loader that does not know
 *	how the layout was planned passes FLAT and its kernel's va_bits,
 *	which accepts any placement that kernel can map.
 * @diag: optional; names the first descriptor (firmware order) at fault
 *
 * Only runtime descriptors are looked at. A loader must trust nothing it
 * is handed: this is what it runs before building tables from the map.
 * Two regions may share a 64 KiB VA page only with the same VA - PA
 * difference (the page then maps one frame) and the same memory type
 * (efivmap_pt_policy() without the LINUX flag: write-back, non-cacheable
 * or device); otherwise even one shared page is refused, because a 64K
 * kernel could not map it.
 * Per-descriptor problems are reported before overlaps. An empty runtime
 * descriptor maps nothing: only U64_MAX and 0 are looked at in its
 * VirtualStart, and it shares no page.
 * Cost: O(n) when VAs ascend in map order (always after LINUX; after
 * FLAT, and OPTIMAL on a map too large to fill, on a PA-sorted map), else
 * O(runtime descriptors^2).
 *
 * returns: the number of runtime descriptors, or
 *	-EFIVMAP_ERR_INVAL: @map is NULL or @cfg is invalid (see plan)
 *	-EFIVMAP_ERR_RT_UNAVAILABLE: a VirtualStart is U64_MAX, Linux's
 *	  mark of a failed SetVirtualAddressMap: runtime services unavailable
 *	-EFIVMAP_ERR_NO_VA: a VirtualStart is 0 although PhysicalStart is not
 *	-EFIVMAP_ERR_VA_MISMATCH: VA and PA differ modulo 64 KiB
 *	-EFIVMAP_ERR_VA_BITS: the region ends above 2^va_bits or past 2^64
 *	-EFIVMAP_ERR_WINDOW: the region lies outside the window
 *	-EFIVMAP_ERR_VA_OVERLAP: two regions with different VA - PA share a
 *	  64 KiB VA page (diag names the later one, addr its VA)
 *	-EFIVMAP_ERR_ATTR: two regions with different memory types share a
 *	  64 KiB VA page: unsafe (diag names the later one, addr its VA)
 */
int efivmap_layout_check(const struct efivmap_mmap *map,
			 const struct efivmap_layout_cfg *cfg,
			 struct efivmap_diag *diag);

/*
 * Mode policy: whether to call SetVirtualAddressMap at all.
 *
 * Linux's arm64 stub skips it (efi_novamap) when the firmware's
 * RT_PROPERTIES table does not list it, and when the kernel has 48 or more
 * VA bits, because then every PA fits the TTBR0 half 1:1, unless the
 * platform needs it anyway. Skipping means the map is handed on with
 * VA = PA (plan with FLAT).
 */
#define EFIVMAP_LAYOUT_MODE_NO_SVAM 0
#define EFIVMAP_LAYOUT_MODE_SVAM    1

/* Firmware that crashes in runtime services unless SVAM was called, even
 * with 48-bit VA: Ampere eMAG, Altra and Altra Max (SetTime). */
#define EFIVMAP_QUIRK_FORCE_SVAM 0x1u
/* Never call SVAM: the user asked (Linux's efi=novamap). Wins over
 * EFIVMAP_QUIRK_FORCE_SVAM, as in Linux. */
#define EFIVMAP_QUIRK_NO_SVAM    0x2u
#define EFIVMAP_QUIRK_ALL        (EFIVMAP_QUIRK_FORCE_SVAM | \
				  EFIVMAP_QUIRK_NO_SVAM)

/* Why efivmap_layout_mode() decided as it did. */
enum efivmap_layout_mode_reason {
	/* SVAM: the kernel's VA size is below 48 bits; PAs may not fit 1:1. */
	EFIVMAP_MODE_VA_SMALL = 0,
	/* SVAM: 48+ VA bits, but EFIVMAP_QUIRK_FORCE_SVAM is set. */
	EFIVMAP_MODE_QUIRK_SVAM,
	/* SVAM: 48+ VA bits, but a runtime region ends above 2^va_bits. */
	EFIVMAP_MODE_PA_HIGH,
	/* No SVAM: the caller set EFIVMAP_QUIRK_NO_SVAM. */
	EFIVMAP_MODE_QUIRK_NO_SVAM,
	/* No SVAM: RT_PROPERTIES lacks the SetVirtualAddressMap bit. */
	EFIVMAP_MODE_RT_PROPERTIES,
	/* No SVAM: 48+ VA bits map every runtime region 1:1. */
	EFIVMAP_MODE_VA_LARGE,
	EFIVMAP_MODE_REASON_MAX
};

/*
 * What the mode policy looks at. Zero-initialise, then fill what is known.
 */
struct efivmap_layout_mode_in {
	uint32_t va_bits;         /* VA size of the kernel calling services */
	bool have_rt_properties;  /* EFI_RT_PROPERTIES_TABLE is installed */
	uint32_t rt_supported;    /* its RuntimeServicesSupported mask */
	uint32_t quirks;          /* EFIVMAP_QUIRK_* */
	uint64_t max_runtime_pa;  /* end of the highest runtime region, or 0 */
};

/**
 * efivmap_layout_mode - decide whether to call SetVirtualAddressMap
 * @in: the inputs
 * @reason: optional; why
 *
 * Precedence: EFIVMAP_QUIRK_NO_SVAM, then RT_PROPERTIES (a table without
 * the SetVirtualAddressMap bit means no call, as the specification
 * intends), then the VA size: below 48 bits call it; at 48 and more skip
 * it unless EFIVMAP_QUIRK_FORCE_SVAM is set or @in->max_runtime_pa says a
 * region would not fit 1:1 (Linux assumes it always fits).
 *
 * returns: EFIVMAP_LAYOUT_MODE_SVAM or EFIVMAP_LAYOUT_MODE_NO_SVAM, or
 *	-EFIVMAP_ERR_INVAL: @in NULL, va_bits outside 32..52, or unknown
 *	quirk bits
 */
int efivmap_layout_mode(const struct efivmap_layout_mode_in *in,
			enum efivmap_layout_mode_reason *reason);

/**
 * efivmap_layout_mode_reason - a mode reason as a short phrase
 * @reason: enum efivmap_layout_mode_reason
 *
 * returns: a static string, e.g. "RT_PROPERTIES does not list
 * SetVirtualAddressMap"; "unknown" for other values.
 */
const char *efivmap_layout_mode_reason(uint32_t reason);

#endif /* EFIVMAP_LAYOUT_H */
