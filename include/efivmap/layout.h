/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Virtual layout planning: choose VirtualStart for every EFI_MEMORY_RUNTIME
 * descriptor, decide whether to call SetVirtualAddressMap at all, and check
 * a layout handed over by a previous stage.
 *
 * Rules every strategy keeps:
 *  - VA == PA (mod 64 KiB), so 4K, 16K and 64K kernels can all map the
 *    layout and kexec into each other;
 *  - every VA lies inside [window base, window limit) and below 2^va_bits;
 *    running out of window is an error, never a wrap;
 *  - non-runtime descriptors are left alone (VirtualStart untouched);
 *  - the same input gives the same output on every host.
 */
#ifndef EFIVMAP_LAYOUT_H
#define EFIVMAP_LAYOUT_H

#include "mmap.h"

enum efivmap_layout_strategy {
	/* Fewest table pages and TLB entries (the default). */
	EFIVMAP_LAYOUT_OPTIMAL = 0,
	/* Byte-exact with Linux's arm64 efi_get_virtmap(). */
	EFIVMAP_LAYOUT_LINUX = 1,
	/* VA == PA. */
	EFIVMAP_LAYOUT_FLAT = 2,
};

/*
 * Linux's choice of base: inside the TTBR0 (user) half and low enough for
 * 39-bit VA kernels. On QEMU virt it overlaps the PCIe MMIO window in the
 * *physical* map, which is harmless because these are private tables, not
 * an identity map.
 */
#define EFIVMAP_LAYOUT_DEFAULT_BASE  UINT64_C(0x20000000)
/* Fits 39-bit VA kernels, the smallest arm64 Linux configuration in use. */
#define EFIVMAP_LAYOUT_DEFAULT_LIMIT (UINT64_C(1) << 39)

struct efivmap_layout_cfg {
	uint32_t strategy;      /* enum efivmap_layout_strategy */
	uint32_t va_bits;       /* OS VA size for TTBR0, 36..52 */
	uint64_t base;          /* window start (LINUX, OPTIMAL) */
	uint64_t limit;         /* window end, exclusive */
	bool randomize;         /* place the window using @seed */
	uint64_t seed;          /* e.g. from EFI_RNG_PROTOCOL */
};

/* Defaults: OPTIMAL, 48-bit VA, [0x20000000, 1 << 39), no randomization. */
void efivmap_layout_cfg_default(struct efivmap_layout_cfg *cfg);

/**
 * efivmap_layout_plan - assign VirtualStart to every runtime descriptor
 * @map: the memory map; runtime descriptors' VirtualStart is written
 * @cfg: strategy and window
 * @diag: optional; names the descriptor that did not fit
 *
 * On failure no descriptor is modified.
 *
 * returns: the number of runtime descriptors (>= 0), or
 *	-EFIVMAP_ERR_INVAL: NULL argument, unknown strategy, bad window or
 *		va_bits
 *	-EFIVMAP_ERR_WINDOW: the layout does not fit [base, limit)
 *	-EFIVMAP_ERR_VA_BITS: FLAT only; a PA does not fit va_bits
 */
int efivmap_layout_plan(struct efivmap_mmap *map,
			const struct efivmap_layout_cfg *cfg,
			struct efivmap_diag *diag);

/**
 * efivmap_layout_check - validate a layout a previous stage handed over
 * @map: a post-SetVirtualAddressMap map
 * @cfg: the window and va_bits the consumer can map (strategy ignored)
 * @diag: optional; names the descriptor and the reason
 *
 * Trusts nothing: every runtime descriptor must have a VA, congruent to its
 * PA modulo 64 KiB, inside the window and va_bits, and no two different
 * physical ranges may overlap in VA.
 *
 * returns: the number of runtime descriptors, or
 *	-EFIVMAP_ERR_INVAL: NULL argument or bad cfg
 *	-EFIVMAP_ERR_RT_UNAVAILABLE: VirtualStart is U64_MAX (SVAM failed;
 *		runtime services are unavailable)
 *	-EFIVMAP_ERR_NO_VA: a runtime descriptor has VirtualStart 0 (never
 *		assigned)
 *	-EFIVMAP_ERR_VA_MISMATCH: VA not congruent to PA modulo 64 KiB
 *	-EFIVMAP_ERR_WINDOW: VA range outside [base, limit)
 *	-EFIVMAP_ERR_VA_BITS: VA range beyond va_bits
 *	-EFIVMAP_ERR_OVERFLOW: VA + size wraps
 *	-EFIVMAP_ERR_VA_OVERLAP: two different physical ranges share VAs
 */
int efivmap_layout_check(const struct efivmap_mmap *map,
			 const struct efivmap_layout_cfg *cfg,
			 struct efivmap_diag *diag);

/* Why efivmap_layout_mode() decided as it did. */
enum efivmap_layout_mode_reason {
	EFIVMAP_MODE_SVAM_DEFAULT = 0,   /* VA size too small for VA == PA */
	EFIVMAP_MODE_SVAM_QUIRK,         /* firmware needs SVAM regardless */
	EFIVMAP_MODE_SKIP_RT_PROPERTIES, /* RT_PROPERTIES lacks the SVAM bit */
	EFIVMAP_MODE_SKIP_FLAT_FITS,     /* VA == PA fits; no SVAM needed */
};

/* Quirk flags for efivmap_layout_mode(). */
#define EFIVMAP_QUIRK_FORCE_SVAM 0x1u  /* e.g. Ampere eMAG/Altra */

struct efivmap_layout_mode_in {
	uint32_t va_bits;                /* OS VA size */
	bool have_rt_properties;         /* RT_PROPERTIES table present */
	uint32_t rt_supported;           /* its RuntimeServicesSupported */
	uint32_t quirks;                 /* EFIVMAP_QUIRK_* */
	uint64_t max_runtime_pa;         /* highest runtime byte + 1, or 0 */
};

/**
 * efivmap_layout_mode - decide whether to call SetVirtualAddressMap
 * @in: what the caller knows about the OS and the firmware
 * @reason: optional; why
 *
 * returns: true when SVAM should be called.
 */
bool efivmap_layout_mode(const struct efivmap_layout_mode_in *in,
			 enum efivmap_layout_mode_reason *reason);

/* A human-readable reason for a mode decision. */
const char *efivmap_layout_mode_reason_str(enum efivmap_layout_mode_reason r);

/* The strategy's name ("optimal", "linux", "flat"), or NULL. */
const char *efivmap_layout_strategy_name(uint32_t strategy);

#endif /* EFIVMAP_LAYOUT_H */
