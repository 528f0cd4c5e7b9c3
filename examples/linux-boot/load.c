// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efi.h>
#include <efilib.h>
#include "load.h"

/* Size by seeking to the end: both EDK2 and U-Boot support it. */
static EFI_STATUS file_size(EFI_FILE_HANDLE f, uint64_t *size)
{
	EFI_STATUS s;

	s = f->SetPosition(f, ~(UINT64)0);
	if (!EFI_ERROR(s))
		s = f->GetPosition(f, size);
	if (!EFI_ERROR(s))
		s = f->SetPosition(f, 0);
	return s;
}

static EFI_STATUS read_all(EFI_FILE_HANDLE f, void *buf, uint64_t size)
{
	uint8_t *p = buf;

	while (size) {
		UINTN n = size > (64u << 20) ? (64u << 20) : (UINTN)size;
		EFI_STATUS s = f->Read(f, &n, p);

		if (EFI_ERROR(s))
			return s;
		if (!n)
			return EFI_END_OF_FILE;
		p += n;
		size -= n;
	}
	return EFI_SUCCESS;
}

EFI_STATUS lb_read_text(EFI_FILE_HANDLE root, CHAR16 *name, char *buf,
			UINTN cap)
{
	EFI_FILE_HANDLE f;
	UINTN n = cap - 1;
	EFI_STATUS s;

	s = root->Open(root, &f, name, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(s))
		return s;
	s = f->Read(f, &n, buf);
	f->Close(f);
	buf[EFI_ERROR(s) ? 0 : n] = 0;
	return s;
}

static EFI_STATUS load(EFI_FILE_HANDLE root, CHAR16 *name,
		       const struct efivmap_fw_ops *ops, int kernel,
		       struct lb_blob *out, const char **why)
{
	struct lb_image_header h;
	struct efivmap_alloc a;
	uint64_t size, offset = 0, span;
	EFI_FILE_HANDLE f;
	EFI_STATUS s;
	UINTN n = sizeof(h);

	s = root->Open(root, &f, name, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(s))
		return s;
	s = file_size(f, &size);
	if (EFI_ERROR(s) || !size) {
		f->Close(f);
		*why = "empty or unreadable";
		return EFI_ERROR(s) ? s : EFI_LOAD_ERROR;
	}
	span = size;
	if (kernel) {
		s = f->Read(f, &n, &h);
		if (EFI_ERROR(s) || n != sizeof(h) ||
		    h.magic != LB_IMAGE_MAGIC) {
			f->Close(f);
			*why = "no arm64 Image header";
			return EFI_LOAD_ERROR;
		}
		/* An image_size of 0 means a kernel older than 3.17. */
		offset = h.image_size ? h.text_offset : 0x80000;
		if (h.image_size > span)
			span = h.image_size;
		f->SetPosition(f, 0);
	}
	if (efivmap_alloc_aligned(ops, offset + span, kernel ?
				  LB_IMAGE_ALIGN : 0x1000, &a, NULL)) {
		f->Close(f);
		*why = "out of memory";
		return EFI_OUT_OF_RESOURCES;
	}
	s = read_all(f, (void *)(uintptr_t)(a.phys + offset), size);
	f->Close(f);
	if (EFI_ERROR(s)) {
		efivmap_free_aligned(ops, &a, NULL);
		*why = "read error";
		return s;
	}
	out->alloc = a;
	out->start = a.phys + offset;
	out->size = size;
	out->span = span;
	return EFI_SUCCESS;
}

EFI_STATUS lb_load_image(EFI_FILE_HANDLE root, CHAR16 *name,
			 const struct efivmap_fw_ops *ops, struct lb_blob *out,
			 const char **why)
{
	*why = "not found";
	return load(root, name, ops, 1, out, why);
}

EFI_STATUS lb_load_file(EFI_FILE_HANDLE root, CHAR16 *name,
			const struct efivmap_fw_ops *ops, struct lb_blob *out)
{
	const char *why;

	return load(root, name, ops, 0, out, &why);
}
