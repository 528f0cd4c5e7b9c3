// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The first of the two phases that write /chosen, run before
 * ExitBootServices while memory can still be had: efivmap_fdt_prepare()
 * may move and grow the tree, and writes every UEFI property at its final
 * length so that efivmap_fdt_commit() (fdt_commit.c) only has to
 * overwrite bytes in place.
 */
#include "fdt_internal.h"

/* The header as libfdt lays it out: padded to the reserve map's alignment. */
#define HEADER_SIZE 40u
/* One reserve-map entry; the map ends with an all-zero one. */
#define RSV_ENTRY_SIZE ((size_t)sizeof(struct fdt_reserve_entry))
/* libfdt rejects totalsize values that do not fit an int. */
#define FDT_SIZE_MAX ((size_t)INT32_MAX)

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/*
 * The most fdt_setprop() can add for a property of @len bytes: its header,
 * its padded value and a new copy of its name in the strings block. It is
 * counted in full even when the property or the name already exists, which
 * keeps the bound independent of how libfdt shares strings.
 */
static size_t prop_cost(const char *name, size_t len)
{
	return sizeof(struct fdt_property) + align4(len) + str_len(name) + 1;
}

/* A node with no properties: begin tag, padded name, end tag. */
static size_t node_cost(const char *name)
{
	return 2 * FDT_TAGSIZE + align4(str_len(name) + 1);
}

#define BE32(x) (uint8_t)((x) >> 24), (uint8_t)((x) >> 16), \
		(uint8_t)((x) >> 8), (uint8_t)(x)
#define EMPTY_RSV     40u
#define EMPTY_STRUCT  56u
#define EMPTY_STRUCT_SIZE 64u
#define EMPTY_STRINGS_SIZE 27u

/*
 * The tree used when the caller has none:
 *	/ { #address-cells = <2>; #size-cells = <2>; chosen { }; };
 * Opening a fixed blob, rather than running libfdt's sequential writer,
 * keeps one code path, and a size bound that does not depend on how a
 * given libfdt version builds trees.
 */
static _Alignas(8) const struct {
	uint8_t head[EMPTY_STRUCT + EMPTY_STRUCT_SIZE];
	char strings[EMPTY_STRINGS_SIZE];
} empty_tree = {
	{
		/* header */
		BE32(FDT_MAGIC),
		BE32(EMPTY_STRUCT + EMPTY_STRUCT_SIZE + EMPTY_STRINGS_SIZE),
		BE32(EMPTY_STRUCT),
		BE32(EMPTY_STRUCT + EMPTY_STRUCT_SIZE),
		BE32(EMPTY_RSV),
		BE32(17), BE32(16), BE32(0),
		BE32(EMPTY_STRINGS_SIZE),
		BE32(EMPTY_STRUCT_SIZE),
		/* reserve map: only the terminating entry */
		BE32(0), BE32(0), BE32(0), BE32(0),
		/* root node, unnamed */
		BE32(FDT_BEGIN_NODE), BE32(0),
		BE32(FDT_PROP), BE32(4), BE32(0), BE32(2),
		BE32(FDT_PROP), BE32(4), BE32(15), BE32(2),
		BE32(FDT_BEGIN_NODE), 'c', 'h', 'o', 's', 'e', 'n', 0, 0,
		BE32(FDT_END_NODE),
		BE32(FDT_END_NODE),
		BE32(FDT_END),
	},
	"#address-cells\0#size-cells",
};

/* The order fdt_open_into() can keep: header, reserve map, structure,
 * strings, each block after the previous one (gaps allowed). */
static bool in_order(const void *fdt, size_t rsv_size, size_t struct_size)
{
	size_t rsv = fdt_off_mem_rsvmap(fdt), st = fdt_off_dt_struct(fdt);
	size_t str = fdt_off_dt_strings(fdt);

	return rsv >= HEADER_SIZE && st >= rsv + rsv_size &&
	       str >= st + struct_size &&
	       fdt_totalsize(fdt) >= str + fdt_size_dt_strings(fdt);
}

/*
 * Bytes a checked tree needs once fdt_open_into() has moved it (@size),
 * and the least buffer that call accepts (@floor). A tree whose blocks are
 * in order is moved whole, totalsize and gaps included; any other tree is
 * rebuilt packed, behind the old copy when that lies in the buffer (in
 * place), which is assumed so the bound holds either way.
 */
static int opened_size(const void *fdt, size_t *size, size_t *floor)
{
	size_t packed, rsv_size, struct_size;
	int n, off = 0;

	/* Older blobs pass fdt_check_full() but fdt_open_into() refuses them. */
	if (fdt_version(fdt) < 16)
		return -FDT_ERR_BADVERSION;
	n = fdt_num_mem_rsv(fdt);
	if (n < 0)
		return n;
	rsv_size = ((size_t)n + 1) * RSV_ENTRY_SIZE;
	if (fdt_version(fdt) >= 17) {
		struct_size = fdt_size_dt_struct(fdt);
	} else {
		while (fdt_next_tag(fdt, off, &off) != FDT_END)
			;
		if (off < 0)
			return off;
		struct_size = (size_t)off;
	}
	packed = HEADER_SIZE + rsv_size + struct_size +
		 fdt_size_dt_strings(fdt);
	if (in_order(fdt, rsv_size, struct_size)) {
		*size = (size_t)fdt_off_dt_strings(fdt) +
			fdt_size_dt_strings(fdt);
		*floor = fdt_totalsize(fdt);
	} else {
		*size = packed;
		*floor = fdt_totalsize(fdt) + packed;
	}
	return 0;
}

static int check_boot(const struct efivmap_fdt_boot *boot,
		      struct efivmap_diag *diag)
{
	if (!boot)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "no boot parameters", EFIVMAP_DIAG_NONE,
				     EFIVMAP_DIAG_NONE, 0);
	if (boot->flags & ~EFIVMAP_FDT_BOOT_FLAGS)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "unknown FDT boot flags",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     boot->flags);
	if ((boot->flags & EFIVMAP_FDT_SET_INITRD) &&
	    (boot->flags & EFIVMAP_FDT_CLEAR_INITRD))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "initrd both set and cleared",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if ((boot->flags & EFIVMAP_FDT_SET_INITRD) &&
	    boot->initrd_end < boot->initrd_start)
		return efivmap__fail(diag, EFIVMAP_ERR_RANGE,
				     "linux,initrd-end below linux,initrd-start",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     boot->initrd_end);
	return 0;
}

/* Upper bound of the bytes the tree needs after all of prepare's edits. */
static int prepare_size(const void *base, const struct efivmap_fdt_boot *boot,
			size_t *needed)
{
	const struct efivmap__fdt_prop *p = efivmap__fdt_chosen.props;
	size_t size, floor = 0;
	int i, err;

	err = opened_size(base, &size, &floor);
	if (err)
		return err;
	err = fdt_path_offset(base, efivmap__fdt_chosen.path);
	if (err == -FDT_ERR_NOTFOUND)
		size += node_cost("chosen");
	else if (err < 0)
		return err;
	for (i = 0; i < EFIVMAP__FDT_NPROPS; i++)
		size += prop_cost(p[i].name, (size_t)p[i].len);
	if (boot->bootargs)
		size += prop_cost("bootargs", str_len(boot->bootargs) + 1);
	if (boot->flags & EFIVMAP_FDT_SET_INITRD)
		size += prop_cost("linux,initrd-start", 8) +
			prop_cost("linux,initrd-end", 8);
	if (boot->flags & EFIVMAP_FDT_SET_KASLR_SEED)
		size += prop_cost("kaslr-seed", 8);
	if (boot->flags & EFIVMAP_FDT_SET_SECURE_BOOT)
		size += prop_cost("linux,uefi-secure-boot", 4);
	*needed = size > floor ? size : floor;
	return 0;
}

/* Delete a property that may not be there. */
static int del_opt(void *fdt, int node, const char *name)
{
	int err = fdt_delprop(fdt, node, name);

	return err == -FDT_ERR_NOTFOUND ? 0 : err;
}

/* The edits themselves, on a buffer known to be large enough. */
static int prepare_write(void *buf, int size, const void *base,
			 const struct efivmap_fdt_boot *boot)
{
	const struct efivmap__fdt_prop *p = efivmap__fdt_chosen.props;
	int node, err, i;

	err = fdt_open_into(base, buf, size);
	if (err)
		return err;
	node = fdt_path_offset(buf, efivmap__fdt_chosen.path);
	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_add_subnode(buf, 0, "chosen");
	if (node < 0)
		return node;

	err = fdt_setprop_u64(buf, node, p[EFIVMAP__FDT_SYSTAB].name,
			      boot->system_table);
	/* Placeholders at their final lengths, for commit's in-place writes. */
	for (i = EFIVMAP__FDT_MMSTART; !err && i < EFIVMAP__FDT_NPROPS; i++) {
		if (p[i].len == 8)
			err = fdt_setprop_u64(buf, node, p[i].name, 0);
		else
			err = fdt_setprop_u32(buf, node, p[i].name, 0);
	}
	if (!err && boot->bootargs)
		/* Not fdt_setprop_string(): it needs the C library for the length. */
		err = fdt_setprop(buf, node, "bootargs", boot->bootargs,
				  (int)(str_len(boot->bootargs) + 1));
	if (!err && (boot->flags & EFIVMAP_FDT_SET_INITRD)) {
		err = fdt_setprop_u64(buf, node, "linux,initrd-start",
				      boot->initrd_start);
		if (!err)
			err = fdt_setprop_u64(buf, node, "linux,initrd-end",
					      boot->initrd_end);
	}
	if (!err && (boot->flags & EFIVMAP_FDT_CLEAR_INITRD)) {
		err = del_opt(buf, node, "linux,initrd-start");
		if (!err)
			err = del_opt(buf, node, "linux,initrd-end");
	}
	if (!err && (boot->flags & EFIVMAP_FDT_SET_KASLR_SEED))
		err = fdt_setprop_u64(buf, node, "kaslr-seed",
				      boot->kaslr_seed);
	if (!err && (boot->flags & EFIVMAP_FDT_SET_SECURE_BOOT))
		err = fdt_setprop_u32(buf, node, "linux,uefi-secure-boot",
				      boot->secure_boot);
	return err;
}

/* @buf may be @base itself (an edit in place), but no other overlap. */
static int check_buffers(const void *buf, size_t buf_size, const void *base,
			 size_t base_size, struct efivmap_diag *diag)
{
	if ((!buf && buf_size) || !efivmap__fdt_aligned(buf) ||
	    !efivmap__fdt_aligned(base))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "device tree buffer NULL or not 8-byte aligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (base && buf != base &&
	    efivmap__fdt_overlaps(buf, buf_size, base, base_size))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "device tree buffer overlaps the tree",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	return 0;
}

/* A tree prepare can rewrite so that the next kernel reads the result. */
static int check_base(const void *base, size_t base_size,
		      struct efivmap_diag *diag)
{
	int err;

	err = efivmap__fdt_check(base, base_size, diag);
	if (err)
		return err;
	/*
	 * libfdt upgrades version-16 trees while opening them, and a fuzzed
	 * v16 tree that passed the full check came out corrupt. Firmware and
	 * dtc have written version 17 for well over a decade.
	 */
	if (fdt_version(base) < 17)
		return efivmap__fail(diag, EFIVMAP_ERR_UNSUPPORTED,
				     "device tree version below 17 cannot be rewritten",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     fdt_version(base));
	/*
	 * Linux looks at /hypervisor/uefi before /chosen and, when that node
	 * exists, never at /chosen: values written there would be ignored.
	 * Refuse rather than hand the next kernel a map it will not read.
	 */
	if (fdt_path_offset(base, efivmap__fdt_xen.path) >= 0)
		return efivmap__fail(diag, EFIVMAP_ERR_UNSUPPORTED,
				     "tree has a /hypervisor/uefi node, which Linux reads instead of /chosen",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	return 0;
}

int efivmap_fdt_prepare(void *buf, size_t buf_size, const void *base,
			size_t base_size, const struct efivmap_fdt_boot *boot,
			size_t *needed, struct efivmap_diag *diag)
{
	size_t need, use;
	int err;

	err = check_buffers(buf, buf_size, base, base_size, diag);
	if (err)
		return err;
	err = check_boot(boot, diag);
	if (err)
		return err;
	if (!base) {
		base = &empty_tree;
		base_size = sizeof(empty_tree);
	}
	err = check_base(base, base_size, diag);
	if (err)
		return err;
	err = prepare_size(base, boot, &need);
	if (err)
		return efivmap__fdt_fail(diag, err);
	if (needed)
		*needed = need;
	use = buf_size > FDT_SIZE_MAX ? FDT_SIZE_MAX : buf_size;
	if (use < need)
		return efivmap__fail(diag, EFIVMAP_ERR_NOSPACE,
				     "device tree buffer too small",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     need);
	err = prepare_write(buf, (int)use, base, boot);
	if (err)
		return efivmap__fdt_fail(diag, err);
	/* Never hand on a tree the next reader would reject. */
	return efivmap__fdt_check(buf, use, diag);
}
