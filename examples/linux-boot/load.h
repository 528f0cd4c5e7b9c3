/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Files from the volume the stub was loaded from: the configuration, the
 * kernel Image (placed by its header's rules) and the initramfs.
 */
#ifndef LINUX_BOOT_LOAD_H
#define LINUX_BOOT_LOAD_H

#include <efi.h>
#include <efivmap/boot.h>

/* The arm64 Image header (Documentation/arm64/booting.rst). */
struct lb_image_header {
	uint32_t code0, code1;
	uint64_t text_offset;
	uint64_t image_size;
	uint64_t flags;
	uint64_t res2, res3, res4;
	uint32_t magic;		/* "ARM\x64" */
	uint32_t res5;
};

#define LB_IMAGE_MAGIC 0x644d5241u
/* flags bit 3: the kernel may be placed anywhere in memory. */
#define LB_IMAGE_ANYWHERE 0x8u
#define LB_IMAGE_ALIGN (UINT64_C(2) << 20)

struct lb_blob {
	struct efivmap_alloc alloc;	/* the pages holding it */
	uint64_t start;			/* first byte loaded */
	uint64_t size;			/* bytes read from the file */
	uint64_t span;			/* bytes the kernel owns from start */
};

/* A small text file into @buf (NUL-terminated); EFI_NOT_FOUND if absent. */
EFI_STATUS lb_read_text(EFI_FILE_HANDLE root, CHAR16 *name, char *buf,
			UINTN cap);

/*
 * The kernel: 2 MiB-aligned base + text_offset, image_size bytes owned.
 * @why is set to a reason when the file is not a usable Image.
 */
EFI_STATUS lb_load_image(EFI_FILE_HANDLE root, CHAR16 *name,
			 const struct efivmap_fw_ops *ops, struct lb_blob *out,
			 const char **why);

/* Any file, page aligned. */
EFI_STATUS lb_load_file(EFI_FILE_HANDLE root, CHAR16 *name,
			const struct efivmap_fw_ops *ops, struct lb_blob *out);

#endif
