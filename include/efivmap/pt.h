/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * AArch64 stage-1 translation tables for the TTBR0 half, in pure C.
 *
 * The tables hold private, ASID-tagged (nG) mappings through which a boot
 * stub, kernel or kexec loader calls UEFI runtime services at the virtual
 * addresses it gave SetVirtualAddressMap. Nothing here touches a system
 * register: the values to program are returned (efivmap_pt_ttbr0/tcr/mair)
 * and the few instructions live in efivmap/arch.h.
 *
 * Typical use:
 *
 *	EFIVMAP_PT_POOL(pool, EFIVMAP_PT_GRANULE_4K, 16);
 *	struct efivmap_pt_config cfg;
 *	struct efivmap_pt pt;
 *	struct efivmap_pt_input in = { .map = &map, .mat = &mat };
 *
 *	efivmap_pt_config_init(&cfg, EFIVMAP_PT_GRANULE_4K, 44, 40, 0);
 *	efivmap_pt_tables_needed(&cfg, &in, &n, &diag);   // optional
 *	efivmap_pt_init_pool(&pt, &cfg, pool, sizeof(pool),
 *			     (uintptr_t)pool, &diag);
 *	efivmap_pt_build(&pt, &in, &diag);
 *	efivmap_pt_verify(&pt, &in, &diag);
 *	ttbr0 = efivmap_pt_ttbr0(&pt, 0);
 *
 * Every leaf has AF set and is never accessible from EL0: at EL1&0 and
 * EL2&0 it is nG with AP[1] = 0 and UXN; at EL2 (one VA range, no EL0)
 * AP[1] is RES1 and bit 54 is XN (see EFIVMAP_PT_REGIME_*). Tables are written with plain stores;
 * install them with efivmap_arch_switch_ttbr0() (or, for tables whose
 * TCR/MAIR differ from the live ones, efivmap_arch_call_with_regs()),
 * which order the stores before the walker can see them. Never modify
 * tables that are live.
 *
 * Levels are numbered as in the Arm ARM: 0..3, with 3 the page level.
 */
#ifndef EFIVMAP_PT_H
#define EFIVMAP_PT_H

#include "env.h"
#include "efi.h"
#include "error.h"
#include "mmap.h"

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

/* Translation granules, in bytes (TCR_EL1.TG0 is derived from them). */
#define EFIVMAP_PT_GRANULE_4K  0x1000u
#define EFIVMAP_PT_GRANULE_16K 0x4000u
#define EFIVMAP_PT_GRANULE_64K 0x10000u

/* Virtual address size of the TTBR0 half (T0SZ = 64 - va_bits). */
#define EFIVMAP_PT_VA_BITS_MIN 36u
#define EFIVMAP_PT_VA_BITS_MAX 48u
/* Physical address size; rounded up to an ID_AA64MMFR0 PARange step. */
#define EFIVMAP_PT_PA_BITS_MIN 32u
#define EFIVMAP_PT_PA_BITS_MAX 48u

/*
 * Configuration flags.
 *
 * NO_CONTIG: never set the contiguous hint. TF-A's xlat_tables_v2 leaves
 * it out: a CPU may hold both a contiguous TLB entry and a single-entry
 * one for the same address when entries change, which is a TLB conflict
 * abort or, with some errata (e.g. Cortex-A57 erratum 1), wrong
 * translations. The tables built here are never changed while live, so the
 * hint is safe by default; this flag is for callers that patch live tables
 * or distrust their CPU.
 *
 * LINUX: reproduce Linux's arm64 efi_create_mapping(): Runtime Code and
 * Runtime Data (and every region not aligned to the granule) are mapped
 * with pages only, no contiguous hint anywhere, and every non-MMIO region
 * is Normal write-back whatever its cacheability bits say. Permissions
 * still follow efivmap_pt_policy() and the MAT. Meant for comparison
 * (benchmarks) and for callers that want exactly what a kernel does.
 *
 * BTI: the CPU implements FEAT_BTI. Only then are executable pages of a
 * version 2 MAT with EFIVMAP_EFI_MAT_FLAG_RT_FORWARD_CFG marked guarded
 * (GP); without FEAT_BTI that descriptor bit is RES0.
 */
#define EFIVMAP_PT_CFG_NO_CONTIG 0x1u
#define EFIVMAP_PT_CFG_LINUX     0x2u
#define EFIVMAP_PT_CFG_BTI       0x4u
#define EFIVMAP_PT_CFG_ALL \
	(EFIVMAP_PT_CFG_NO_CONTIG | EFIVMAP_PT_CFG_LINUX | EFIVMAP_PT_CFG_BTI)

/*
 * Translation regimes (struct efivmap_pt_config.regime). They differ in
 * the registers that hold the tables' shape and in what some descriptor
 * bits mean (Arm ARM, VMSAv8-64, stage 1 descriptors and TCR_ELx):
 *  EL10: EL1&0: TTBR0_EL1, TCR_EL1, MAIR_EL1. Two VA ranges and ASIDs:
 *	leaves are nG, AP[1] = 0 (no EL0 access), UXN, and PXN unless
 *	executable.
 *  EL2: EL2 with HCR_EL2.E2H = 0: TTBR0_EL2, TCR_EL2, MAIR_EL2. One VA
 *	range, no ASIDs, no EL0: nG is RES0 (left clear), AP[1] is RES1
 *	(set), bit 54 is XN (set unless executable) and bit 53 is RES0.
 *	TCR_EL2 has its own layout: PS at [18:16], no EPD0, bits 23 and 31
 *	RES1; TTBR0_EL2 has no ASID.
 *  EL20: EL2&0 with E2H = 1 (VHE): the _EL2 registers, TCR_EL2 in
 *	TCR_EL1's layout, descriptors as at EL1&0.
 */
#define EFIVMAP_PT_REGIME_EL10 0u
#define EFIVMAP_PT_REGIME_EL2  1u
#define EFIVMAP_PT_REGIME_EL20 2u
#define EFIVMAP_PT_REGIME_COUNT 3u

/*
 * Memory types. Each is reached through a MAIR_EL1 attribute index chosen
 * in struct efivmap_pt_config (mair_idx).
 */
#define EFIVMAP_PT_MT_DEVICE_NGNRNE 0u  /* MAIR 0x00 */
#define EFIVMAP_PT_MT_DEVICE_NGNRE  1u  /* MAIR 0x04 */
#define EFIVMAP_PT_MT_NORMAL_NC     2u  /* MAIR 0x44 */
#define EFIVMAP_PT_MT_NORMAL_WT     3u  /* MAIR 0xbb */
#define EFIVMAP_PT_MT_NORMAL_WB     4u  /* MAIR 0xff */
#define EFIVMAP_PT_MT_COUNT         5u

/*
 * Mapping attributes: a memory type in the low bits plus permissions.
 * Everything mapped is readable at EL1 and inaccessible at EL0.
 */
#define EFIVMAP_PT_ATTR_MT_MASK 0x7u
#define EFIVMAP_PT_ATTR_W       0x8u   /* writable at EL1 */
#define EFIVMAP_PT_ATTR_X       0x10u  /* executable at EL1 (PXN clear) */
#define EFIVMAP_PT_ATTR_GP      0x20u  /* BTI guarded page (needs X) */
#define EFIVMAP_PT_ATTR_MASK    0x3fu

/* Common combinations. */
#define EFIVMAP_PT_RAM_RWX \
	(EFIVMAP_PT_MT_NORMAL_WB | EFIVMAP_PT_ATTR_W | EFIVMAP_PT_ATTR_X)
#define EFIVMAP_PT_RAM_RW  (EFIVMAP_PT_MT_NORMAL_WB | EFIVMAP_PT_ATTR_W)
#define EFIVMAP_PT_RAM_RX  (EFIVMAP_PT_MT_NORMAL_WB | EFIVMAP_PT_ATTR_X)
#define EFIVMAP_PT_RAM_RO  (EFIVMAP_PT_MT_NORMAL_WB)
#define EFIVMAP_PT_DEVICE_RW (EFIVMAP_PT_MT_DEVICE_NGNRE | EFIVMAP_PT_ATTR_W)

/*
 * The default MAIR_EL1 value. Its indices 0..3 equal EDK2's ArmVirtQemu
 * MAIR (0xFFBB4400: 0x00, 0x44, 0xbb, 0xff), and Device-nGnRE is added at
 * index 4, so tables built with the defaults also work under EDK2's own
 * MAIR except that Device-nGnRE regions would then read index 4 as
 * 0x00 (Device-nGnRnE): still device memory, only stricter. To be exact
 * under a firmware MAIR, call efivmap_pt_config_set_mair().
 */
#define EFIVMAP_PT_MAIR_DEFAULT UINT64_C(0x04FFBB4400)

struct efivmap_pt_config {
	uint32_t granule;  /* EFIVMAP_PT_GRANULE_* */
	uint32_t va_bits;  /* 36..48; the start level follows from it */
	uint32_t pa_bits;  /* 32..48; output addresses must fit */
	uint32_t flags;    /* EFIVMAP_PT_CFG_* */
	uint32_t regime;   /* EFIVMAP_PT_REGIME_*; EL10 unless set */
	uint64_t mair;     /* the MAIR_ELx value the tables are built for */
	/* MAIR index (0..7) used for each EFIVMAP_PT_MT_* memory type. */
	uint8_t mair_idx[EFIVMAP_PT_MT_COUNT];
};

/**
 * efivmap_pt_config_init - fill a configuration with the default MAIR
 * @cfg: filled on success, untouched on failure
 * @granule: EFIVMAP_PT_GRANULE_4K, _16K or _64K
 * @va_bits: TTBR0 VA size, 36..48 (EDK2 on QEMU uses 44: T0SZ = 20)
 * @pa_bits: PA size, 32..48
 * @flags: EFIVMAP_PT_CFG_*
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @cfg NULL, bad granule, size out of range or
 *	unknown flag
 */
int efivmap_pt_config_init(struct efivmap_pt_config *cfg, uint32_t granule,
			   uint32_t va_bits, uint32_t pa_bits, uint32_t flags);

/**
 * efivmap_pt_config_set_regime - build tables for another regime
 * @cfg: an initialised configuration; updated on success only
 * @regime: EFIVMAP_PT_REGIME_*
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @cfg NULL or an unknown @regime
 */
int efivmap_pt_config_set_regime(struct efivmap_pt_config *cfg,
				 uint32_t regime);

/**
 * efivmap_pt_config_set_mair - build tables for a given MAIR_EL1 value
 * @cfg: an initialised configuration; updated on success only
 * @mair: the MAIR_EL1 value that will be live (e.g. the firmware's)
 *
 * Looks up an index for every memory type in @mair. A missing type falls
 * back to a stricter one of the same class: Device-nGnRE to
 * Device-nGnRnE, Normal write-through to Normal non-cacheable. EDK2's
 * 0xFFBB4400 therefore maps Device-nGnRE regions as Device-nGnRnE
 * (index 0); Linux's MAIR has no write-through, so that uses Normal NC.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @cfg NULL
 *	-EFIVMAP_ERR_UNSUPPORTED: @mair lacks Normal write-back (0xff),
 *	Normal non-cacheable (0x44) or any Device-nGnRnE/nGnRE (0x00/0x04)
 */
int efivmap_pt_config_set_mair(struct efivmap_pt_config *cfg, uint64_t mair);

/**
 * efivmap_pt_config_from_tcr - a configuration matching live registers
 * @cfg: filled on success, untouched on failure
 * @tcr: current TCR_EL1 (TG0, T0SZ and IPS are read)
 * @mair: current MAIR_EL1
 * @flags: EFIVMAP_PT_CFG_*
 *
 * For callers that keep the firmware's TCR and MAIR and swap only TTBR0
 * (the only safe switch while the MMU is on: changing T0SZ or TG0 under
 * live tables faults). EDK2 on QEMU gives TCR 0x480803514: 4K granule,
 * 44-bit VA (T0SZ 20, start level 0), 44-bit PA (IPS 4).
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @cfg NULL, EPD0 set (TTBR0 walks disabled), or
 *	unknown bits in @flags
 *	-EFIVMAP_ERR_UNSUPPORTED: T0SZ outside 16..28, a reserved TG0, the
 *	reserved IPS value 7, or a MAIR without the needed types (see
 *	efivmap_pt_config_set_mair())
 */
int efivmap_pt_config_from_tcr(struct efivmap_pt_config *cfg, uint64_t tcr,
			       uint64_t mair, uint32_t flags);

/**
 * efivmap_pt_config_from_regs - efivmap_pt_config_from_tcr() for a regime
 * @cfg: filled on success, untouched on failure
 * @regime: EFIVMAP_PT_REGIME_* of the live registers
 * @tcr: the live TCR_EL1 (EL10) or TCR_EL2 (EL2, EL20), read in that
 *	regime's layout
 * @mair: the live MAIR_EL1 or MAIR_EL2
 * @flags: EFIVMAP_PT_CFG_*
 *
 * returns: as efivmap_pt_config_from_tcr(); -EFIVMAP_ERR_INVAL also for
 *	an unknown @regime. At EL2 there is no EPD0, and PS plays IPS's role.
 */
int efivmap_pt_config_from_regs(struct efivmap_pt_config *cfg,
				uint32_t regime, uint64_t tcr, uint64_t mair,
				uint32_t flags);

/**
 * efivmap_pt_start_level - first lookup level for a configuration
 * @cfg: a valid configuration
 *
 * 4K: 0 above 39 bits, else 1. 16K: 0 at 48 bits, 1 above 36, else 2.
 * 64K: 1 above 42 bits, else 2.
 *
 * returns: the level, 0..2.
 */
unsigned efivmap_pt_start_level(const struct efivmap_pt_config *cfg);

/* ------------------------------------------------------------------ */
/* Permission policy                                                   */
/* ------------------------------------------------------------------ */

/**
 * efivmap_pt_policy - mapping attributes for an EFI memory region
 * @cfg: configuration (only EFIVMAP_PT_CFG_LINUX matters)
 * @type: EFI memory type
 * @attribute: EFI memory attributes
 *
 * Memory type:
 *	MMIO and MMIO port space: Device-nGnRE.
 *	EFI_MEMORY_WB: Normal write-back, inner shareable.
 *	no WB, a type that holds firmware code or data (loader, boot,
 *	runtime, conventional, ACPI, persistent): Normal non-cacheable.
 *	It is memory that compiled code accesses (unaligned accesses
 *	fault on Device memory, runtime code must execute), and a
 *	non-cacheable mapping can never hold a line that another
 *	non-cacheable or device observer does not see.
 *	no WB, any other type (Reserved with only UC or no cacheability
 *	bit, OEM types...): Device-nGnRE, because nothing says it is
 *	memory and Normal mappings allow speculative reads that may
 *	have side effects.
 *	LINUX flag: every non-MMIO region is Normal write-back, as Linux
 *	does.
 * Permissions (Linux's arm64 rules, except that data never executes):
 *	writable unless EFI_MEMORY_RO;
 *	executable only for Runtime Code without EFI_MEMORY_XP, and never
 *	on device memory.
 * Runtime Code without a MAT is thus RWX.
 *
 * returns: EFIVMAP_PT_ATTR_* / EFIVMAP_PT_MT_* bits.
 */
uint32_t efivmap_pt_policy(const struct efivmap_pt_config *cfg, uint32_t type,
			   uint64_t attribute);

/* ------------------------------------------------------------------ */
/* Memory Attributes Table                                             */
/* ------------------------------------------------------------------ */

/*
 * A validated view of an EFI_MEMORY_ATTRIBUTES_TABLE. Entries whose own
 * checks fail are ignored by every function below (see
 * efivmap_pt_mat_validate()); the table as a whole is checked here.
 */
struct efivmap_pt_mat {
	const uint8_t *entries;  /* first entry, 8-byte aligned */
	uint32_t version;        /* 1 or 2 */
	uint32_t flags;          /* v2 flags (0 for v1) */
	uint32_t desc_size;      /* entry stride */
	uint32_t count;          /* number of entries */
};

/**
 * efivmap_pt_mat_init - check a Memory Attributes Table header and body
 * @mat: filled on success, untouched on failure
 * @hdr: the 16-byte header
 * @entries: the entries (in memory, the bytes right after the header)
 * @bytes: bytes readable at @entries
 * @diag: optional
 *
 * As Linux: version 1 or 2 only, desc_size at least 40 (and a multiple
 * of 8), and num_entries * desc_size within @bytes and below 64 MiB.
 * Linux's further "at most three entries per map entry" check is not
 * made: callers often pass only the runtime descriptors, and EDK2 splits
 * one Runtime Code region into a dozen entries, so it would reject real
 * tables. Each entry is still checked (efivmap_pt_mat_validate()).
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: NULL argument, or @entries misaligned
 *	-EFIVMAP_ERR_MAT: bad version, entry size or entry count
 */
int efivmap_pt_mat_init(struct efivmap_pt_mat *mat,
			const struct efivmap_efi_mat_header *hdr,
			const void *entries, size_t bytes,
			struct efivmap_diag *diag);

/**
 * efivmap_pt_mat_from_table - efivmap_pt_mat_init on a whole table
 * @mat: filled on success
 * @table: the configuration table (header then entries), 8-byte aligned
 * @size: bytes readable at @table
 * @diag: optional
 *
 * returns: as efivmap_pt_mat_init(); -EFIVMAP_ERR_MAT also when @size is
 * below the header.
 */
int efivmap_pt_mat_from_table(struct efivmap_pt_mat *mat, const void *table,
			      size_t size, struct efivmap_diag *diag);

/**
 * efivmap_pt_mat_sort - sort a MAT held in writable memory by PhysicalStart
 * @mat: from efivmap_pt_mat_init() on @entries
 * @entries: the same entries (mat->entries), writable
 *
 * A MAT out of order costs the builder O(m) per piece; sorted, O(log m).
 * Copy a table that is not in order (firmware writes them ascending)
 * into memory of your own and sort it here: linear when it ascends or
 * descends, O(m log m) otherwise, with no memory but the table's.
 * Entries are only permuted; indices in later reports are positions in
 * the sorted table.
 *
 * returns: 0, or -EFIVMAP_ERR_INVAL: NULL argument, or @entries is not
 *	mat->entries
 */
int efivmap_pt_mat_sort(struct efivmap_pt_mat *mat, void *entries);

/* Called once per ignored MAT entry; @d->index is the entry index. */
typedef void (*efivmap_pt_report_fn)(void *ctx, const struct efivmap_diag *d);

/**
 * efivmap_pt_mat_validate - find the MAT entries the builder will ignore
 * @cfg: configuration (the granule sets the required alignment)
 * @map: the runtime map the MAT describes
 * @mat: the table
 * @report: optional, called for each bad entry with diag.err
 *	-EFIVMAP_ERR_MAT and diag.what naming the reason
 * @ctx: passed to @report
 *
 * An entry is used only when: its type is Runtime Code or Runtime Data;
 * it is non-empty and does not wrap; its start and size are multiples of
 * the granule (otherwise its permissions would leak into a neighbour's
 * page, as Linux notes); it lies inside exactly one runtime descriptor of
 * the same type; and it overlaps neither of its neighbours in
 * PhysicalStart order (so both entries of an overlapping pair are
 * ignored). Cost: O(m log n) when map and table are sorted by
 * PhysicalStart, O(m * (n + m)) otherwise.
 *
 * returns: the number of bad entries (0 when all are used), or
 *	-EFIVMAP_ERR_INVAL: NULL @cfg, @map or @mat
 */
int efivmap_pt_mat_validate(const struct efivmap_pt_config *cfg,
			    const struct efivmap_mmap *map,
			    const struct efivmap_pt_mat *mat,
			    efivmap_pt_report_fn report, void *ctx);

/* ------------------------------------------------------------------ */
/* What to map                                                         */
/* ------------------------------------------------------------------ */

/* One caller range; @va, @pa and @size must be 4 KiB aligned. */
struct efivmap_pt_range {
	uint64_t va;
	uint64_t pa;
	uint64_t size;
	uint32_t attrs;  /* EFIVMAP_PT_ATTR_* | EFIVMAP_PT_MT_* */
};

/*
 * Everything one build maps. All members are optional (NULL / 0).
 *
 * @map: every EFI_MEMORY_RUNTIME descriptor is mapped at VirtualStart
 * with efivmap_pt_policy() attributes; other descriptors are ignored.
 * @mat: applied to the runtime descriptors: an entry's RO clears W, its XP
 * clears X, and with EFIVMAP_PT_CFG_BTI and a v2 table flagged
 * RT_FORWARD_CFG its executable pages get GP. It only ever restricts.
 * @ranges: extra ranges (identity RAM, a UART, ...).
 *
 * Rules shared by sizing, building and verification:
 * - Each piece is rounded out to whole granule pages (a 4 KiB runtime
 *   region on a 64K granule maps its whole 64 KiB frame, as on Linux).
 * - Two pieces sharing a granule page (not a 4 KiB page) must map it to
 *   the same frame (-EFIVMAP_ERR_CONFLICT) with the same memory type
 *   (-EFIVMAP_ERR_ATTR); that page gets the union of their permissions
 *   (W and X or-ed, GP only if both have it). This is how U-Boot maps,
 *   whose runtime regions share 64 KiB frames, work on a 64K granule;
 *   run efivmap_pt_stats() to see the W+X pages it may create.
 * - Pieces overlapping at 4 KiB granularity must be identical (same
 *   VA-to-PA offset and attributes), else -EFIVMAP_ERR_CONFLICT.
 * - Adjacent pieces with the same offset and attributes are merged, so a
 *   block or contiguous run can span descriptors.
 */
struct efivmap_pt_input {
	const struct efivmap_mmap *map;
	const struct efivmap_pt_mat *mat;
	const struct efivmap_pt_range *ranges;
	size_t nranges;
};

/* ------------------------------------------------------------------ */
/* Table memory                                                        */
/* ------------------------------------------------------------------ */

/*
 * Bytes for a pool of @ntables tables. The extra (granule - 4 KiB) lets
 * efivmap_pt_init_pool() align the start when a PE loader placed the
 * image only 4 KiB aligned, so @ntables tables are always available.
 */
#define EFIVMAP_PT_POOL_SIZE(granule, ntables) \
	((size_t)(ntables) * (granule) + (granule) - 0x1000u)

/*
 * Declare a static table pool. Alignment and size are checked at compile
 * time; use it at file scope or as a block-scope static.
 */
#define EFIVMAP_PT_POOL(name, granule, ntables) \
	EFIVMAP_STATIC_ASSERT((granule) == EFIVMAP_PT_GRANULE_4K || \
			      (granule) == EFIVMAP_PT_GRANULE_16K || \
			      (granule) == EFIVMAP_PT_GRANULE_64K, \
			      "EFIVMAP_PT_POOL: granule not 4K/16K/64K"); \
	EFIVMAP_STATIC_ASSERT((ntables) >= 1 && (ntables) <= 65536, \
			      "EFIVMAP_PT_POOL: 1 to 65536 tables"); \
	static _Alignas(granule) uint8_t \
		name[EFIVMAP_PT_POOL_SIZE(granule, ntables)]

/*
 * Table memory from the caller, one granule-sized table at a time, e.g.
 * to build tables that will live at another address (for the next
 * kernel). @alloc returns a writable pointer (8-byte aligned) and the
 * physical address the walker will use (granule aligned, below
 * 2^pa_bits); it
 * returns 0 or a negative -EFIVMAP_ERR_* code, which the build returns
 * unchanged (any other value becomes -EFIVMAP_ERR_POOL). @to_ptr maps a
 * table's physical address back to a pointer (needed to walk), and must
 * give @alloc's pointer for @alloc's address. Both results are checked
 * before use; a table already in use is refused, which costs a scan of
 * the tables above the last level per allocation. The library zeroes
 * tables.
 */
struct efivmap_pt_mem_ops {
	int (*alloc)(void *ctx, void **table, uint64_t *pa);
	void *(*to_ptr)(void *ctx, uint64_t pa);
	void *ctx;
	/* optional: gives a table back (efivmap_pt_release()) */
	void (*free)(void *ctx, void *table, uint64_t pa);
};

/*
 * A set of tables. Read the fields, do not write them.
 */
struct efivmap_pt {
	struct efivmap_pt_config cfg;
	uint8_t shift;         /* log2(granule) */
	uint8_t start_level;
	uint64_t *root;
	uint64_t root_pa;
	/* Pool memory (when ops is NULL) */
	uint8_t *pool;         /* first table, aligned */
	uint64_t pool_pa;
	size_t pool_tables;    /* capacity */
	const struct efivmap_pt_mem_ops *ops;
	size_t used;           /* tables taken, root included */
	size_t needed;         /* after -EFIVMAP_ERR_POOL: tables needed */
};

/**
 * efivmap_pt_init_pool - start empty tables in a caller pool
 * @pt: filled on success, untouched on failure
 * @cfg: configuration (copied)
 * @pool: the memory (e.g. from EFIVMAP_PT_POOL)
 * @size: bytes at @pool
 * @pool_pa: physical address of @pool (its own address when identity
 *	mapped, as in a UEFI application)
 * @diag: optional
 *
 * The start is rounded up so that its physical address is granule
 * aligned. Takes one table (the root). The pool is never written outside
 * [@pool, @pool + @size).
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: NULL argument or invalid @cfg
 *	-EFIVMAP_ERR_ALIGN: @pool_pa not 4 KiB aligned, or @pool not
 *	8-byte aligned
 *	-EFIVMAP_ERR_VA_BITS: [@pool_pa, @pool_pa + @size) not below
 *	2^pa_bits
 *	-EFIVMAP_ERR_POOL: not even one table fits (pt->needed is not set,
 *	@pt being untouched; one table is needed)
 */
int efivmap_pt_init_pool(struct efivmap_pt *pt,
			 const struct efivmap_pt_config *cfg, void *pool,
			 size_t size, uint64_t pool_pa,
			 struct efivmap_diag *diag);

/**
 * efivmap_pt_init_ops - start empty tables in caller-allocated memory
 * @pt: filled on success, untouched on failure
 * @cfg: configuration (copied)
 * @ops: the allocator; must stay valid while @pt is used
 * @diag: optional
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: NULL argument or callback, or invalid @cfg
 *	-EFIVMAP_ERR_ALIGN: @alloc returned NULL, a pointer not 8-byte
 *	aligned, a PA not aligned to the granule, or a pair @to_ptr
 *	disagrees with
 *	-EFIVMAP_ERR_VA_BITS: @alloc returned a PA beyond pa_bits
 *	-EFIVMAP_ERR_POOL: @alloc failed with a value that is not a
 *	-EFIVMAP_ERR_* code
 *	any -EFIVMAP_ERR_* code @alloc returned
 */
int efivmap_pt_init_ops(struct efivmap_pt *pt,
			const struct efivmap_pt_config *cfg,
			const struct efivmap_pt_mem_ops *ops,
			struct efivmap_diag *diag);

/**
 * efivmap_pt_release - give every table back, the root included
 * @pt: from efivmap_pt_init_pool() or efivmap_pt_init_ops()
 *
 * For a loader whose build for the next kernel failed, or that no longer
 * needs the tables. With mem ops, calls @free once for every table
 * reachable from the root (children before their parent, each read
 * before it is freed), without recursion; a table descriptor that points
 * outside the table memory is not followed. A pool has nothing to give
 * back: its memory is the caller's. Either way @pt is unusable after
 * (zeroed); start again with efivmap_pt_init_*().
 *
 * returns: the number of tables freed, or
 *	-EFIVMAP_ERR_INVAL: @pt NULL or never initialised
 *	-EFIVMAP_ERR_UNSUPPORTED: mem ops without @free (@pt is kept)
 */
long efivmap_pt_release(struct efivmap_pt *pt);

/* ------------------------------------------------------------------ */
/* Sizing and building                                                 */
/* ------------------------------------------------------------------ */

/**
 * efivmap_pt_tables_needed - exact number of tables a build will use
 * @cfg: configuration
 * @in: what to map
 * @count: set on success to the tables efivmap_pt_build() takes for @in
 *	on fresh tables, root included
 * @diag: optional; where the input is bad
 *
 * Runs the builder's own planning pass, so the count is exact, not a
 * bound. Linear in the map when runtime VirtualStarts ascend in map order
 * (what the layouts produce) and in the ranges when their VAs ascend;
 * otherwise a quadratic fallback orders them. With a MAT, add
 * O(log m) per entry when it is sorted by PhysicalStart. Unsorted, add
 * one O(m) pass per runtime descriptor and per entry inside one (used or
 * ignored): O(m * (n + m)) at worst, e.g. 3000 reverse-ordered entries
 * in one region cost about 10^7 entry reads. Doing better needs memory
 * the library does not have: the pieces come out in PhysicalStart
 * order, and sorting a read-only table in O(1) space takes quadratic
 * time; efivmap_pt_mat_sort() sorts a table in writable memory.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: NULL argument, invalid @cfg, or a range whose
 *	attributes have unknown bits
 *	-EFIVMAP_ERR_ALIGN: a range not 4 KiB aligned, or a runtime
 *	descriptor whose VirtualStart is not at its PhysicalStart's offset
 *	in a 4 KiB page (an unaligned PhysicalStart is rounded out: its
 *	enclosing 4 KiB pages are mapped, page by page, at VA - offset)
 *	-EFIVMAP_ERR_OVERFLOW: a piece wraps past 2^64
 *	-EFIVMAP_ERR_VA_BITS: a VA beyond va_bits or a PA beyond pa_bits
 *	-EFIVMAP_ERR_VA_MISMATCH: a piece whose VA and PA differ modulo the
 *	granule (its pages cannot be mapped)
 *	-EFIVMAP_ERR_ZERO_PAGES: a range of size 0 (a runtime descriptor of
 *	0 pages maps nothing and is skipped)
 *	-EFIVMAP_ERR_NO_VA: a runtime descriptor with VirtualStart
 *	EFIVMAP_EFI_VA_INVALID (SetVirtualAddressMap failed)
 *	-EFIVMAP_ERR_CONFLICT: two pieces map one VA differently
 *	-EFIVMAP_ERR_ATTR: two pieces with different memory types share a
 *	granule page
 */
int efivmap_pt_tables_needed(const struct efivmap_pt_config *cfg,
			     const struct efivmap_pt_input *in, size_t *count,
			     struct efivmap_diag *diag);

/**
 * efivmap_pt_build - map everything in @in
 * @pt: tables from efivmap_pt_init_pool/_ops; may already hold mappings
 * @in: what to map
 * @diag: optional
 *
 * Uses the largest block that fits (4K: 1 GiB at L1, 2 MiB at L2; 16K:
 * 32 MiB at L2; 64K: 512 MiB at L2) and the contiguous hint on aligned
 * runs of equal entries (4K: 16 entries at every level; 16K: 128 at L3,
 * 32 at L2; 64K: 32), unless EFIVMAP_PT_CFG_NO_CONTIG/LINUX say not.
 * Mappings already present are kept: a page mapped identically is left
 * alone, anything else is a conflict (existing blocks are never split).
 *
 * With a pool, a failed call leaves the tables as they were: fresh tables
 * (nothing mapped yet) are built in one pass and reset on failure, which
 * may leave bytes written in the pool's unused part; tables that already
 * map something get a checking and counting pass first, so nothing is
 * written unless the build will succeed. With mem ops, the checking pass
 * always runs, but an @alloc failure or a refused @alloc result midway
 * leaves the mappings made so far (size the allocator with
 * efivmap_pt_tables_needed() first).
 *
 * returns: 0, or the errors of efivmap_pt_tables_needed(), and
 *	-EFIVMAP_ERR_INVAL: @pt or @in NULL
 *	-EFIVMAP_ERR_CONFLICT: also when a VA is already mapped differently
 *	-EFIVMAP_ERR_POOL: the pool is too small; pt->needed and diag.addr
 *	hold the total number of tables needed (root included)
 *	-EFIVMAP_ERR_ALIGN, -EFIVMAP_ERR_VA_BITS: @alloc's result refused,
 *	as for efivmap_pt_init_ops()
 *	-EFIVMAP_ERR_CONFLICT: also when @alloc returned a table already in
 *	use (that table is left as it was)
 *	-EFIVMAP_ERR_VERIFY: an existing table descriptor points outside the
 *	table memory or not at a whole table (corrupt tables)
 *	any -EFIVMAP_ERR_* code @alloc returned (any other failure value
 *	becomes -EFIVMAP_ERR_POOL)
 */
int efivmap_pt_build(struct efivmap_pt *pt, const struct efivmap_pt_input *in,
		     struct efivmap_diag *diag);

/**
 * efivmap_pt_map_range - map one range (identity RAM, a UART, ...)
 * @pt: tables
 * @va: virtual address, 4 KiB aligned
 * @pa: physical address, 4 KiB aligned
 * @size: bytes, 4 KiB aligned, non-zero
 * @attrs: EFIVMAP_PT_ATTR_* | EFIVMAP_PT_MT_*
 * @diag: optional
 *
 * efivmap_pt_build() with a single range; the range is rounded out to
 * the granule.
 *
 * returns: 0, or what efivmap_pt_build() returns for one range and no
 * map: -EFIVMAP_ERR_INVAL, -EFIVMAP_ERR_ZERO_PAGES, -EFIVMAP_ERR_ALIGN,
 * -EFIVMAP_ERR_OVERFLOW, -EFIVMAP_ERR_VA_BITS, -EFIVMAP_ERR_VA_MISMATCH,
 * -EFIVMAP_ERR_CONFLICT (also a page already mapped with another memory
 * type), -EFIVMAP_ERR_POOL, -EFIVMAP_ERR_VERIFY, and any -EFIVMAP_ERR_*
 * code @alloc returned
 */
int efivmap_pt_map_range(struct efivmap_pt *pt, uint64_t va, uint64_t pa,
			 uint64_t size, uint32_t attrs,
			 struct efivmap_diag *diag);

/* ------------------------------------------------------------------ */
/* Reading tables back                                                 */
/* ------------------------------------------------------------------ */

/* One leaf descriptor (a page or a block). */
struct efivmap_pt_leaf {
	uint64_t va;     /* first VA the descriptor maps */
	uint64_t pa;     /* its output address */
	uint64_t size;   /* bytes the descriptor maps */
	uint64_t desc;   /* the raw descriptor */
	uint32_t attrs;  /* decoded EFIVMAP_PT_ATTR_* | EFIVMAP_PT_MT_* */
	uint8_t level;   /* 1..3 */
	bool contig;     /* contiguous hint set */
};

/**
 * efivmap_pt_walk - translate a VA by reading the tables
 * @pt: tables
 * @va: virtual address
 * @leaf: optional; the leaf descriptor that maps @va
 * @pa: optional; the physical address of @va
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @pt NULL
 *	-EFIVMAP_ERR_VA_BITS: @va beyond va_bits
 *	-EFIVMAP_ERR_NOTFOUND: @va not mapped
 *	-EFIVMAP_ERR_VERIFY: a table descriptor on the way points outside
 *	the table memory
 */
int efivmap_pt_walk(const struct efivmap_pt *pt, uint64_t va,
		    struct efivmap_pt_leaf *leaf, uint64_t *pa);

/* Return non-zero to stop the iteration; that value is returned. */
typedef int (*efivmap_pt_leaf_fn)(void *ctx, const struct efivmap_pt_leaf *l);

/**
 * efivmap_pt_for_each_leaf - visit every leaf in ascending VA order
 * @pt: tables
 * @fn: called per leaf
 * @ctx: passed to @fn
 *
 * Iterative (no recursion), O(tables * entries per table).
 *
 * returns: 0, the first non-zero value @fn returned, or
 *	-EFIVMAP_ERR_INVAL: NULL @pt or @fn
 *	-EFIVMAP_ERR_VERIFY: a table descriptor points outside the table
 *	memory (the leaves before it were visited)
 */
int efivmap_pt_for_each_leaf(const struct efivmap_pt *pt,
			     efivmap_pt_leaf_fn fn, void *ctx);

/* Receives one NUL-terminated line, without a newline. */
typedef void (*efivmap_pt_sink_fn)(void *ctx, const char *line);

/**
 * efivmap_pt_dump - describe the tables line by line
 * @pt: tables
 * @sink: receives each line
 * @ctx: passed to @sink
 *
 * One line per table descriptor and per leaf, indented by level, e.g.
 * "  L2 0x000020000000-0x0000201fffff -> 0x00007c400000 WB RW- C".
 * Memory types print as DEV-nGnRnE, DEV-nGnRE, NC, WT, WB; permissions as
 * R, W or -, X or -, then G for guarded and C for contiguous.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: NULL @pt or @sink
 *	-EFIVMAP_ERR_VERIFY: a table descriptor points outside the table
 *	memory (the lines before it were sent)
 */
int efivmap_pt_dump(const struct efivmap_pt *pt, efivmap_pt_sink_fn sink,
		    void *ctx);

/**
 * efivmap_pt_verify - prove the tables map exactly @in
 * @pt: tables
 * @in: the input they were built from (all of it, if several builds)
 * @diag: optional; diag.addr is the first VA at fault
 *
 * Every granule page of every piece maps to the right PA with the right
 * attributes (as efivmap_pt_walk() decodes them), no other VA is mapped,
 * and every contiguous run is aligned, complete and uniform, as the
 * architecture requires. Linear in leaves plus pieces, plus a scan of
 * every table entry.
 *
 * returns: 0, or the input errors of efivmap_pt_tables_needed(), or
 *	-EFIVMAP_ERR_INVAL: @pt NULL
 *	-EFIVMAP_ERR_VERIFY: a page is missing, wrong or extra, a contiguous
 *	run is malformed, or a table descriptor points outside the table
 *	memory
 */
int efivmap_pt_verify(const struct efivmap_pt *pt,
		      const struct efivmap_pt_input *in,
		      struct efivmap_diag *diag);

struct efivmap_pt_stats {
	size_t tables;          /* table pages reachable, root included */
	uint64_t table_bytes;   /* tables * granule */
	size_t leaves;          /* valid leaf descriptors */
	size_t leaves_at[4];    /* per level */
	size_t blocks;          /* leaves above level 3 */
	size_t tlb_entries;     /* leaves, a contiguous run counted once */
	uint64_t mapped_bytes;
	uint64_t wx_pages;      /* 4 KiB pages both writable and executable */
};

/**
 * efivmap_pt_stats - count what the tables hold
 * @pt: tables
 * @st: filled on success
 *
 * Walks every table: O(tables * entries per table).
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: NULL argument
 *	-EFIVMAP_ERR_VERIFY: a table descriptor points outside the table
 *	memory (@st untouched)
 */
int efivmap_pt_stats(const struct efivmap_pt *pt, struct efivmap_pt_stats *st);

/* ------------------------------------------------------------------ */
/* Register values                                                     */
/* ------------------------------------------------------------------ */

/* TCR_EL1 bits that describe TTBR0 walks, plus IPS. */
#define EFIVMAP_PT_TCR_T0SZ_MASK  UINT64_C(0x3f)
#define EFIVMAP_PT_TCR_EPD0       (UINT64_C(1) << 7)
#define EFIVMAP_PT_TCR_IRGN0_MASK (UINT64_C(3) << 8)
#define EFIVMAP_PT_TCR_ORGN0_MASK (UINT64_C(3) << 10)
#define EFIVMAP_PT_TCR_SH0_MASK   (UINT64_C(3) << 12)
#define EFIVMAP_PT_TCR_TG0_MASK   (UINT64_C(3) << 14)
#define EFIVMAP_PT_TCR_A1         (UINT64_C(1) << 22)
#define EFIVMAP_PT_TCR_IPS_SHIFT  32
#define EFIVMAP_PT_TCR_IPS_MASK   (UINT64_C(7) << 32)
#define EFIVMAP_PT_TCR_AS         (UINT64_C(1) << 36)
#define EFIVMAP_PT_TCR_TTBR0_MASK \
	(EFIVMAP_PT_TCR_T0SZ_MASK | EFIVMAP_PT_TCR_EPD0 | \
	 EFIVMAP_PT_TCR_IRGN0_MASK | EFIVMAP_PT_TCR_ORGN0_MASK | \
	 EFIVMAP_PT_TCR_SH0_MASK | EFIVMAP_PT_TCR_TG0_MASK)
/* TCR_EL1 (and TCR_EL2 with E2H) bits that change what descriptors mean. */
#define EFIVMAP_PT_TCR_HPD0       (UINT64_C(1) << 41)
#define EFIVMAP_PT_TCR_HWU0_MASK  (UINT64_C(0xf) << 43)
#define EFIVMAP_PT_TCR_DS         (UINT64_C(1) << 59)

/* TCR_EL2 with HCR_EL2.E2H = 0: its own layout beyond the TTBR0 fields. */
#define EFIVMAP_PT_TCR_EL2_PS_SHIFT 16
#define EFIVMAP_PT_TCR_EL2_PS_MASK  (UINT64_C(7) << 16)
#define EFIVMAP_PT_TCR_EL2_HPD      (UINT64_C(1) << 24)
#define EFIVMAP_PT_TCR_EL2_HWU_MASK (UINT64_C(0xf) << 25)
#define EFIVMAP_PT_TCR_EL2_RES1     ((UINT64_C(1) << 31) | (UINT64_C(1) << 23))
#define EFIVMAP_PT_TCR_EL2_DS       (UINT64_C(1) << 32)

/* TCR2_EL1/TCR2_EL2 (FEAT_TCR2) bits that leave descriptors' meaning
 * alone: DisCH0, DisCH1, HAFT. Any other set bit (PIE, POE, AIE, D128,
 * PnCH...) makes the tables mean something else. */
#define EFIVMAP_PT_TCR2_HARMLESS \
	((UINT64_C(1) << 11) | (UINT64_C(1) << 14) | (UINT64_C(1) << 15))

/**
 * efivmap_pt_ttbr0 - the TTBR0_EL1 (or TTBR0_EL2) value for these tables
 * @pt: tables
 * @asid: ASID in bits 63:48 (0 if unused; 16-bit ASIDs need TCR.AS)
 *
 * The ASID is taken from TTBR0 only when TCR.A1 is 0 (EDK2's case). The
 * EL2 regime has no ASID: @asid is ignored there.
 *
 * returns: root PA | @asid << 48.
 */
uint64_t efivmap_pt_ttbr0(const struct efivmap_pt *pt, uint16_t asid);

/**
 * efivmap_pt_tcr - the TTBR0 fields of TCR_EL1, plus IPS
 * @pt: tables
 *
 * T0SZ = 64 - va_bits, TG0 from the granule, walks Normal write-back
 * write-allocate inner and outer, inner shareable (IRGN0 = ORGN0 = 1,
 * SH0 = 3), EPD0 = 0, IPS from pa_bits. Tables are written with
 * cacheable stores and never cleaned to memory, so cacheable walks are
 * required.
 *
 * In the EL2 regime the value is TCR_EL2's: PS instead of IPS, and its
 * RES1 bits set.
 *
 * returns: the value; other TCR bits are 0.
 */
uint64_t efivmap_pt_tcr(const struct efivmap_pt *pt);

/**
 * efivmap_pt_tcr_merge - put the TTBR0 fields into an existing TCR_EL1
 * @pt: tables
 * @tcr: the current TCR_EL1
 *
 * Replaces EFIVMAP_PT_TCR_TTBR0_MASK; IPS becomes the larger of the two
 * because it also governs TTBR1. Writing the result while the MMU uses
 * TTBR0 is only safe when efivmap_pt_tcr_compatible() is true;
 * otherwise switch with the MMU off.
 *
 * returns: the merged value.
 */
uint64_t efivmap_pt_tcr_merge(const struct efivmap_pt *pt, uint64_t tcr);

/**
 * efivmap_pt_tcr_compatible - may the caller keep @tcr and swap TTBR0?
 * @pt: tables
 * @tcr: the live TCR_EL1
 *
 * @tcr is read in the tables' regime's layout. True when T0SZ and TG0
 * match the tables, EPD0 is clear, walks are cacheable (IRGN0 and ORGN0
 * write-back), IPS (PS) covers pa_bits, and nothing changes what a
 * descriptor means: no LPA2 (DS), no HPD, no hardware-use bits (HWU).
 * A TCR2 register, where the CPU has one, is checked by
 * efivmap_pt_tcr2_compatible(). The
 * MAIR must also match: build with efivmap_pt_config_from_tcr() or
 * efivmap_pt_config_set_mair() for the live MAIR. This is what a UEFI
 * application does under EDK2 on QEMU (TCR 0x480803514, MAIR
 * 0xFFBB4400): keep both, swap only TTBR0.
 *
 * returns: true or false.
 */
bool efivmap_pt_tcr_compatible(const struct efivmap_pt *pt, uint64_t tcr);

/**
 * efivmap_pt_tcr2_compatible - does the live TCR2 leave descriptors alone?
 * @pt: tables
 * @tcr2: the live TCR2_EL1 or TCR2_EL2 (0 where FEAT_TCR2 is absent)
 *
 * Permission indirection (PIE), overlays (POE), AIE, D128 and the like
 * change what the builder's bits mean; only EFIVMAP_PT_TCR2_HARMLESS
 * may be set. A TTBR0-only swap must not be used otherwise.
 *
 * returns: true or false.
 */
bool efivmap_pt_tcr2_compatible(const struct efivmap_pt *pt, uint64_t tcr2);

/**
 * efivmap_pt_mair - the MAIR_EL1 value the tables' attribute indices need
 * @pt: tables
 *
 * returns: cfg.mair.
 */
uint64_t efivmap_pt_mair(const struct efivmap_pt *pt);

#endif /* EFIVMAP_PT_H */
