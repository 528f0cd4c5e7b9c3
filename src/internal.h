/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Helpers shared by the library's source files. Not installed.
 *
 * libc is not available here (see env.h), so the few byte and text
 * operations the library needs live in this header and in fmt.c.
 */
#ifndef EFIVMAP_INTERNAL_H
#define EFIVMAP_INTERNAL_H

#include "efivmap/env.h"
#include "efivmap/efi.h"
#include "efivmap/error.h"

#define EFIVMAP_SZ_4K  (UINT64_C(1) << 12)
#define EFIVMAP_SZ_64K (UINT64_C(1) << 16)
#define EFIVMAP_SZ_2M  (UINT64_C(1) << 21)

#define EFIVMAP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* @a must be a power of two. */
static inline uint64_t efivmap__align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static inline uint64_t efivmap__align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static inline bool efivmap__is_aligned(uint64_t x, uint64_t a)
{
	return (x & (a - 1)) == 0;
}

/*
 * The memory class an EFI region gets, decided from its type and
 * cacheability bits alone. The table policy turns it into a memory type
 * (pt_policy.c); the layout keeps regions of different classes out of one
 * 64 KiB VA page, which no kernel could map with both types. Inline, so
 * neither module calls the other for it.
 */
#define EFIVMAP__MEM_DEVICE 0u  /* MMIO, or no WB and nothing says memory */
#define EFIVMAP__MEM_NC     1u  /* memory without WB: Normal non-cacheable */
#define EFIVMAP__MEM_WB     2u  /* EFI_MEMORY_WB: Normal write-back */

static inline bool efivmap__efi_is_mmio(uint32_t type)
{
	return type == EFIVMAP_EFI_MMIO || type == EFIVMAP_EFI_MMIO_PORT_SPACE;
}

/* Types the firmware allocates for code and data: memory, whatever the
 * cacheability bits say. */
static inline bool efivmap__efi_holds_memory(uint32_t type)
{
	switch (type) {
	case EFIVMAP_EFI_LOADER_CODE:
	case EFIVMAP_EFI_LOADER_DATA:
	case EFIVMAP_EFI_BOOT_SERVICES_CODE:
	case EFIVMAP_EFI_BOOT_SERVICES_DATA:
	case EFIVMAP_EFI_RUNTIME_SERVICES_CODE:
	case EFIVMAP_EFI_RUNTIME_SERVICES_DATA:
	case EFIVMAP_EFI_CONVENTIONAL:
	case EFIVMAP_EFI_ACPI_RECLAIM:
	case EFIVMAP_EFI_ACPI_NVS:
	case EFIVMAP_EFI_PERSISTENT:
		return true;
	default:
		return false;
	}
}

static inline unsigned efivmap__efi_mem_class(uint32_t type,
					      uint64_t attribute)
{
	if (efivmap__efi_is_mmio(type))
		return EFIVMAP__MEM_DEVICE;
	if (attribute & EFIVMAP_EFI_MEMORY_WB)
		return EFIVMAP__MEM_WB;
	return efivmap__efi_holds_memory(type) ? EFIVMAP__MEM_NC :
						 EFIVMAP__MEM_DEVICE;
}

/*
 * A descriptor stride the library accepts, from firmware, a MAT or text:
 * room for EFI_MEMORY_DESCRIPTOR, and whole 8-byte units so that every
 * descriptor in an aligned buffer stays aligned.
 */
static inline bool efivmap__desc_size_ok(size_t n)
{
	return n >= EFIVMAP_EFI_DESC_MIN_SIZE && n % 8 == 0;
}

/*
 * memcpy and memset of our own, which a freestanding link does not
 * provide: a word at a time when everything is 8-byte aligned (most of
 * our structs), else a byte at a time.
 */
void efivmap__copy(void *dst, const void *src, size_t n);
void efivmap__zero(void *dst, size_t n);

/*
 * Record finding @x in @f (may be NULL: tolerated unheard). Under
 * EFIVMAP_FINDINGS_STRICT, fails instead with x->err and @what, as the
 * library did before it tolerated the defect, unless x->err is 0 (a defect
 * never refused: recorded in either mode); otherwise returns 0.
 */
struct efivmap_findings;
struct efivmap_finding;
int efivmap__finding(struct efivmap_findings *f,
		     const struct efivmap_finding *x, const char *what,
		     struct efivmap_diag *diag);

/*
 * Fill @diag (when given) and return -@err, for one-line error exits.
 * Out of line: there are a hundred error exits, and code size counts.
 */
int efivmap__fail(struct efivmap_diag *diag, int err, const char *what,
		  uint32_t index, uint32_t line, uint64_t addr);

/*
 * A bounded text writer. Writes stop at the end of the buffer but the
 * length keeps counting, so callers learn the size they needed, as with
 * snprintf.
 */
struct efivmap__out {
	char *buf;
	size_t size;
	size_t len;
};

void efivmap__out_init(struct efivmap__out *o, char *buf, size_t size);
void efivmap__out_char(struct efivmap__out *o, char c);
void efivmap__out_str(struct efivmap__out *o, const char *s);
/* @s padded with spaces on the right to @width characters. */
void efivmap__out_str_pad(struct efivmap__out *o, const char *s, size_t width);
/* Lower-case hex, zero-padded to at least @digits, with no "0x". */
void efivmap__out_hex(struct efivmap__out *o, uint64_t v, unsigned digits);
void efivmap__out_dec(struct efivmap__out *o, uint64_t v);
/* NUL-terminates and returns the full length. */
size_t efivmap__out_end(struct efivmap__out *o);

#endif /* EFIVMAP_INTERNAL_H */
