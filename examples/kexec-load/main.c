// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * efivmap-kexec: a minimal kexec loader for arm64 Linux on UEFI, built on
 * libefivmap. It takes the UEFI properties from the running kernel's DT
 * (/sys/firmware/fdt), reads the memory map they point to, refuses to go
 * on unless the runtime layout passes efivmap_layout_check(), and loads
 * the next kernel with kexec_load(2): kernel, initramfs, a DT that carries
 * the same UEFI properties (efivmap_fdt_carry()), and a purgatory that
 * enters the kernel with x0 = DT.
 *
 *   efivmap-kexec [--fdt FILE] [--va-bits N] [--window BASE:LIMIT]
 *                 [--print] [--check-only | --dry-run]
 *                 [--kernel IMAGE --initrd FILE --append CMDLINE]
 *   efivmap-kexec --exec       reboot into the loaded kernel
 *   efivmap-kexec --save-initrd FILE
 *                              write the running kernel's initramfs (kept
 *                              with retain_initrd) to FILE
 *
 * --print writes the runtime layout as one line, "EFIVMAP-RT: rt=N
 * vas=VA:PA:PAGES,..." (hex, map order). Exit status: 0, 1 for a usage or
 * I/O error, 2 when the layout check refuses the handover.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <efivmap/efivmap.h>
#include <efivmap/fdt.h>
#include <libfdt.h>
#include "physmem.h"
#include "place.h"

#define PAGE 4096u
#define KERNEL_ALIGN (UINT64_C(2) << 20)
#define IMAGE_MAGIC 0x644d5241u		/* "ARM\x64" at offset 56 */

extern const unsigned char kexec_purgatory[], kexec_purgatory_end[];

struct opts {
	const char *fdt, *kernel, *initrd, *append, *save_initrd;
	unsigned int va_bits;
	uint64_t base, limit;
	int window, print, check_only, dry_run, exec;
};

struct file {
	void *data;
	size_t size;
};

static void die(int code, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("efivmap-kexec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void diag_die(int code, const char *what, int err,
		     const struct efivmap_diag *d)
{
	if (d->what)
		die(code, "%s: %s (%s, descriptor %d, address 0x%llx)", what,
		    efivmap_strerror(err), d->what,
		    d->index == EFIVMAP_DIAG_NONE ? -1 : (int)d->index,
		    (unsigned long long)d->addr);
	die(code, "%s: %s", what, efivmap_strerror(err));
}

/* The whole file, 8-byte aligned (libfdt needs that); sysfs files too. */
static struct file slurp(const char *path)
{
	struct file f = { 0 };
	size_t cap = 1 << 16;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		die(1, "%s: %s", path, strerror(errno));
	if (!fstat(fd, &st) && st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	for (;;) {
		ssize_t n;

		if (!f.data || f.size == cap) {
			if (f.data)
				cap *= 2;
			f.data = realloc(f.data, cap);
			if (!f.data)
				die(1, "%s: out of memory", path);
		}
		n = read(fd, (char *)f.data + f.size, cap - f.size);
		if (n < 0)
			die(1, "%s: %s", path, strerror(errno));
		if (!n)
			break;
		f.size += (size_t)n;
	}
	close(fd);
	return f;
}

static uint64_t parse_u64(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		die(1, "bad %s '%s'", what, s);
	return v;
}

static void parse(struct opts *o, int argc, char **argv)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->fdt = "/sys/firmware/fdt";
	o->va_bits = EFIVMAP_LAYOUT_VA_BITS;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		char *colon;

		if (!strcmp(a, "--print")) {
			o->print = 1;
			continue;
		} else if (!strcmp(a, "--check-only")) {
			o->check_only = 1;
			continue;
		} else if (!strcmp(a, "--dry-run")) {
			o->dry_run = 1;
			continue;
		} else if (!strcmp(a, "--exec")) {
			o->exec = 1;
			continue;
		}
		/* Every other option takes a value. */
		if (i + 1 >= argc)
			die(1, "%s: unknown, or missing its value", a);
		v = argv[++i];
		if (!strcmp(a, "--fdt")) {
			o->fdt = v;
		} else if (!strcmp(a, "--kernel")) {
			o->kernel = v;
		} else if (!strcmp(a, "--initrd")) {
			o->initrd = v;
		} else if (!strcmp(a, "--save-initrd")) {
			o->save_initrd = v;
		} else if (!strcmp(a, "--append")) {
			o->append = v;
		} else if (!strcmp(a, "--va-bits")) {
			o->va_bits = (unsigned int)parse_u64(v, "VA size");
		} else if (!strcmp(a, "--window")) {
			colon = strchr(argv[i], ':');
			if (!colon)
				die(1, "--window wants BASE:LIMIT");
			*colon = 0;
			o->base = parse_u64(v, "window base");
			o->limit = parse_u64(colon + 1, "window limit");
			o->window = 1;
		} else {
			die(1, "unknown option %s", a);
		}
	}
}

static uint64_t chosen_u64(const void *fdt, const char *name)
{
	int node = fdt_path_offset(fdt, "/chosen"), len = 0;
	const fdt32_t *p;

	p = node < 0 ? NULL : fdt_getprop(fdt, node, name, &len);
	if (!p || (len != 4 && len != 8))
		die(1, "the DT has no usable /chosen/%s", name);
	return len == 4 ? fdt32_to_cpu(p[0]) :
	       (uint64_t)fdt32_to_cpu(p[0]) << 32 | fdt32_to_cpu(p[1]);
}

/* The initramfs the running kernel was given, read back from memory. */
static void save_initrd(const struct file *fdt, const char *path)
{
	uint64_t start, end;
	const char *why;
	void *buf;
	int fd;

	if (fdt_check_full(fdt->data, fdt->size))
		die(1, "the DT is not valid");
	start = chosen_u64(fdt->data, "linux,initrd-start");
	end = chosen_u64(fdt->data, "linux,initrd-end");
	if (end <= start || end - start > (UINT64_C(1) << 31))
		die(1, "bad initrd range 0x%llx-0x%llx",
		    (unsigned long long)start, (unsigned long long)end);
	buf = malloc(end - start);
	if (!buf)
		die(1, "out of memory");
	if (physmem_read(start, buf, end - start, &why))
		die(1, "reading the initrd at 0x%llx: %s (boot with "
		    "retain_initrd)", (unsigned long long)start, why);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, buf, end - start) != (ssize_t)(end - start) ||
	    close(fd))
		die(1, "%s: %s", path, strerror(errno));
	free(buf);
}

static void print_layout(const struct efivmap_mmap *map)
{
	struct efivmap_efi_desc *d;
	size_t i;

	printf("EFIVMAP-RT: rt=%zu vas=", efivmap_mmap_count_runtime(map));
	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d))
			printf("%llx:%llx:%llx,",
			       (unsigned long long)d->virt_start,
			       (unsigned long long)d->phys_start,
			       (unsigned long long)d->num_pages);
	printf("\n");
	fflush(stdout);
}

static uint64_t take(struct place *p, uint64_t size, uint64_t align,
		     const char *what)
{
	uint64_t at;

	size = (size + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	if (place_take(p, size, align, &at))
		die(1, "no conventional memory left for the %s (%llu bytes)",
		    what, (unsigned long long)size);
	return at;
}

static void add_seg(struct kexec_segment *s, unsigned int *n,
		    const void *buf, size_t len, uint64_t mem, uint64_t memsz)
{
	s[*n].buf = buf;
	s[*n].bufsz = len;
	s[*n].mem = (void *)(uintptr_t)mem;
	s[*n].memsz = (memsz + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	(*n)++;
}

/* What the running kernel was handed: its DT and the map it points to. */
struct handover {
	struct file fdt;
	struct efivmap_fdt_uefi uefi;
	struct efivmap_mmap map;
};

/* The handover: properties, then the map they point to. */
static void read_handover(struct handover *h)
{
	struct efivmap_diag d = { 0 };
	const char *why;
	void *mapbuf;
	int err;

	err = efivmap_fdt_read(h->fdt.data, h->fdt.size, &h->uefi, &d);
	if (err)
		diag_die(2, "no usable UEFI properties in the DT", err, &d);
	mapbuf = aligned_alloc(8, (h->uefi.mmap_size + 7) & ~7u);
	if (!mapbuf)
		die(1, "out of memory");
	if (physmem_read(h->uefi.mmap_start, mapbuf, h->uefi.mmap_size, &why))
		die(1, "reading the memory map at 0x%llx (%u bytes): %s",
		    (unsigned long long)h->uefi.mmap_start, h->uefi.mmap_size,
		    why);
	err = efivmap_fdt_mmap(&h->uefi, mapbuf, h->uefi.mmap_size, &h->map,
			       &d);
	if (err)
		diag_die(2, "memory map", err, &d);
}

/* Refuse anything this loader's kernel could not map. */
static void check_layout(const struct opts *o, const struct handover *h)
{
	struct efivmap_layout_cfg lc;
	struct efivmap_diag d = { 0 };
	int nrt;

	efivmap_layout_cfg_init(&lc);
	lc.va_bits = o->va_bits;
	if (o->window) {
		lc.base = o->base;
		lc.limit = o->limit;
	} else {
		lc.strategy = EFIVMAP_LAYOUT_FLAT;
	}
	nrt = efivmap_layout_check(&h->map, &lc, &d);
	if (nrt < 0)
		diag_die(2, "runtime layout check failed, refusing to kexec",
			 nrt, &d);
	fprintf(stderr, "efivmap-kexec: layout ok: %d runtime regions, map "
		"at 0x%llx (%u bytes, stride %u)\n", nrt,
		(unsigned long long)h->uefi.mmap_start, h->uefi.mmap_size,
		h->uefi.desc_size);
	if (o->print)
		print_layout(&h->map);
}

/* The span an arm64 Image's header asks for. */
static void image_span(const struct file *k, const char *path,
		       uint64_t *text_offset, uint64_t *image_size)
{
	if (k->size < 64 || ((uint32_t *)k->data)[14] != IMAGE_MAGIC)
		die(1, "%s: not an arm64 Image", path);
	memcpy(text_offset, (char *)k->data + 8, 8);
	memcpy(image_size, (char *)k->data + 16, 8);
	if (!*image_size) {
		*text_offset = 0x80000;
		*image_size = k->size;
	}
	if (*image_size < k->size)
		*image_size = k->size;
}

/* The next DT: same UEFI properties, new bootargs, initrd, seed. */
static void *next_dt(const struct opts *o, const struct handover *h,
		     uint64_t imem, size_t initrd_size, size_t *need)
{
	struct efivmap_fdt_boot fb = { 0 };
	struct efivmap_diag d = { 0 };
	void *next;
	int err;

	fb.bootargs = o->append;
	fb.initrd_start = imem;
	fb.initrd_end = imem + initrd_size;
	fb.flags = EFIVMAP_FDT_SET_INITRD | EFIVMAP_FDT_SET_KASLR_SEED;
	if (getrandom(&fb.kaslr_seed, sizeof(fb.kaslr_seed), 0) !=
	    sizeof(fb.kaslr_seed))
		fb.kaslr_seed = 0;
	*need = 0;
	err = efivmap_fdt_carry(NULL, 0, h->fdt.data, h->fdt.size, &h->uefi,
				&fb, need, &d);
	if (err && err != -EFIVMAP_ERR_NOSPACE)
		diag_die(1, "sizing the next DT", err, &d);
	next = aligned_alloc(8, (*need + 7) & ~(size_t)7);
	if (!next)
		die(1, "out of memory");
	err = efivmap_fdt_carry(next, *need, h->fdt.data, h->fdt.size,
				&h->uefi, &fb, need, &d);
	if (err)
		diag_die(1, "writing the next DT", err, &d);
	return next;
}

/* The purgatory, with the DT and kernel addresses in its last 16 bytes. */
static unsigned char *purgatory(uint64_t dmem, uint64_t kmem, size_t *plen)
{
	unsigned char *purg = aligned_alloc(8, PAGE);

	*plen = (size_t)(kexec_purgatory_end - kexec_purgatory);
	if (!purg)
		die(1, "out of memory");
	memcpy(purg, kexec_purgatory, *plen);
	memcpy(purg + *plen - 16, &dmem, 8);
	memcpy(purg + *plen - 8, &kmem, 8);
	return purg;
}

/* Place kernel, initramfs, DT and purgatory in conventional memory. */
static void load_next(const struct opts *o, const struct handover *h)
{
	struct file kernel, initrd;
	struct place *pl;
	struct kexec_segment segs[4];
	unsigned int nseg = 0;
	uint64_t text_offset, image_size, kmem, imem, dmem, pmem;
	unsigned char *purg;
	size_t need, plen;
	void *next;

	kernel = slurp(o->kernel);
	initrd = slurp(o->initrd);
	image_span(&kernel, o->kernel, &text_offset, &image_size);
	pl = malloc(sizeof(*pl));
	if (!pl || place_init(pl, &h->map))
		die(1, "too many conventional memory regions");
	kmem = take(pl, text_offset + image_size, KERNEL_ALIGN, "kernel") +
	       text_offset;
	imem = take(pl, initrd.size, PAGE, "initramfs");
	next = next_dt(o, h, imem, initrd.size, &need);
	dmem = take(pl, need, PAGE, "DT");
	purg = purgatory(dmem, kmem, &plen);
	pmem = take(pl, PAGE, PAGE, "purgatory");

	add_seg(segs, &nseg, kernel.data, kernel.size, kmem, image_size);
	add_seg(segs, &nseg, initrd.data, initrd.size, imem, initrd.size);
	add_seg(segs, &nseg, next, need, dmem, need);
	add_seg(segs, &nseg, purg, plen, pmem, PAGE);
	fprintf(stderr, "efivmap-kexec: kernel 0x%llx (%zu bytes), initramfs "
		"0x%llx (%zu), DT 0x%llx (%zu), purgatory 0x%llx\n",
		(unsigned long long)kmem, kernel.size,
		(unsigned long long)imem, initrd.size,
		(unsigned long long)dmem, need, (unsigned long long)pmem);
	if (o->dry_run)
		return;
	if (syscall(SYS_kexec_load, (unsigned long)pmem, (unsigned long)nseg,
		    segs, (unsigned long)KEXEC_ARCH_DEFAULT))
		die(1, "kexec_load: %s", strerror(errno));
	fprintf(stderr, "efivmap-kexec: loaded; 'efivmap-kexec --exec' "
		"boots it\n");
}

int main(int argc, char **argv)
{
	struct opts o;
	struct handover h;

	parse(&o, argc, argv);
	if (o.exec) {
		sync();
		reboot(LINUX_REBOOT_CMD_KEXEC);
		die(1, "reboot(LINUX_REBOOT_CMD_KEXEC): %s", strerror(errno));
	}
	h.fdt = slurp(o.fdt);
	if (o.save_initrd) {
		save_initrd(&h.fdt, o.save_initrd);
		return 0;
	}
	read_handover(&h);
	check_layout(&o, &h);
	if (o.check_only)
		return 0;
	if (!o.kernel || !o.initrd)
		die(1, "--kernel and --initrd are needed to load");
	load_next(&o, &h);
	return 0;
}
