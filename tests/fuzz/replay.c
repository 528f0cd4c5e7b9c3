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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long files;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(path);
		return 1;
	}
	/* an exact-size copy, so an overread is a sanitizer report */
	buf = malloc(len ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		return 1;
	}
	fclose(f);
	fprintf(stderr, "%s\n", path);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
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
