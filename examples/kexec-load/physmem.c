// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "physmem.h"

static int full_pread(int fd, void *buf, size_t len, off_t off)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, off);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* The kcore segment holding [pa, pa + len), by its p_paddr. */
static int kcore_read(uint64_t pa, void *buf, size_t len, const char **why)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd, i, ret = -1;

	fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = "cannot open /proc/kcore";
		return -1;
	}
	*why = "no /proc/kcore segment holds the address";
	if (full_pread(fd, &eh, sizeof(eh), 0) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(ph)) {
		*why = "/proc/kcore is not a 64-bit ELF file";
		goto out;
	}
	for (i = 0; i < eh.e_phnum; i++) {
		if (full_pread(fd, &ph, sizeof(ph),
			       (off_t)(eh.e_phoff + (uint64_t)i * sizeof(ph))))
			break;
		if (ph.p_type != PT_LOAD || ph.p_paddr == UINT64_MAX ||
		    pa < ph.p_paddr || pa - ph.p_paddr > ph.p_memsz ||
		    len > ph.p_memsz - (pa - ph.p_paddr))
			continue;
		if (full_pread(fd, buf, len,
			       (off_t)(ph.p_offset + (pa - ph.p_paddr)))) {
			*why = "reading /proc/kcore failed";
			break;
		}
		ret = 0;
		break;
	}
out:
	close(fd);
	return ret;
}

static int devmem_read(uint64_t pa, void *buf, size_t len, const char **why)
{
	int fd = open("/dev/mem", O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0) {
		*why = "cannot open /dev/mem";
		return -1;
	}
	ret = full_pread(fd, buf, len, (off_t)pa);
	if (ret)
		*why = "/dev/mem refused the range";
	close(fd);
	return ret;
}

int physmem_read(uint64_t pa, void *buf, size_t len, const char **why)
{
	const char *kwhy;

	if (!kcore_read(pa, buf, len, &kwhy))
		return 0;
	if (!devmem_read(pa, buf, len, why))
		return 0;
	*why = kwhy;
	return -1;
}
