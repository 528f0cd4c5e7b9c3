// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Runs one fuzz target's checks over files, without libFuzzer: every
 * input the fuzzers ever kept (tests/fuzz/corpus) and every raw data file
 * becomes a regression test of the ordinary build, with any compiler.
 *
 * usage: fuzz-replay-<target> PATH...   (files, or directories, recursed)
 * A broken invariant aborts, naming the check; the last file printed on
 * stderr is the input.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long files;

static int run_file(const char *path)
{
	size_t len;
	uint8_t *text = tl_read_file(path, &len), *exact;

	if (!text) {
		perror(path);
		return 1;
	}
	/* an exact-size copy, as libFuzzer gives: an overread is reported */
	exact = malloc(len ? len : 1);
	if (!exact)
		abort();
	memcpy(exact, text, len);
	free(text);
	fprintf(stderr, "%s\n", path);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	files++;
	return 0;
}

static int run_path(const char *path)
{
	char sub[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int bad = 0;

	if (stat(path, &st)) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (!d) {
		perror(path);
		return 1;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			bad |= run_path(sub);
		}
	closedir(d);
	return bad;
}

int main(int argc, char **argv)
{
	int bad = 0, i;

	for (i = 1; i < argc; i++)
		bad |= run_path(argv[i]);
	printf("%lu inputs replayed\n", files);
	return bad || !files;
}
