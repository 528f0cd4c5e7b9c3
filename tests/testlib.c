/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
#define _GNU_SOURCE
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *data_dir(void)
{
	const char *d = getenv("EFIVMAP_TEST_DATA");

	return d ? d : "tests/data";
}

void *tl_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long len;
	char *buf;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = aligned_alloc(8, ((size_t)len + 8) & ~(size_t)7);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
		abort();
	buf[len] = '\0';
	fclose(f);
	if (size)
		*size = (size_t)len;
	return buf;
}

void *tl_read_data(const char *name, size_t *size)
{
	char path[4096];
	void *buf;

	snprintf(path, sizeof(path), "%s/%s", data_dir(), name);
	buf = tl_read_file(path, size);
	if (!buf) {
		fprintf(stderr, "test data %s: cannot open\n", path);
		abort();
	}
	return buf;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in tests/data/@sub ending in @suffix, as "@sub/name" when @sub is
 * not empty, so tl_read_data() takes them as they are. */
static char **list_dir(const char *sub, const char *suffix)
{
	char path[4096];
	DIR *dir;
	struct dirent *e;
	char **names = calloc(1, sizeof(*names));
	size_t n = 0, sl = strlen(suffix);

	snprintf(path, sizeof(path), "%s/%s", data_dir(), sub);
	dir = opendir(path);
	if (!dir || !names)
		abort();
	while ((e = readdir(dir))) {
		size_t l = strlen(e->d_name);

		if (l < sl || strcmp(e->d_name + l - sl, suffix) != 0)
			continue;
		snprintf(path, sizeof(path), "%s%s%s", sub, *sub ? "/" : "",
			 e->d_name);
		names = realloc(names, (n + 2) * sizeof(*names));
		if (!names || !(names[n++] = strdup(path)))
			abort();
		names[n] = NULL;
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_names);
	return names;
}

char **tl_list_data(const char *suffix)
{
	return list_dir("", suffix);
}

char **tl_list_captured(const char *suffix)
{
	return list_dir("captured", suffix);
}

void tl_free_names(char **names)
{
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

void tl_map_init(struct tl_map *m, size_t desc_size)
{
	m->desc_size = desc_size;
	m->count = 0;
	m->cap = 16;
	m->buf = aligned_alloc(8, m->cap * desc_size);
	if (!m->buf)
		abort();
}

void tl_map_add(struct tl_map *m, uint32_t type, uint64_t phys,
		uint64_t pages, uint64_t attr)
{
	struct efivmap_efi_desc d = {
		.type = type, .phys_start = phys, .num_pages = pages,
		.attribute = attr,
	};

	if (m->count == m->cap) {
		uint8_t *nb = aligned_alloc(8, 2 * m->cap * m->desc_size);

		if (!nb)
			abort();
		memcpy(nb, m->buf, m->cap * m->desc_size);
		free(m->buf);
		m->buf = nb;
		m->cap *= 2;
	}
	memset(m->buf + m->count * m->desc_size, 0xA5, m->desc_size);
	memcpy(m->buf + m->count * m->desc_size, &d, sizeof(d));
	m->count++;
}

struct efivmap_efi_desc *tl_map_desc(struct tl_map *m, size_t i)
{
	return (struct efivmap_efi_desc *)(void *)(m->buf + i * m->desc_size);
}

size_t tl_map_size(const struct tl_map *m)
{
	return m->count * m->desc_size;
}

void tl_map_free(struct tl_map *m)
{
	free(m->buf);
	m->buf = NULL;
}
