/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* Helpers for the unit tests: test data files and synthetic maps. */
#ifndef EFIVMAP_TESTLIB_H
#define EFIVMAP_TESTLIB_H

#include <stddef.h>
#include <stdint.h>
#include "efivmap/efi.h"

/* Read the file at @path whole: NULL when it cannot be opened, abort on
 * a read error. The buffer is 8-byte aligned, NUL-terminated and must be
 * free()d. */
void *tl_read_file(const char *path, size_t *size);

/* The same for tests/data/@name; aborts the test program when missing. */
void *tl_read_data(const char *name, size_t *size);

/* The names of every file in tests/data ending in @suffix, sorted,
 * NULL-terminated; free with tl_free_names(). */
char **tl_list_data(const char *suffix);
/* The same for tests/data/captured, each name as "captured/<file>". */
char **tl_list_captured(const char *suffix);
void tl_free_names(char **names);

/*
 * A synthetic map at any stride. tl_map_add() appends a descriptor and
 * fills the bytes beyond the 40-byte struct with 0xA5, so code that uses
 * sizeof instead of the stride shows up.
 */
struct tl_map {
	uint8_t *buf;
	size_t desc_size;
	size_t count;
	size_t cap;
};
void tl_map_init(struct tl_map *m, size_t desc_size);
void tl_map_add(struct tl_map *m, uint32_t type, uint64_t phys,
		uint64_t pages, uint64_t attr);
struct efivmap_efi_desc *tl_map_desc(struct tl_map *m, size_t i);
size_t tl_map_size(const struct tl_map *m);
void tl_map_free(struct tl_map *m);

#endif
