/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Shared by the libFuzzer targets: a reader that turns the fuzzer's bytes
 * into parameters (running dry yields zeros, so every input is usable),
 * and the check macro. A broken invariant aborts, which libFuzzer reports
 * as a crash with the input saved.
 */
#ifndef EFIVMAP_FUZZ_H
#define EFIVMAP_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

struct fz {
	const uint8_t *p;
	size_t n;
};

/* Up to 8 bytes, little-endian. */
static inline uint64_t fz_bytes(struct fz *f, unsigned k)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < k && f->n; i++, f->p++, f->n--)
		v |= (uint64_t)*f->p << (8 * i);
	return v;
}

static inline void fz_skip(struct fz *f, size_t k)
{
	k = k < f->n ? k : f->n;
	f->p += k;
	f->n -= k;
}

static inline uint8_t fz_u8(struct fz *f)
{
	return (uint8_t)fz_bytes(f, 1);
}

static inline uint16_t fz_u16(struct fz *f)
{
	return (uint16_t)fz_bytes(f, 2);
}

static inline uint32_t fz_u32(struct fz *f)
{
	return (uint32_t)fz_bytes(f, 4);
}

static inline uint64_t fz_u64(struct fz *f)
{
	return fz_bytes(f, 8);
}

/* An exact-size heap copy, so any overrun is an ASan report; malloc's
 * alignment covers the 8 bytes the library asks for. */
static inline void *fz_dup(const void *src, size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	if (n)
		memcpy(p, src, n);
	return p;
}

#endif
