// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * efivmap fdt: the library's /chosen handoff, on files.
 *
 *   get    what a kernel (or kexec loader) would read from a DTB
 *   set    what a boot stub writes: prepare, then commit
 *   carry  what a kexec loader does: read the current DTB, check the
 *          runtime layout of the memory map it points to, and write the
 *          next kernel's DTB with the same UEFI properties
 *
 * carry is the file-based kexec example: give it /sys/firmware/fdt, the
 * memory map and an output name, then pass the output to kexec-tools with
 * --dtb.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <libfdt.h>

#include "cli.h"
#include "opts.h"
#include "efivmap/fdt.h"
#include "efivmap/layout.h"

static const char fdt_usage[] =
"Usage: efivmap fdt get [options] DTB|- [MAP]\n"
"       efivmap fdt set [options] IN|--empty OUT\n"
"       efivmap fdt carry [options] CUR MAP OUT\n"
"\n"
"The UEFI handoff in /chosen: linux,uefi-system-table, linux,uefi-mmap-start\n"
"(u64), linux,uefi-mmap-size, -desc-size, -desc-ver (u32), read the way\n"
"Linux reads them (also from /hypervisor/uefi, xen,uefi-*).\n"
"\n"
"get    print the properties. With MAP, the memory map they point to (its\n"
"       raw bytes, linux,uefi-mmap-size long), also check its runtime\n"
"       layout as a kexec loader would.\n"
"         --va-bits N        VA size of the kernel that maps it (default 48)\n"
"\n"
"set    copy IN (or an empty tree) to OUT with the properties written, as a\n"
"       boot stub does. Without the --mmap options only the first phase\n"
"       runs: the memory-map properties are zero placeholders.\n"
"         --system-table ADDR   required\n"
"         --mmap-start ADDR, --mmap-size N, --desc-size N  (together)\n"
"         --desc-ver N       default 1\n"
"         --bootargs TEXT\n"
"         --initrd-start ADDR --initrd-end ADDR, or --no-initrd\n"
"         --kaslr-seed N|random\n"
"         --pad N            leave N free bytes in OUT (default 0)\n"
"\n"
"carry  kexec: read CUR (e.g. /sys/firmware/fdt), check the runtime layout\n"
"       of MAP (the raw memory map CUR points to), and write OUT for the\n"
"       next kernel (kexec-tools --dtb OUT) with the same UEFI properties.\n"
"       The previous kernel's initrd properties are dropped unless an\n"
"       initrd is given or --keep-initrd.\n"
"         --base DTB         start from DTB instead of CUR\n"
"         --va-bits N        VA size of the next kernel (default 48): any\n"
"                            VA it can map in TTBR0 is accepted\n"
"         --bootargs TEXT\n"
"         --initrd-start ADDR --initrd-end ADDR, or --keep-initrd\n"
"         --kaslr-seed N|random  (Linux zeroes the seed it used)\n"
"\n"
"OUT '-' writes to stdout. Exit status: 0 success, 1 bad input (the message\n"
"names the file and the property or descriptor), 2 bad usage.\n";

/* ---- arguments: opts.c, options anywhere, up to four positionals ----- */

static void fdt_opts_init(struct cli_opts *o, const char *cmd, int argc,
			  char **argv)
{
	cli_opts_init(o, cmd, argc, argv);
	/* The commands count their positionals themselves, for the message. */
	o->max_pos = CLI_OPTS_MAX_POS;
}

/* cli_opt_u64(), also noting that the option was given. */
static bool opt_u64(struct cli_opts *o, const char *name, uint64_t *val,
		    bool *given)
{
	if (!cli_opt_u64(o, name, val))
		return false;
	if (o->status == CLI_OK && given)
		*given = true;
	return true;
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

/* ---- options shared by set and carry --------------------------------- */

struct boot_opts {
	struct efivmap_fdt_boot boot;
	bool initrd_start, initrd_end, no_initrd, keep_initrd;
};

static bool parse_seed(struct cli_opts *a, struct boot_opts *b)
{
	const char *s;

	if (!cli_opt_value(a, "kaslr-seed", &s))
		return false;
	if (a->status)
		return true;
	if (strcmp(s, "random") == 0) {
		if (getrandom(&b->boot.kaslr_seed, sizeof(b->boot.kaslr_seed),
			      0) != (ssize_t)sizeof(b->boot.kaslr_seed)) {
			cli_err("%s: --kaslr-seed random: no randomness",
				a->cmd);
			a->status = CLI_BAD_INPUT;
			return true;
		}
	} else if (!cli_parse_u64(s, &b->boot.kaslr_seed)) {
		a->status = cli_usage_error(a->cmd,
					    "--kaslr-seed: '%s' is not a number or 'random'",
					    s);
		return true;
	}
	b->boot.flags |= EFIVMAP_FDT_SET_KASLR_SEED;
	return true;
}

/* The options of set and carry that shape the next kernel's /chosen. */
static bool parse_boot_opt(struct cli_opts *a, struct boot_opts *b)
{
	const char *s;

	if (cli_opt_value(a, "bootargs", &s)) {
		b->boot.bootargs = s;
		return true;
	}
	if (opt_u64(a, "initrd-start", &b->boot.initrd_start,
		    &b->initrd_start))
		return true;
	if (opt_u64(a, "initrd-end", &b->boot.initrd_end, &b->initrd_end))
		return true;
	return parse_seed(a, b);
}

static int finish_boot_opts(struct cli_opts *a, struct boot_opts *b,
			    bool clear_by_default)
{
	if (b->initrd_start != b->initrd_end)
		return cli_usage_error(a->cmd,
				       "--initrd-start and --initrd-end go together");
	if (b->initrd_start && (b->no_initrd || b->keep_initrd))
		return cli_usage_error(a->cmd,
				       "an initrd was given and also --%s-initrd",
				       b->no_initrd ? "no" : "keep");
	if (b->initrd_start && b->boot.initrd_end < b->boot.initrd_start)
		return cli_usage_error(a->cmd,
				       "--initrd-end is below --initrd-start");
	if (b->initrd_start)
		b->boot.flags |= EFIVMAP_FDT_SET_INITRD;
	else if (b->no_initrd || (clear_by_default && !b->keep_initrd))
		b->boot.flags |= EFIVMAP_FDT_CLEAR_INITRD;
	return CLI_OK;
}

/* ---- files ------------------------------------------------------------ */

static int read_file(struct cli_file *f, const char *path)
{
	memset(f, 0, sizeof(*f));
	return cli_read_file(f, path) ? CLI_BAD_INPUT : CLI_OK;
}

static int read_uefi(const struct cli_file *dtb, struct efivmap_fdt_uefi *u)
{
	struct efivmap_diag diag;
	int err;

	cli_diag_clear(&diag);
	err = efivmap_fdt_read(dtb->data, dtb->size, u, &diag);
	if (err)
		return cli_input_error(dtb->name, err, &diag, NULL);
	return CLI_OK;
}

/* The names as they appear in the tree the values came from. */
static const char *prefix(const struct efivmap_fdt_uefi *u)
{
	return (u->flags & EFIVMAP_FDT_UEFI_XEN) ? "xen" : "linux";
}

/*
 * Load MAP, the raw memory map @u points to, and check its layout as a
 * loader must before trusting it. Returns the runtime descriptor count
 * (>= 0) or a negative exit status.
 */
static int check_map(struct cli_file *map, const char *path,
		     const struct efivmap_fdt_uefi *u, uint32_t va_bits,
		     const char *dtb_name)
{
	struct efivmap_layout_cfg cfg;
	struct efivmap_mmap view;
	struct efivmap_diag diag;
	int err;

	if (read_file(map, path))
		return -CLI_BAD_INPUT;
	if (map->size != u->mmap_size) {
		cli_err("%s: %zu bytes, but %s,uefi-mmap-size in %s is %" PRIu32
			" (the map must be the raw descriptors it points to)",
			cli_display_name(path), map->size, prefix(u),
			cli_display_name(dtb_name), u->mmap_size);
		return -CLI_BAD_INPUT;
	}
	cli_diag_clear(&diag);
	err = efivmap_fdt_mmap(u, map->data, map->size, &view, &diag);
	if (err)
		return -cli_input_error(path, err, &diag, "memory map");
	efivmap_layout_cfg_init(&cfg);
	/* A loader does not know how the layout was planned: accept any VA
	 * the next kernel can map in TTBR0, and nothing else. */
	cfg.strategy = EFIVMAP_LAYOUT_FLAT;
	cfg.va_bits = va_bits;
	cli_diag_clear(&diag);
	err = efivmap_layout_check(&view, &cfg, &diag);
	if (err < 0)
		return -cli_input_error(path, err, &diag, "runtime layout");
	return err;
}

static bool parse_va_bits(struct cli_opts *a, uint32_t *va_bits)
{
	uint64_t v;

	if (!opt_u64(a, "va-bits", &v, NULL))
		return false;
	if (a->status)
		return true;
	if (v < 32 || v > 52)
		a->status = cli_usage_error(a->cmd,
					    "--va-bits must be 32 to 52");
	else
		*va_bits = (uint32_t)v;
	return true;
}

/* ---- get -------------------------------------------------------------- */

static int cmd_get(int argc, char **argv)
{
	struct efivmap_fdt_uefi u;
	struct cli_file dtb, map;
	uint32_t va_bits = 48;
	struct cli_opts a;
	int ret;

	fdt_opts_init(&a, "fdt get", argc, argv);
	while (cli_opts_next(&a)) {
		if (parse_va_bits(&a, &va_bits))
			continue;
		cli_opt_other(&a);
	}
	if (a.status)
		return a.status;
	if (a.npos < 1 || a.npos > 2)
		return cli_usage_error(a.cmd,
				       "expected DTB and optionally MAP");

	if (read_file(&dtb, a.pos[0]))
		return CLI_BAD_INPUT;
	ret = read_uefi(&dtb, &u);
	if (ret)
		goto out;
	printf("node %s\n", (u.flags & EFIVMAP_FDT_UEFI_XEN) ?
	       "/hypervisor/uefi" : "/chosen");
	printf("%s,uefi-system-table 0x%016" PRIx64 "\n", prefix(&u),
	       u.system_table);
	printf("%s,uefi-mmap-start 0x%016" PRIx64 "\n", prefix(&u),
	       u.mmap_start);
	printf("%s,uefi-mmap-size %" PRIu32 "\n", prefix(&u), u.mmap_size);
	printf("%s,uefi-mmap-desc-size %" PRIu32 "\n", prefix(&u),
	       u.desc_size);
	printf("%s,uefi-mmap-desc-ver %" PRIu32 "\n", prefix(&u), u.desc_ver);
	if (a.npos == 2) {
		ret = check_map(&map, a.pos[1], &u, va_bits, dtb.name);
		if (ret >= 0) {
			printf("runtime-descriptors %d\n", ret);
			printf("layout ok (any VA a %" PRIu32
			       "-bit kernel maps in TTBR0)\n", va_bits);
			ret = CLI_OK;
		} else {
			ret = -ret;
		}
		cli_free_file(&map);
	}
out:
	cli_free_file(&dtb);
	return ret;
}

/* ---- set -------------------------------------------------------------- */

/* Pack @buf and leave @pad free bytes behind it; NULL when out of memory. */
static void *pack_pad(void *buf, uint64_t pad)
{
	size_t total;
	void *p;

	if (fdt_pack(buf))
		return NULL;
	total = fdt_totalsize(buf);
	if (!pad)
		return buf;
	if (pad > INT32_MAX - total)
		return NULL;
	p = realloc(buf, total + pad);
	if (!p)
		return NULL;
	if (fdt_open_into(p, p, (int)(total + pad))) {
		free(p);
		return NULL;
	}
	return p;
}

struct set_args {
	struct boot_opts b;
	uint64_t mm_start, mm_size, dsize, dver, pad;
	bool have_systab, have_start, have_size, have_dsize, empty;
	const char *in, *out;
};

static int parse_set(struct cli_opts *a, struct set_args *sa)
{
	struct boot_opts *b = &sa->b;

	while (cli_opts_next(a)) {
		if (opt_u64(a, "system-table", &b->boot.system_table,
			    &sa->have_systab) ||
		    opt_u64(a, "mmap-start", &sa->mm_start, &sa->have_start) ||
		    opt_u64(a, "mmap-size", &sa->mm_size, &sa->have_size) ||
		    opt_u64(a, "desc-size", &sa->dsize, &sa->have_dsize) ||
		    opt_u64(a, "desc-ver", &sa->dver, NULL) ||
		    opt_u64(a, "pad", &sa->pad, NULL) ||
		    parse_boot_opt(a, b))
			continue;
		if (cli_opt_flag(a, "empty"))
			sa->empty = true;
		else if (cli_opt_flag(a, "no-initrd"))
			b->no_initrd = true;
		else
			cli_opt_other(a);
	}
	if (a->status)
		return a->status;
	if (a->npos != (sa->empty ? 1 : 2))
		return cli_usage_error(a->cmd, "expected %s",
				       sa->empty ? "OUT after --empty" :
						   "IN and OUT");
	if (!sa->have_systab)
		return cli_usage_error(a->cmd, "--system-table is required");
	if ((sa->have_start || sa->have_size || sa->have_dsize) &&
	    !(sa->have_start && sa->have_size && sa->have_dsize))
		return cli_usage_error(a->cmd,
				       "--mmap-start, --mmap-size and --desc-size go together");
	if (sa->dver > UINT32_MAX)
		return cli_usage_error(a->cmd,
				       "--desc-ver does not fit 32 bits");
	sa->in = sa->empty ? NULL : a->pos[0];
	sa->out = a->pos[sa->empty ? 0 : 1];
	return finish_boot_opts(a, b, false);
}

/* Both phases of a boot stub into a new buffer; its exit status. */
static int set_props(const char *cmd, const struct set_args *sa,
		     const struct cli_file *in, void **buf)
{
	struct efivmap_diag diag;
	size_t need = 0;
	int err;

	cli_diag_clear(&diag);
	err = efivmap_fdt_prepare(NULL, 0, in->data, in->size, &sa->b.boot,
				  &need, &diag);
	if (err == -EFIVMAP_ERR_NOSPACE) {
		*buf = calloc(1, need);
		if (!*buf) {
			cli_err("%s: out of memory", cmd);
			return CLI_BAD_INPUT;
		}
		cli_diag_clear(&diag);
		err = efivmap_fdt_prepare(*buf, need, in->data, in->size,
					  &sa->b.boot, NULL, &diag);
	}
	if (!err && sa->have_start) {
		cli_diag_clear(&diag);
		err = efivmap_fdt_commit(*buf, sa->mm_start, sa->mm_size,
					 sa->dsize, (uint32_t)sa->dver, &diag);
		if (err)
			return cli_input_error(cmd, err, &diag,
					       "--mmap-start/--mmap-size/--desc-size");
	}
	if (err)
		return cli_input_error(sa->empty ? "(empty tree)" : in->name,
				       err, &diag, NULL);
	return CLI_OK;
}

static int cmd_set(int argc, char **argv)
{
	struct set_args sa;
	struct cli_file in;
	void *buf = NULL;
	struct cli_opts a;
	int ret;

	memset(&sa, 0, sizeof(sa));
	memset(&in, 0, sizeof(in));
	sa.dver = 1;
	fdt_opts_init(&a, "fdt set", argc, argv);
	ret = parse_set(&a, &sa);
	if (ret)
		return ret;

	if (sa.in && read_file(&in, sa.in))
		return CLI_BAD_INPUT;
	ret = set_props(a.cmd, &sa, &in, &buf);
	if (ret)
		goto out;
	buf = pack_pad(buf, sa.pad);
	if (!buf) {
		cli_err("%s: --pad %" PRIu64 " is too large", a.cmd, sa.pad);
		ret = CLI_BAD_INPUT;
		goto out;
	}
	ret = cli_write_file(sa.out, buf, fdt_totalsize(buf)) ?
	      CLI_BAD_INPUT : CLI_OK;
out:
	free(buf);
	cli_free_file(&in);
	return ret;
}

/* ---- carry ------------------------------------------------------------ */

struct carry_args {
	struct boot_opts b;
	uint32_t va_bits;
	const char *base, *cur, *map, *out;
};

static int parse_carry(struct cli_opts *a, struct carry_args *ca)
{
	while (cli_opts_next(a)) {
		if (parse_va_bits(a, &ca->va_bits) ||
		    cli_opt_value(a, "base", &ca->base) ||
		    parse_boot_opt(a, &ca->b))
			continue;
		if (cli_opt_flag(a, "keep-initrd"))
			ca->b.keep_initrd = true;
		else
			cli_opt_other(a);
	}
	if (a->status)
		return a->status;
	if (a->npos != 3)
		return cli_usage_error(a->cmd, "expected CUR, MAP and OUT");
	ca->cur = a->pos[0];
	ca->map = a->pos[1];
	ca->out = a->pos[2];
	return finish_boot_opts(a, &ca->b, true);
}

/* The next DT from @base into a new buffer of @need bytes. */
static int carry_props(const char *cmd, const struct carry_args *ca,
		       const struct cli_file *base,
		       const struct efivmap_fdt_uefi *u, void **buf,
		       size_t *need)
{
	struct efivmap_diag diag;
	int err;

	cli_diag_clear(&diag);
	err = efivmap_fdt_carry(NULL, 0, base->data, base->size, u,
				&ca->b.boot, need, &diag);
	if (err == -EFIVMAP_ERR_NOSPACE) {
		*buf = calloc(1, *need);
		if (!*buf) {
			cli_err("%s: out of memory", cmd);
			return CLI_BAD_INPUT;
		}
		cli_diag_clear(&diag);
		err = efivmap_fdt_carry(*buf, *need, base->data, base->size,
					u, &ca->b.boot, need, &diag);
	}
	if (err)
		return cli_input_error(base->name, err, &diag, NULL);
	return CLI_OK;
}

static int cmd_carry(int argc, char **argv)
{
	struct cli_file cur, map, base_file, *base;
	struct efivmap_fdt_uefi u;
	struct carry_args ca;
	size_t need = 0;
	void *buf = NULL;
	struct cli_opts a;
	int ret, runtime;

	memset(&ca, 0, sizeof(ca));
	memset(&map, 0, sizeof(map));
	memset(&base_file, 0, sizeof(base_file));
	ca.va_bits = 48;
	fdt_opts_init(&a, "fdt carry", argc, argv);
	ret = parse_carry(&a, &ca);
	if (ret)
		return ret;

	if (read_file(&cur, ca.cur))
		return CLI_BAD_INPUT;
	ret = read_uefi(&cur, &u);
	if (ret)
		goto out;
	runtime = check_map(&map, ca.map, &u, ca.va_bits, cur.name);
	if (runtime < 0) {
		ret = -runtime;
		cli_err("%s: refusing to carry a layout that failed its check",
			cli_display_name(ca.cur));
		goto out;
	}
	base = &cur;
	if (ca.base) {
		if (read_file(&base_file, ca.base)) {
			ret = CLI_BAD_INPUT;
			goto out;
		}
		base = &base_file;
	}
	ret = carry_props(a.cmd, &ca, base, &u, &buf, &need);
	if (ret)
		goto out;
	if (cli_write_file(ca.out, buf, need)) {
		ret = CLI_BAD_INPUT;
		goto out;
	}
	/* The report goes where it cannot mix with a DTB on stdout. */
	fprintf(strcmp(ca.out, "-") == 0 ? stderr : stdout,
		"%s: %zu bytes, linux,uefi-mmap-start 0x%" PRIx64
		" size %" PRIu32 " desc-size %" PRIu32
		", %d runtime descriptors checked (%" PRIu32 "-bit VA)\n",
		strcmp(ca.out, "-") == 0 ? "<stdout>" : ca.out, need,
		u.mmap_start, u.mmap_size, u.desc_size, runtime, ca.va_bits);
	ret = CLI_OK;
out:
	free(buf);
	cli_free_file(&base_file);
	cli_free_file(&map);
	cli_free_file(&cur);
	return ret;
}

int cli_cmd_fdt(int argc, char **argv)
{
	const char *sub;

	if (argc < 2)
		return cli_usage_error("fdt", "expected get, set or carry");
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 ||
	    strcmp(sub, "help") == 0 || wants_help(argc - 1, argv + 1)) {
		fputs(fdt_usage, stdout);
		return CLI_OK;
	}
	if (strcmp(sub, "get") == 0)
		return cmd_get(argc - 1, argv + 1);
	if (strcmp(sub, "set") == 0)
		return cmd_set(argc - 1, argv + 1);
	if (strcmp(sub, "carry") == 0)
		return cmd_carry(argc - 1, argv + 1);
	return cli_usage_error("fdt", "unknown subcommand '%s'", sub);
}
