// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The example boot stub: everything a bootloader does with libefivmap, on
 * real firmware. It prints each step, and ends with one line the test
 * harness judges: "EFIVMAP-RESULT: PASS ..." or FAIL / FAULT.
 *
 *  1 read the memory map and the configuration tables
 *  2 size and make the one allocation (map, slack, SVAM scratch, table
 *    pools, FDTs)
 *  3 prepare the FDT
 *  4 ExitBootServices, the first attempt with a stale key on purpose
 *  5 plan the layout, 6 SetVirtualAddressMap
 *  7 build the tables (runtime regions with the MAT, plus identity maps of
 *    what the stub itself touches), 8 switch to them
 *  9 GetTime, GetNextVariableName, GetVariable through the virtual table
 * 10 the kexec chain: stages 2 and 3 start from the FDT alone
 * 11 ResetSystem(EfiResetShutdown)
 */
#include <efi.h>
#include <efilib.h>
#include <efivmap/efivmap.h>
#include <efivmap/fdt.h>
#include "cfg.h"
#include "fw.h"
#include "out.h"
#include "rt.h"
#include "stage.h"
#include "stub.h"
#include "tables.h"

#define STUB_STAGES_MAX 3
/* Table sets: one per stage, then one for quirk mode (tables[3]). */
#define STUB_TABLE_SETS (STUB_STAGES_MAX + 1)
/* Tables a range added after sizing (the buffer itself) can take. */
#define STUB_TABLE_MARGIN 6
#define STUB_MAX_IDENT 5
#define STUB_MAX_QUIRK 256

int stub_step;

static const struct efivmap_efi_guid mat_guid = EFIVMAP_EFI_MAT_GUID;
static const struct efivmap_efi_guid rtp_guid = EFIVMAP_EFI_RT_PROPERTIES_GUID;
static const struct efivmap_efi_guid dtb_guid = FW_DTB_TABLE_GUID;

static struct stub_cfg cfg;
static struct stub_fw fw;
static struct efivmap_fw_ops ops;
static struct efivmap_boot boot;
static struct efivmap_alloc alloc;
static struct efivmap_pt_config pt_cfg;
static struct efivmap_layout_cfg layout_cfg;
static struct efivmap_pt_range ident[STUB_MAX_IDENT];
static size_t nident;
static struct stub_tables tables[STUB_TABLE_SETS];
static struct rt_calls calls;
static uint64_t fw_tcr, fw_mair;
static size_t set_bytes;	/* pool bytes per stage's table set */
static size_t quirk_bytes;	/* pool bytes of the quirk-mode set */
static struct efivmap_pt_range quirk_r[STUB_MAX_QUIRK];
static size_t fdt_slot;		/* bytes per FDT in the extra part */
static UINT8 pre_buf[32 * 1024] __attribute__((aligned(8)));

void stub_exception(uint64_t esr, uint64_t far, uint64_t elr, uint64_t kind)
{
	out_use_uart();
	out_printf("\nEFIVMAP-FAULT step=%d vector=%u esr=0x%lx far=0x%lx "
		   "elr=0x%lx\n", stub_step, (unsigned int)kind, esr, far, elr);
	out_printf("EFIVMAP-RESULT: FAULT step=%d esr=0x%lx far=0x%lx\n",
		   stub_step, esr, far);
	stub_psci_off();
}

static void step(int n, const char *what)
{
	stub_step = n;
	out_printf("\n== step %d: %s\n", n, what);
}

/* Report and power off: after ExitBootServices the firmware is gone. */
static void __attribute__((noreturn))
stub_fail(const char *what, int err, const struct efivmap_diag *d)
{
	out_printf("error: %s: %s", what, err ? efivmap_strerror(err) : "");
	if (d && d->what)
		out_printf(" (%s, index %d, addr 0x%lx)", d->what,
			   (int)d->index, d->addr);
	out_printf("\nEFIVMAP-RESULT: FAIL step=%d %s\n", stub_step, what);
	stub_psci_off();
}

static void add_ident(uint64_t pa, uint64_t size, uint32_t attrs)
{
	uint64_t start = pa & ~UINT64_C(0xfff);
	uint64_t end = (pa + size + 0xfff) & ~UINT64_C(0xfff);

	if (nident < STUB_MAX_IDENT) {
		ident[nident].va = start;
		ident[nident].pa = start;
		ident[nident].size = end - start;
		ident[nident].attrs = attrs;
		nident++;
	}
}

/*
 * The image, W^X: text and read-only data up to _etext, then the data
 * from _data (page aligned by gnu-efi's linker script) to the end.
 */
static void add_image(const EFI_LOADED_IMAGE *li)
{
	extern char _etext[], _data[];
	uint64_t base = (uintptr_t)li->ImageBase;
	uint64_t end = base + li->ImageSize;
	uint64_t text_end = ((uintptr_t)_etext + 0xfff) & ~UINT64_C(0xfff);
	uint64_t data = (uintptr_t)_data;

	if ((data & 0xfff) || text_end > data || data >= end) {
		out_printf("identity: image 0x%lx-0x%lx RWX\n", base, end - 1);
		add_ident(base, end - base, EFIVMAP_PT_RAM_RWX);
		return;
	}
	out_printf("identity: image 0x%lx-0x%lx RX, 0x%lx-0x%lx RW\n",
		   base, text_end - 1, data, end - 1);
	add_ident(base, text_end - base, EFIVMAP_PT_RAM_RX);
	add_ident(data, end - data, EFIVMAP_PT_RAM_RW);
}

/* The stack: a window around SP, clipped to the region holding it. */
static void add_stack(const struct efivmap_mmap *map)
{
	uint64_t sp = stub_read_sp();
	struct efivmap_efi_desc *d = efivmap_mmap_find(map, sp, NULL);
	uint64_t lo = (sp - 0x40000) & ~UINT64_C(0xfff);
	uint64_t hi = (sp + 0x10000) & ~UINT64_C(0xfff);

	if (d) {
		if (lo < d->phys_start)
			lo = d->phys_start;
		if (hi > efivmap_desc_last(d) + 1)
			hi = efivmap_desc_last(d) + 1;
	}
	out_printf("identity: stack 0x%lx-0x%lx (SP 0x%lx)\n", lo, hi - 1,
		   sp);
	add_ident(lo, hi - lo, EFIVMAP_PT_RAM_RW);
}

static void print_map(const struct efivmap_mmap *map, int runtime_only)
{
	struct efivmap_efi_desc *d;
	char line[160];
	size_t i;

	efivmap_mmap_for_each(map, i, d) {
		if (runtime_only && !efivmap_desc_is_runtime(d))
			continue;
		efivmap_mmap_format_desc(d, line, sizeof(line));
		if (runtime_only)
			out_printf("  %s -> VA 0x%012lx-0x%012lx\n", line,
				   d->virt_start,
				   d->virt_start + efivmap_desc_bytes(d) - 1);
		else
			out_printf("  %s\n", line);
	}
}

static int fdt_hook(void *ctx, const struct efivmap_mmap *map,
		    unsigned int attempt)
{
	(void)attempt;
	/* In place only: no allocation, no printing (ConOut may allocate). */
	return efivmap_fdt_commit(ctx, (uintptr_t)map->base, map->map_size,
				  map->desc_size, map->desc_version, NULL);
}

/* Quirk mode: SetVirtualAddressMap runs on tables with both mappings. */
struct quirk_svam {
	size_t map_size, desc_size;
	uint32_t desc_version;
	void *vmap;
	efivmap_efi_status status;
};
static struct quirk_svam quirk_args;
static int quirk_live;

static void quirk_svam_call(void *arg)
{
	struct quirk_svam *q = arg;

	q->status = fw.st->RuntimeServices->SetVirtualAddressMap(q->map_size,
		q->desc_size, q->desc_version, q->vmap);
}

static efivmap_efi_status svam_op(void *ctx, size_t map_size,
				  size_t desc_size, uint32_t desc_version,
				  void *vmap)
{
	(void)ctx;
	if (!quirk_live)
		return fw.st->RuntimeServices->SetVirtualAddressMap(map_size,
			desc_size, desc_version, vmap);
	quirk_args.map_size = map_size;
	quirk_args.desc_size = desc_size;
	quirk_args.desc_version = desc_version;
	quirk_args.vmap = vmap;
	quirk_args.status = EFI_DEVICE_ERROR;
	tables_call(&tables[STUB_STAGES_MAX], quirk_svam_call, &quirk_args);
	return quirk_args.status;
}

/*
 * The 1:1 view the firmware runs on during the call, as it would under an
 * OS that has reclaimed nothing yet: its runtime regions and its
 * boot-services code and data (U-Boot's SetVirtualAddressMap itself lives
 * in boot-services code), plus what the stub needs.
 */
static size_t quirk_ranges(const struct efivmap_mmap *map,
			   struct efivmap_pt_range *r, size_t max)
{
	struct efivmap_efi_desc *d;
	size_t i, n = 0;

	for (i = 0; i < nident && n < max; i++) {
		/* Inside boot-services memory (U-Boot's stack is in Boot
		 * Code): the 1:1 map of that region covers it. */
		d = efivmap_mmap_find(map, ident[i].pa, NULL);
		if (d && (d->type == EFIVMAP_EFI_BOOT_SERVICES_CODE ||
			  d->type == EFIVMAP_EFI_BOOT_SERVICES_DATA) &&
		    ident[i].pa + ident[i].size - 1 <= efivmap_desc_last(d))
			continue;
		r[n++] = ident[i];
	}
	efivmap_mmap_for_each(map, i, d) {
		if (n >= max)
			break;
		if (efivmap_desc_is_runtime(d))
			r[n].attrs = efivmap_pt_policy(&pt_cfg, d->type,
						       d->attribute);
		else if (d->type == EFIVMAP_EFI_BOOT_SERVICES_CODE)
			r[n].attrs = EFIVMAP_PT_RAM_RWX;
		else if (d->type == EFIVMAP_EFI_BOOT_SERVICES_DATA)
			r[n].attrs = EFIVMAP_PT_RAM_RW;
		else
			continue;
		r[n].va = d->phys_start;
		r[n].pa = d->phys_start;
		r[n].size = efivmap_desc_bytes(d);
		n++;
	}
	return n;
}

static int quirk_enter(void *ctx, const struct efivmap_mmap *map)
{
	struct efivmap_pt_input in = { 0 };
	struct efivmap_diag diag = { 0 };
	int err;

	(void)ctx;
	in.map = map;
	in.ranges = quirk_r;
	in.nranges = quirk_ranges(map, quirk_r, STUB_MAX_QUIRK);
	err = tables_build(&tables[STUB_STAGES_MAX], "quirk tables", &pt_cfg,
			   &in, (uint8_t *)efivmap_boot_pool(&boot) +
			   STUB_STAGES_MAX * set_bytes, quirk_bytes, fw_tcr,
			   &diag);
	if (err) {
		out_printf("quirk: building 1:1 + new tables: %s (%s, "
			   "addr 0x%lx)\n", efivmap_strerror(err),
			   diag.what ? diag.what : "", diag.addr);
		return err;
	}
	tables_print_stats(&tables[STUB_STAGES_MAX]);
	out_printf("quirk: SetVirtualAddressMap runs with 1:1 and new VAs "
		   "both mapped\n");
	quirk_live = 1;
	return 0;
}

static void quirk_leave(void *ctx, const struct efivmap_mmap *map,
			efivmap_efi_status status)
{
	(void)ctx;
	(void)map;
	(void)status;
	quirk_live = 0;
}

static void *find_table(EFI_SYSTEM_TABLE *st,
			const struct efivmap_efi_guid *guid)
{
	return fw_find_table(st->ConfigurationTable, st->NumberOfTableEntries,
			     guid);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL;
	struct efivmap_diag d = { 0 };
	struct efivmap_mmap pre;
	struct efivmap_boot_req req = { 0 };
	struct efivmap_boot_plan plan;
	struct efivmap_boot_exit_cfg exit_cfg = { 0 };
	struct efivmap_boot_svam_cfg svam_cfg = { 0 };
	struct efivmap_fdt_boot fb = { 0 };
	struct efivmap_pt_input in = { 0 };
	struct efivmap_pt_mat mat;
	const struct efivmap_efi_mat_header *mh;
	const struct efivmap_efi_rt_properties *rtp;
	struct stage_env env;
	const void *dtb;
	uint32_t dtb_size = 0;
	UINTN size = sizeof(pre_buf), key, dsize;
	UINT32 dver;
	size_t need = 0, n;
	unsigned int i, stages;
	long count;
	int err;
	uint8_t *fdt[STUB_STAGES_MAX + 1];

	out_init(st);
	fw.image = image;
	fw.st = st;
	cfg_defaults(&cfg);
	if (EFI_ERROR(cfg_load(&cfg, image, st)))
		out_printf("cfg: cannot read \\efivmap.cfg, using defaults\n");
	stages = cfg.stages < 1 ? 1 : cfg.stages > STUB_STAGES_MAX ?
		 STUB_STAGES_MAX : cfg.stages;
	fw_tcr = stub_sysreg(STUB_REG_TCR);
	fw_mair = stub_sysreg(STUB_REG_MAIR);
	out_printf("efivmap example stub: EL%lu, firmware revision 0x%x\n",
		   stub_sysreg(STUB_REG_EL) >> 2, st->FirmwareRevision);
	out_printf("firmware registers: TCR=0x%lx (T0SZ %lu) MAIR=0x%lx "
		   "TTBR0=0x%lx\n", fw_tcr, fw_tcr & 0x3f, fw_mair,
		   stub_sysreg(STUB_REG_TTBR0));
	out_printf("run: strategy=%s va_bits=%u%s granule=%uK stages=%u"
		   "%s%s%s\n", cfg.strategy, cfg.va_bits,
		   cfg.va_bits ? "" : " (the firmware's TCR)", cfg.granule,
		   stages,
		   cfg.quirk ? " quirk" : "",
		   cfg.skip_runtime ? " NEGATIVE:skip_runtime" : "",
		   cfg.no_switch ? " NEGATIVE:no_switch" : "");

	step(1, "memory map and configuration tables");
	if (EFI_ERROR(st->BootServices->GetMemoryMap(&size, (void *)pre_buf,
						     &key, &dsize, &dver)))
		stub_fail("GetMemoryMap", 0, NULL);
	err = efivmap_mmap_init(&pre, pre_buf, size, dsize, dver, &d);
	if (err)
		stub_fail("firmware memory map", err, &d);
	out_printf("map: %lu descriptors of %lu bytes, version %u, %lu "
		   "runtime\n", pre.count, pre.desc_size, pre.desc_version,
		   efivmap_mmap_count_runtime(&pre));
	mh = find_table(st, &mat_guid);
	rtp = find_table(st, &rtp_guid);
	dtb = find_table(st, &dtb_guid);
	if (mh) {
		err = efivmap_pt_mat_from_table(&mat, mh, sizeof(*mh) +
				(size_t)mh->num_entries * mh->desc_size, &d);
		if (err)
			stub_fail("Memory Attributes Table", err, &d);
		out_printf("MAT: version %u, %u entries, flags 0x%x\n",
			   mat.version, mat.count, mat.flags);
	} else {
		out_printf("MAT: none\n");
	}
	calls.supported = rtp ? rtp->runtime_services_supported : ~0u;
	if (rtp)
		out_printf("RT_PROPERTIES: supported 0x%x%s\n",
			   rtp->runtime_services_supported,
			   rtp->runtime_services_supported &
			   EFIVMAP_EFI_RT_SUPPORTED_GET_TIME ? "" :
			   " (GetTime must return EFI_UNSUPPORTED)");
	else
		out_printf("RT_PROPERTIES: none (every service expected)\n");
	if (dtb)
		dtb_size = stage_fdt_size(dtb);
	out_printf("FDT from firmware: %s (%u bytes)\n", dtb ? "yes" : "none",
		   dtb_size);

	step(2, "size and make the one allocation");
	err = tables_config(&pt_cfg, &cfg, fw_tcr, fw_mair, &d);
	if (err)
		stub_fail("table configuration", err, &d);
	efivmap_layout_cfg_init(&layout_cfg);
	if (cfg.strategy[0] == 'l')
		layout_cfg.strategy = EFIVMAP_LAYOUT_LINUX;
	else if (cfg.strategy[0] == 'f')
		layout_cfg.strategy = EFIVMAP_LAYOUT_FLAT;
	layout_cfg.va_bits = pt_cfg.va_bits;
	out_printf("tables: %uK granule, %u-bit VA (start level %u), "
		   "MAIR 0x%lx\n", pt_cfg.granule >> 10, pt_cfg.va_bits,
		   efivmap_pt_start_level(&pt_cfg), pt_cfg.mair);

	st->BootServices->HandleProtocol(image, &li_guid, (void **)&li);
	if (!li)
		stub_fail("LoadedImage protocol", 0, NULL);
	add_image(li);
	add_stack(&pre);
	add_ident(OUT_UART_BASE, 0x1000, EFIVMAP_PT_DEVICE_RW);

	/* Size one table set on a trial layout of the current map. */
	err = efivmap_layout_plan(&pre, &layout_cfg, &d);
	if (err < 0)
		stub_fail("trial layout", err, &d);
	in.map = &pre;
	in.mat = mh ? &mat : NULL;
	in.ranges = ident;
	in.nranges = nident;
	count = tables_needed(&pt_cfg, &in, &d);
	if (count < 0)
		stub_fail("sizing the tables", (int)count, &d);
	set_bytes = (size_t)(count + STUB_TABLE_MARGIN) * pt_cfg.granule;
	out_printf("tables: %ld needed for this map; %u stage sets of %lu "
		   "bytes\n", count, STUB_STAGES_MAX, set_bytes);
	if (cfg.quirk) {
		in.ranges = quirk_r;
		in.nranges = quirk_ranges(&pre, quirk_r, STUB_MAX_QUIRK);
		count = tables_needed(&pt_cfg, &in, &d);
		if (count < 0)
			stub_fail("sizing the quirk tables", (int)count, &d);
		quirk_bytes = (size_t)(count + 2 * STUB_TABLE_MARGIN) *
			      pt_cfg.granule;
		out_printf("tables: %ld for quirk mode (1:1 and new)\n",
			   count);
	}

	fb.system_table = (uintptr_t)st;
	fb.bootargs = "efivmap stage 2";
	efivmap_fdt_prepare(NULL, 0, dtb, dtb_size, &fb, &need, &d);
	if (!need)
		stub_fail("sizing the FDT", 0, &d);
	fdt_slot = (need + 0xfff) & ~(size_t)0xfff;

	req.slack_descs = EFIVMAP_BOOT_MIN_SLACK;
	req.pool_bytes = STUB_STAGES_MAX * set_bytes + quirk_bytes;
	req.pool_align = pt_cfg.granule;
	req.extra_bytes = (STUB_STAGES_MAX + 1) * fdt_slot;
	req.extra_align = 0x1000;
	fw.force_stale_key = 1;
	fw_ops_init(&ops, &fw);
	ops.set_virtual_address_map = svam_op;
	err = efivmap_boot_plan_probe(&ops, &req, &plan, &d);
	if (err)
		stub_fail("planning the buffer", err, &d);
	err = efivmap_boot_alloc(&boot, &ops, &plan, &alloc, &d);
	if (err)
		stub_fail("allocating the buffer", err, &d);
	out_printf("buffer: 0x%lx, %lu bytes: map %lu + scratch %lu + pool "
		   "%lu + FDTs %lu\n", alloc.phys, plan.size, plan.map_cap,
		   plan.scratch_cap, plan.pool_size, plan.extra_size);
	add_ident(alloc.phys, alloc.pages << 12, EFIVMAP_PT_RAM_RW);
	for (i = 0; i <= STUB_STAGES_MAX; i++)
		fdt[i] = (uint8_t *)efivmap_boot_extra(&boot) + i * fdt_slot;

	step(3, "prepare the FDT");
	err = efivmap_fdt_prepare(fdt[0], fdt_slot, dtb, dtb_size, &fb, NULL,
				  &d);
	if (err)
		stub_fail("preparing the FDT", err, &d);
	out_printf("FDT at %p: /chosen has the system table and "
		   "placeholders\n", (void *)fdt[0]);

	step(4, "ExitBootServices (first attempt with a stale key)");
	exit_cfg.hook = fdt_hook;
	exit_cfg.hook_ctx = fdt[0];
	err = efivmap_boot_exit(&boot, &exit_cfg, &d);
	out_use_uart();
	stub_set_vbar((uintptr_t)stub_vectors);
	if (err)
		stub_fail("ExitBootServices", err, &d);
	out_printf("ExitBootServices: %u calls, the stale one returned "
		   "0x%lx; FDT hook ran %u times\n", boot.ebs_calls,
		   fw.stale_status, boot.hook_calls);
	if (boot.ebs_calls < 2 || fw.stale_status != EFI_INVALID_PARAMETER ||
	    boot.hook_calls != boot.ebs_calls)
		stub_fail("stale-key retry not exercised", 0, NULL);
	out_printf("(console is the PL011 now; exceptions go to the stub)\n");
	out_printf("final map, %lu descriptors:\n", boot.map.count);
	print_map(&boot.map, 0);

	step(5, "plan the layout and call SetVirtualAddressMap (step 6)");
	svam_cfg.layout = &layout_cfg;
	svam_cfg.call = EFIVMAP_BOOT_SVAM_ALWAYS;
	if (cfg.quirk) {
		svam_cfg.quirk_enter = quirk_enter;
		svam_cfg.quirk_leave = quirk_leave;
	}
	stub_step = 6;
	err = efivmap_boot_svam(&boot, &svam_cfg, &d);
	if (err)
		stub_fail("SetVirtualAddressMap", err, &d);
	out_printf("layout (%s): %lu runtime regions\n",
		   efivmap_layout_strategy_name(layout_cfg.strategy),
		   boot.svam_map.count);
	print_map(&boot.map, 1);
	/* A VA now; read it before the switch (the new tables map ST by VA). */
	calls.rt = st->RuntimeServices;
	out_printf("SetVirtualAddressMap: EFI_SUCCESS; RuntimeServices now at "
		   "VA %p\n", (void *)calls.rt);

	step(7, "build the tables");
	if (!cfg.skip_runtime)
		in.map = &boot.map;
	else
		in.map = NULL;	/* negative control: runtime unmapped */
	if (in.mat) {
		err = efivmap_pt_mat_validate(&pt_cfg, &boot.map, &mat, NULL,
					      NULL);
		out_printf("MAT: %d entries ignored\n", err);
	}
	in.ranges = ident;
	in.nranges = nident;
	err = tables_build(&tables[0], "stage 1 tables", &pt_cfg, &in,
			   efivmap_boot_pool(&boot), set_bytes, fw_tcr, &d);
	if (err)
		stub_fail("building the tables", err, &d);
	out_printf("efivmap_pt_verify: every page maps as intended\n");
	tables_print_stats(&tables[0]);
	if (cfg.verbose)
		tables_dump(&tables[0]);

	step(8, "switch TTBR0 and call runtime services (step 9)");
	stub_step = 9;
	if (cfg.no_switch) {
		out_printf("NEGATIVE: calling the new VAs on the firmware's "
			   "tables\n");
		rt_run(&calls);
	} else {
		if (tables_call(&tables[0], rt_run, &calls))
			stub_fail("switching tables", 0, NULL);
	}
	if (rt_check(&calls, "stage 1"))
		stub_fail("runtime calls", 0, NULL);

	env.pt_cfg = &pt_cfg;
	env.layout_cfg = &layout_cfg;
	env.ident = ident;
	env.nident = nident;
	env.first = &tables[0];
	env.fw_tcr = fw_tcr;
	env.skip_runtime = cfg.skip_runtime;
	for (i = 2; i <= stages; i++) {
		step(10, i == 2 ? "kexec chain: stage 2" :
			 "kexec chain: stage 3");
		err = stage_run(i, &env, fdt[i - 2],
				(uint8_t *)efivmap_boot_pool(&boot) +
				(i - 1) * set_bytes, set_bytes,
				i < stages ? fdt[i - 1] : NULL, fdt_slot,
				&tables[i - 1]);
		if (err)
			stub_fail("kexec stage", err < 0 ? err : 0, NULL);
	}

	step(11, "ResetSystem(EfiResetShutdown)");
	n = boot.svam_map.count;
	out_printf("EFIVMAP-RESULT: PASS strategy=%s va_bits=%u stages=%u "
		   "runtime=%lu tables=%lu\n", cfg.strategy, pt_cfg.va_bits,
		   stages, n, tables[0].pt.used);
	tables_call(&tables[0], rt_shutdown, &calls);
	stub_fail("ResetSystem returned", 0, NULL);
}
