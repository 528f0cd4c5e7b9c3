/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The /chosen handoff: how the memory map, with the VirtualStart values
 * given to SetVirtualAddressMap, reaches the next kernel and every kernel
 * kexec'd after it.
 *
 * Linux finds UEFI through five properties in /chosen:
 *	linux,uefi-system-table   u64  physical address of the system table
 *	linux,uefi-mmap-start     u64  physical address of the memory map
 *	linux,uefi-mmap-size      u32  bytes of descriptors
 *	linux,uefi-mmap-desc-size u32  stride between descriptors
 *	linux,uefi-mmap-desc-ver  u32  descriptor version
 * (or the same under /hypervisor/uefi, named xen,uefi-*, when Xen boots it).
 *
 * Writing happens in two phases, as the memory map only exists in its final
 * form inside the ExitBootServices sequence:
 *  1. efivmap_fdt_prepare(), before ExitBootServices: copies the tree into
 *     a buffer with room, creates /chosen, writes the system table and
 *     zero placeholders of the final sizes, plus bootargs, initrd and
 *     kaslr-seed when asked.
 *  2. efivmap_fdt_commit(), from the ExitBootServices hook: overwrites the
 *     placeholders in place. It never resizes or allocates, and running it
 *     again (after a failed ExitBootServices) just writes the new values.
 *
 * A kexec loader reads the properties with efivmap_fdt_read(), builds a
 * view of the map they point to with efivmap_fdt_mmap(), checks the layout
 * (efivmap_layout_check()) and writes the next kernel's tree with
 * efivmap_fdt_carry().
 *
 * Every blob and buffer must be 8-byte aligned (libfdt requires it). No
 * function here returns a libfdt error code: they are translated into
 * -EFIVMAP_ERR_*. This module needs libfdt and is built as its own library
 * (efivmap_fdt) on top of the core.
 */
#ifndef EFIVMAP_FDT_H
#define EFIVMAP_FDT_H

#include "env.h"
#include "error.h"
#include "mmap.h"

/* The UEFI properties, as read from a tree or to be carried into one. */
struct efivmap_fdt_uefi {
	uint64_t system_table;  /* linux,uefi-system-table */
	uint64_t mmap_start;    /* linux,uefi-mmap-start */
	uint32_t mmap_size;     /* linux,uefi-mmap-size */
	uint32_t desc_size;     /* linux,uefi-mmap-desc-size */
	uint32_t desc_ver;      /* linux,uefi-mmap-desc-ver */
	uint32_t flags;         /* EFIVMAP_FDT_UEFI_* */
};

/* Set by efivmap_fdt_read() when the values came from /hypervisor/uefi. */
#define EFIVMAP_FDT_UEFI_XEN 0x1u

/* What efivmap_fdt_prepare() writes besides the UEFI properties. */
struct efivmap_fdt_boot {
	uint64_t system_table;  /* linux,uefi-system-table */
	const char *bootargs;   /* /chosen/bootargs; NULL leaves it as it is */
	uint64_t initrd_start;  /* with EFIVMAP_FDT_SET_INITRD, as u64 cells */
	uint64_t initrd_end;    /* exclusive, as Linux reads it */
	uint64_t kaslr_seed;    /* with EFIVMAP_FDT_SET_KASLR_SEED */
	uint32_t secure_boot;   /* with EFIVMAP_FDT_SET_SECURE_BOOT */
	uint32_t flags;         /* EFIVMAP_FDT_* below */
};

/* Write linux,initrd-start and linux,initrd-end. */
#define EFIVMAP_FDT_SET_INITRD     0x1u
/* Delete linux,initrd-start/-end (a kexec without an initrd must not see
 * the previous kernel's). Exclusive with EFIVMAP_FDT_SET_INITRD. */
#define EFIVMAP_FDT_CLEAR_INITRD   0x2u
/* Write kaslr-seed (u64). A kexec loader must pass a fresh one. */
#define EFIVMAP_FDT_SET_KASLR_SEED 0x4u
/*
 * Write linux,uefi-secure-boot (u32, Linux's efi_secureboot_mode: 1 unset,
 * 2 disabled, 3 enabled). Mainline ignores it, but Debian's and Ubuntu's
 * arm64 kernels require it and otherwise ignore every linux,uefi-*
 * property, booting without runtime services.
 */
#define EFIVMAP_FDT_SET_SECURE_BOOT 0x8u
#define EFIVMAP_FDT_BOOT_FLAGS     0xfu

/**
 * efivmap_fdt_prepare - phase 1: open a tree with room and write /chosen
 * @buf: output buffer, 8-byte aligned; may be @base itself (in place) but
 *	must not overlap it otherwise
 * @buf_size: bytes available in @buf; the prepared tree's totalsize
 *	becomes @buf_size, so any spare bytes stay free for later edits
 * @base: the tree to start from (e.g. the firmware's), or NULL for an empty
 *	tree (root with #address-cells = #size-cells = 2, and /chosen)
 * @base_size: bytes readable at @base; the blob's totalsize must fit
 * @boot: system table and optional extras; NULL is invalid
 * @needed: optional; on success and on -EFIVMAP_ERR_NOSPACE, the buffer
 *	size this call needs (a safe upper bound, computed before writing;
 *	at least @base's totalsize, and twice that for the rare tree whose
 *	blocks are out of order)
 * @diag: optional
 *
 * @base is checked in full before anything is written. The UEFI memory-map
 * properties are written as zero placeholders of their final lengths (u64
 * start, u32 others) for efivmap_fdt_commit() to fill. Pass @buf NULL and
 * @buf_size 0 to learn the size. Must run before ExitBootServices if the
 * buffer is to be allocated from firmware; it does not allocate itself.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @boot NULL, @buf NULL with a size, @buf or @base
 *		not 8-byte aligned, @buf overlapping @base without being it,
 *		unknown or contradictory @boot->flags
 *	-EFIVMAP_ERR_RANGE: initrd_end below initrd_start
 *	-EFIVMAP_ERR_NOSPACE: @buf_size below *@needed; @buf is untouched
 *	-EFIVMAP_ERR_FDT: @base is not a valid tree (bad magic, version
 *		below 16, truncated past @base_size, corrupt structure or
 *		strings), or the tree written to @buf fails the full check
 *		(never seen outside fuzzing; @buf must then not be used)
 *	-EFIVMAP_ERR_UNSUPPORTED: @base has a /hypervisor/uefi node, which
 *		Linux reads instead of /chosen, or is older than version 17
 */
int efivmap_fdt_prepare(void *buf, size_t buf_size, const void *base,
			size_t base_size, const struct efivmap_fdt_boot *boot,
			size_t *needed, struct efivmap_diag *diag);

/**
 * efivmap_fdt_commit - phase 2: write the final memory map into /chosen
 * @fdt: a tree prepared by efivmap_fdt_prepare()
 * @mmap_start: physical address of the memory map
 * @mmap_size: bytes of descriptors
 * @desc_size: stride between descriptors
 * @desc_ver: descriptor version
 * @diag: optional
 *
 * In-place writes only (fdt_setprop_inplace): no resizing, no allocation,
 * no firmware call, so it is safe inside the ExitBootServices hook and
 * safe to run any number of times. Everything is checked before the first
 * byte is written, so a failure leaves @fdt unchanged.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @fdt NULL or not 8-byte aligned
 *	-EFIVMAP_ERR_MAP_SIZE: @mmap_size does not fit 32 bits
 *	-EFIVMAP_ERR_DESC_SIZE: @desc_size below 40 or does not fit 32 bits
 *	-EFIVMAP_ERR_OVERFLOW: @mmap_start + @mmap_size wraps past 2^64
 *	-EFIVMAP_ERR_FDT: @fdt is not a valid tree
 *	-EFIVMAP_ERR_FDT_NOPROP: /chosen or a placeholder is missing (not
 *		prepared); diag.what names it
 *	-EFIVMAP_ERR_FDT_BADLEN: a placeholder has another length than
 *		efivmap_fdt_prepare() gives it; diag.what names it
 */
int efivmap_fdt_commit(void *fdt, uint64_t mmap_start, uint64_t mmap_size,
		       uint64_t desc_size, uint32_t desc_ver,
		       struct efivmap_diag *diag);

/**
 * efivmap_fdt_read - read the UEFI properties the way Linux does
 * @fdt: the blob, 8-byte aligned (e.g. the contents of /sys/firmware/fdt)
 * @fdt_size: bytes readable at @fdt; the blob's totalsize must fit
 * @out: filled on success, untouched on failure
 * @diag: optional; diag.what names the property at fault and diag.addr
 *	holds the bad value (DESC_SIZE: the size, OVERFLOW: the start)
 *
 * The blob is checked in full (fdt_check_full) first. As in Linux's
 * efi_get_fdt_params(), /hypervisor/uefi (xen,uefi-* names) is tried
 * before /chosen (linux,uefi-*), and the first of those nodes that exists
 * decides. Each property may be 4 or 8 bytes; a value that does not fit a
 * 32-bit field saturates to 0xffffffff. On top of Linux, the result must
 * be usable: desc-size at least 40 and start + size not wrapping.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @fdt or @out NULL, @fdt not 8-byte aligned
 *	-EFIVMAP_ERR_FDT: not a valid tree (bad magic or version, truncated
 *		past @fdt_size, bad offsets, corrupt structure or strings)
 *	-EFIVMAP_ERR_FDT_NOPROP: no /chosen nor /hypervisor/uefi, or a
 *		property is missing; diag.what names it
 *	-EFIVMAP_ERR_FDT_BADLEN: a property is neither 4 nor 8 bytes
 *	-EFIVMAP_ERR_DESC_SIZE: desc-size below 40
 *	-EFIVMAP_ERR_OVERFLOW: mmap-start + mmap-size wraps past 2^64
 */
int efivmap_fdt_read(const void *fdt, size_t fdt_size,
		     struct efivmap_fdt_uefi *out, struct efivmap_diag *diag);

/**
 * efivmap_fdt_mmap - a validated view of the memory map the tree points to
 * @uefi: from efivmap_fdt_read()
 * @buf: the bytes found at uefi->mmap_start (a loader reads them from
 *	memory or a file), 8-byte aligned
 * @buf_size: bytes in @buf; only the first uefi->mmap_size are used
 * @map: filled on success, untouched on failure
 * @diag: optional
 *
 * Validates tolerantly (efivmap_mmap_init_ex() without findings and with
 * no PA size): only what stays unsafe or malformed is refused.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: a NULL argument, @buf misaligned
 *	-EFIVMAP_ERR_MAP_SIZE: @buf_size below uefi->mmap_size, or
 *		mmap_size not a multiple of desc_size
 *	-EFIVMAP_ERR_DESC_SIZE: desc_size below 40 or not a multiple of 8
 *	-EFIVMAP_ERR_OVERFLOW: a descriptor's range wraps past 2^64
 *	-EFIVMAP_ERR_ATTR: two runtime regions of different memory types
 *		share a 4 KiB page
 *	(diag names the descriptor)
 */
int efivmap_fdt_mmap(const struct efivmap_fdt_uefi *uefi, void *buf,
		     size_t buf_size, struct efivmap_mmap *map,
		     struct efivmap_diag *diag);

/**
 * efivmap_fdt_mmap_ex - efivmap_fdt_mmap(), reporting what it tolerated
 * @uefi, @buf, @buf_size, @map, @diag: as efivmap_fdt_mmap()
 * @findings: optional; as efivmap_mmap_init_ex() (EFIVMAP_FINDINGS_STRICT
 *	refuses every defect, as efivmap_fdt_mmap() did before it tolerated
 *	any)
 *
 * returns: as efivmap_fdt_mmap(); under EFIVMAP_FINDINGS_STRICT only,
 *	also -EFIVMAP_ERR_VERSION, -EFIVMAP_ERR_ZERO_PAGES,
 *	-EFIVMAP_ERR_ALIGN and -EFIVMAP_ERR_OVERLAP.
 */
int efivmap_fdt_mmap_ex(const struct efivmap_fdt_uefi *uefi, void *buf,
			size_t buf_size, struct efivmap_mmap *map,
			struct efivmap_findings *findings,
			struct efivmap_diag *diag);

/**
 * efivmap_fdt_carry - write the next kernel's tree with the same UEFI map
 * @buf: output buffer, 8-byte aligned; must not overlap @base
 * @buf_size: bytes available in @buf
 * @base: the tree for the next kernel (often the current one, as
 *	/sys/firmware/fdt shows it)
 * @base_size: bytes readable at @base
 * @uefi: the values to carry, from efivmap_fdt_read() on the current tree
 *	(whose memory map the caller has checked with efivmap_layout_check())
 * @boot: bootargs, initrd, kaslr-seed for the next kernel; its
 *	system_table is ignored (@uefi's is carried); NULL for none
 * @needed: optional; on -EFIVMAP_ERR_NOSPACE the buffer size needed, on
 *	success the size of the packed result (its totalsize)
 * @diag: optional
 *
 * Prepare and commit in one call, then packs the tree so it can be written
 * to a file as is (kexec-tools --dtb, fdtget, fdtdump). The UEFI values
 * land in /chosen as linux,uefi-* whatever node they were read from; a
 * @base that still has a Xen /hypervisor/uefi node is refused, because
 * Linux reads that node instead and would never see them. Pass
 * @buf NULL and @buf_size 0 to learn the size; the buffer must hold the
 * whole of @base's totalsize plus the edits, before packing.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @base or @uefi NULL, @buf NULL with a size,
 *		@buf or @base misaligned, @buf overlapping @base, bad
 *		@boot->flags
 *	-EFIVMAP_ERR_RANGE: initrd_end below initrd_start
 *	-EFIVMAP_ERR_DESC_SIZE: uefi->desc_size below 40
 *	-EFIVMAP_ERR_OVERFLOW: mmap_start + mmap_size wraps past 2^64
 *	-EFIVMAP_ERR_NOSPACE: @buf_size too small; @buf is untouched
 *	-EFIVMAP_ERR_FDT: @base is not a valid tree
 *	-EFIVMAP_ERR_UNSUPPORTED: @base has a /hypervisor/uefi node, or is
 *		older than version 17
 */
int efivmap_fdt_carry(void *buf, size_t buf_size, const void *base,
		      size_t base_size, const struct efivmap_fdt_uefi *uefi,
		      const struct efivmap_fdt_boot *boot, size_t *needed,
		      struct efivmap_diag *diag);

#endif /* EFIVMAP_FDT_H */
