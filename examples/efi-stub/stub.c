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
 *    what the stub itself touches), 8 switch to them and check that the
 *    MMU translates them as the library reads them (mmu_probe.h)
 *  9 GetTime, GetNextVariableName, GetVariable through the virtual table,
 *    each a guarded call (guarded.h)
 * 10 the kexec chain: stages 2 and 3 start from the FDT alone
 * 11 ResetSystem(EfiResetShutdown); PSCI SYSTEM_OFF instead when a
 *    guarded call failed and the runtime services are unavailable
 *
 * efi_main() below is that list; each step is a function taking the one
 * struct stub that holds what the steps hand on to each other.
 */
#include <efi.h>
#include <efilib.h>
#include <efivmap/efivmap.h>
#include <efivmap/fdt.h>
#include <libfdt.h>
#include "cfg.h"
#include "fw.h"
#include "guarded.h"
#include "mmu_probe.h"
#include "out.h"
#include "rt.h"
#include "stage.h"
#include "stub.h"
#include "tables.h"

#define STUB_STAGES_MAX 3
/* Table sets: one per stage, then one for quirk mode (tables[3]). */
#define STUB_TABLE_SETS (STUB_STAGES_MAX + 1)
#define STUB_QUIRK_SET STUB_STAGES_MAX
/* Tables a range added after sizing (the buffer itself) can take. */
#define STUB_TABLE_MARGIN 6
#define STUB_MAX_IDENT 5
#define STUB_MAX_QUIRK 256

static const struct efivmap_efi_guid mat_guid = EFIVMAP_EFI_MAT_GUID;
static const struct efivmap_efi_guid rtp_guid = EFIVMAP_EFI_RT_PROPERTIES_GUID;
static const struct efivmap_efi_guid dtb_guid = FW_DTB_TABLE_GUID;

/* Quirk mode: SetVirtualAddressMap runs on tables with both mappings. */
struct quirk_svam {
	EFI_RUNTIME_SERVICES *rt;
	size_t map_size, desc_size;
	uint32_t desc_version;
	void *vmap;
	efivmap_efi_status status;
	struct guarded_fault fault;
};

/* Everything the stub carries from one step to the next. */
struct stub {
	int step;			/* for the FAIL and FAULT lines */
	struct stub_fw fw;		/* image, system table; see stub_of_fw */
	struct stub_cfg cfg;
	unsigned int stages;
	struct efivmap_arch_live live;	/* the firmware's registers */
	uint32_t regime;		/* EFIVMAP_PT_REGIME_* running */
	int psci_smc;			/* the PSCI conduit is SMC */

	/* Step 1: what the firmware hands over. */
	UINT8 pre_buf[32 * 1024] __attribute__((aligned(8)));
	struct efivmap_mmap pre;	/* the map before the allocation */
	const struct efivmap_efi_mat_header *mh;
	struct efivmap_pt_mat mat;	/* valid when mh is set */
	const void *dtb;
	uint32_t dtb_size;

	/* Step 2: the plan for the tables and the one allocation. */
	struct efivmap_pt_config pt_cfg;
	struct efivmap_layout_cfg layout_cfg;
	struct efivmap_pt_range ident[STUB_MAX_IDENT];	/* what the stub
							 * touches itself */
	size_t nident;
	size_t set_bytes;		/* pool bytes per stage's table set */
	size_t quirk_bytes;		/* pool bytes of the quirk-mode set */
	struct efivmap_pt_range quirk_r[STUB_MAX_QUIRK];
	struct efivmap_fdt_boot fb;
	size_t fdt_slot;		/* bytes per FDT in the extra part */
	uint8_t *fdt[STUB_STAGES_MAX + 1];
	struct efivmap_fw_ops ops;
	struct efivmap_boot boot;
	struct efivmap_alloc alloc;

	/* Steps 5 to 11: SetVirtualAddressMap, the tables, the calls. */
	struct quirk_svam quirk_args;
	int quirk_live;
	struct stub_tables tables[STUB_TABLE_SETS];
	struct rt_calls calls;
	unsigned int last;		/* the set the shutdown goes through */
	int rt_fault_step;		/* a guarded call failed in this step:
					 * runtime services unavailable */
	const char *rt_fault_call;	/* which one */
};

/* Without an FDT: SMC at EL2, where an HVC would trap to EL2 itself. */
static int psci_smc_by_level(void)
{
	struct efivmap_arch_live live;

	efivmap_arch_read_live(&live);
	return ((live.current_el >> 2) & 3) >= 2;
}

/* The conduit the firmware's FDT names under /psci, else by level. */
static int psci_smc_from_fdt(const void *fdt)
{
	int node, len = 0;
	const char *m;

	if (!fdt || fdt_check_header(fdt) != 0)
		return psci_smc_by_level();
	node = fdt_path_offset(fdt, "/psci");
	m = node < 0 ? NULL : fdt_getprop(fdt, node, "method", &len);
	if (!m || len < 4)
		return psci_smc_by_level();
	return m[0] == 's';
}

/*
 * The exception vectors are entered by the CPU, not called, so no
 * argument can bring them the context: this one pointer, set when they
 * are installed, is how a fault report finds the step being run.
 */
static const struct stub *stub_for_faults;

void stub_exception(uint64_t esr, uint64_t far, uint64_t elr, uint64_t kind)
{
	int step = stub_for_faults ? stub_for_faults->step : 0;

	out_use_uart();
	out_printf("\nEFIVMAP-FAULT step=%d vector=%u esr=0x%lx far=0x%lx "
		   "elr=0x%lx\n", step, (unsigned int)kind, esr, far, elr);
	out_printf("EFIVMAP-RESULT: FAULT step=%d esr=0x%lx far=0x%lx\n",
		   step, esr, far);
	stub_psci_off(stub_for_faults ? stub_for_faults->psci_smc :
		      psci_smc_by_level());
}

/*
 * From the vectors, with the frame they saved: a synchronous exception
 * from the current EL (SP_EL0 or SP_ELx) inside a guarded call goes back
 * to the guard (1: restore the frame and ERET); anything else is the
 * stub's own fault, reported as before.
 */
int stub_vector(struct efivmap_guard_frame *frame, uint64_t kind,
		uint64_t esr, uint64_t far)
{
	if ((kind == 0 || kind == 4) && guarded_fixup(frame))
		return 1;
	stub_exception(esr, far, frame->elr, kind);
	return 0;
}

static void step(struct stub *s, int n, const char *what)
{
	s->step = n;
	out_printf("\n== step %d: %s\n", n, what);
}

/* Report and power off: after ExitBootServices the firmware is gone. */
static void __attribute__((noreturn))
stub_fail(const struct stub *s, const char *what, int err,
	  const struct efivmap_diag *d)
{
	out_printf("error: %s: %s", what, err ? efivmap_strerror(err) : "");
	if (d && d->what)
		out_printf(" (%s, index %d, addr 0x%lx)", d->what,
			   (int)d->index, d->addr);
	out_printf("\nEFIVMAP-RESULT: FAIL step=%d %s\n", s->step, what);
	stub_psci_off(s->psci_smc);
}

static void add_ident(struct stub *s, uint64_t pa, uint64_t size,
		      uint32_t attrs)
{
	uint64_t start = pa & ~UINT64_C(0xfff);
	uint64_t end = (pa + size + 0xfff) & ~UINT64_C(0xfff);
	struct efivmap_pt_range *r;

	if (s->nident < STUB_MAX_IDENT) {
		r = &s->ident[s->nident++];
		r->va = start;
		r->pa = start;
		r->size = end - start;
		r->attrs = attrs;
	}
}

/*
 * The image, W^X: text and read-only data up to _etext, then the data
 * from _data (page aligned by gnu-efi's linker script) to the end.
 */
static void add_image(struct stub *s, const EFI_LOADED_IMAGE *li)
{
	extern char _etext[], _data[];
	uint64_t base = (uintptr_t)li->ImageBase;
	uint64_t end = base + li->ImageSize;
	uint64_t text_end = ((uintptr_t)_etext + 0xfff) & ~UINT64_C(0xfff);
	uint64_t data = (uintptr_t)_data;

	if ((data & 0xfff) || text_end > data || data >= end) {
		out_printf("identity: image 0x%lx-0x%lx RWX\n", base, end - 1);
		add_ident(s, base, end - base, EFIVMAP_PT_RAM_RWX);
		return;
	}
	out_printf("identity: image 0x%lx-0x%lx RX, 0x%lx-0x%lx RW\n",
		   base, text_end - 1, data, end - 1);
	add_ident(s, base, text_end - base, EFIVMAP_PT_RAM_RX);
	add_ident(s, data, end - data, EFIVMAP_PT_RAM_RW);
}

/* The stack: a window around SP, clipped to the region holding it. */
static void add_stack(struct stub *s)
{
	uint64_t sp = stub_read_sp();
	struct efivmap_efi_desc *d = efivmap_mmap_find(&s->pre, sp, NULL);
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
	add_ident(s, lo, hi - lo, EFIVMAP_PT_RAM_RW);
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

/* ---- quirk mode -------------------------------------------------------- */

/* The firmware ops' context is the stub_fw inside struct stub. */
static struct stub *stub_of_fw(void *fw)
{
	return (struct stub *)((char *)fw - __builtin_offsetof(struct stub,
								fw));
}

/* Guarded like every runtime call; on the tables live at the time. */
static void quirk_svam_call(void *arg)
{
	struct quirk_svam *q = arg;
	uint64_t ret;

	if (!guarded_call(&q->fault, "SetVirtualAddressMap",
			  &q->rt->SetVirtualAddressMap, q->map_size,
			  q->desc_size, q->desc_version,
			  (uintptr_t)q->vmap, 0, &ret))
		q->status = ret;
}

/* A guarded SetVirtualAddressMap that failed, against the map it got. */
static void svam_report(struct quirk_svam *q)
{
	struct efivmap_mmap m;

	if (efivmap_mmap_init(&m, q->vmap, q->map_size, q->desc_size,
			      q->desc_version, NULL))
		guarded_report(&q->fault, NULL);
	else
		guarded_report(&q->fault, &m);
}

static efivmap_efi_status svam_op(void *ctx, size_t map_size,
				  size_t desc_size, uint32_t desc_version,
				  void *vmap)
{
	struct stub *s = stub_of_fw(ctx);
	struct quirk_svam *q = &s->quirk_args;

	q->rt = s->fw.st->RuntimeServices;
	q->map_size = map_size;
	q->desc_size = desc_size;
	q->desc_version = desc_version;
	q->vmap = vmap;
	q->status = EFI_DEVICE_ERROR;
	q->fault.err = 0;
	if (s->quirk_live)
		tables_call(&s->tables[STUB_QUIRK_SET], quirk_svam_call, q);
	else
		quirk_svam_call(q);
	if (q->fault.err)
		svam_report(q);
	return q->status;
}

/*
 * The 1:1 view the firmware runs on during the call, as it would under an
 * OS that has reclaimed nothing yet: its runtime regions and its
 * boot-services code and data (U-Boot's SetVirtualAddressMap itself lives
 * in boot-services code), plus what the stub needs.
 */
static size_t quirk_ranges(struct stub *s, const struct efivmap_mmap *map)
{
	struct efivmap_pt_range *r = s->quirk_r;
	struct efivmap_efi_desc *d;
	size_t i, n = 0, max = STUB_MAX_QUIRK;

	for (i = 0; i < s->nident && n < max; i++) {
		/* Inside boot-services memory (U-Boot's stack is in Boot
		 * Code): the 1:1 map of that region covers it. */
		d = efivmap_mmap_find(map, s->ident[i].pa, NULL);
		if (d && (d->type == EFIVMAP_EFI_BOOT_SERVICES_CODE ||
			  d->type == EFIVMAP_EFI_BOOT_SERVICES_DATA) &&
		    s->ident[i].pa + s->ident[i].size - 1 <=
		    efivmap_desc_last(d))
			continue;
		r[n++] = s->ident[i];
	}
	efivmap_mmap_for_each(map, i, d) {
		if (n >= max)
			break;
		if (efivmap_desc_is_runtime(d))
			r[n].attrs = efivmap_pt_policy(&s->pt_cfg, d->type,
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
	struct stub *s = ctx;
	struct efivmap_pt_input in = { 0 };
	struct efivmap_diag diag = { 0 };
	uint8_t *pool = (uint8_t *)efivmap_boot_pool(&s->boot) +
			STUB_STAGES_MAX * s->set_bytes;
	int err;

	in.map = map;
	in.ranges = s->quirk_r;
	in.nranges = quirk_ranges(s, map);
	err = tables_build(&s->tables[STUB_QUIRK_SET], "quirk tables",
			   &s->pt_cfg, &in, pool, s->quirk_bytes, &s->live,
			   &diag);
	if (err) {
		out_printf("quirk: building 1:1 + new tables: %s (%s, "
			   "addr 0x%lx)\n", efivmap_strerror(err),
			   diag.what ? diag.what : "", diag.addr);
		return err;
	}
	tables_print_stats(&s->tables[STUB_QUIRK_SET]);
	out_printf("quirk: SetVirtualAddressMap runs with 1:1 and new VAs "
		   "both mapped\n");
	s->quirk_live = 1;
	return 0;
}

static void quirk_leave(void *ctx, const struct efivmap_mmap *map,
			efivmap_efi_status status)
{
	struct stub *s = ctx;

	(void)map;
	(void)status;
	s->quirk_live = 0;
}

/* ---- the steps --------------------------------------------------------- */

static void *find_table(EFI_SYSTEM_TABLE *st,
			const struct efivmap_efi_guid *guid)
{
	return fw_find_table(st->ConfigurationTable, st->NumberOfTableEntries,
			     guid);
}

/* The identity ranges, and the MAT when there is one, over @map. */
static struct efivmap_pt_input stub_input(const struct stub *s,
					  const struct efivmap_mmap *map)
{
	struct efivmap_pt_input in = { 0 };

	in.map = map;
	in.mat = s->mh ? &s->mat : NULL;
	in.ranges = s->ident;
	in.nranges = s->nident;
	return in;
}

static void start(struct stub *s, EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct stub_cfg *cfg = &s->cfg;

	out_init(st);
	s->fw.image = image;
	s->fw.st = st;
	cfg_defaults(cfg);
	if (EFI_ERROR(cfg_load(cfg, image, st)))
		out_printf("cfg: cannot read \\efivmap.cfg, using defaults\n");
	s->stages = cfg->stages < 1 ? 1 : cfg->stages > STUB_STAGES_MAX ?
		    STUB_STAGES_MAX : cfg->stages;
	efivmap_arch_read_live(&s->live);
	s->psci_smc = psci_smc_by_level();
	out_printf("efivmap example stub: EL%lu, firmware revision 0x%x\n",
		   (s->live.current_el >> 2) & 3, st->FirmwareRevision);
	if (efivmap_arch_live_regime(&s->live, &s->regime))
		stub_fail(s, "exception level / MMU off", 0, NULL);
	out_printf("regime: %s (HCR_EL2 0x%lx)\n",
		   tables_regime_name(s->regime), s->live.hcr);
	out_printf("firmware registers (%s): TCR=0x%lx (T0SZ %lu) MAIR=0x%lx "
		   "TTBR0=0x%lx\n", s->regime == EFIVMAP_PT_REGIME_EL10 ?
		   "_EL1" : "_EL2", s->live.tcr, s->live.tcr & 0x3f,
		   s->live.mair, s->live.ttbr0);
	out_printf("run: strategy=%s va_bits=%u%s granule=%uK stages=%u"
		   "%s%s%s\n", cfg->strategy, cfg->va_bits,
		   cfg->va_bits ? "" : " (the firmware's TCR)", cfg->granule,
		   s->stages,
		   cfg->quirk ? " quirk" : "",
		   cfg->skip_runtime ? " NEGATIVE:skip_runtime" : "",
		   cfg->no_switch ? " NEGATIVE:no_switch" : "");
}

/* Step 1, the memory map. */
static void read_map(struct stub *s)
{
	struct efivmap_diag d = { 0 };
	UINTN size = sizeof(s->pre_buf), key, dsize;
	UINT32 dver;
	int err;

	if (EFI_ERROR(s->fw.st->BootServices->GetMemoryMap(&size,
			(void *)s->pre_buf, &key, &dsize, &dver)))
		stub_fail(s, "GetMemoryMap", 0, NULL);
	err = efivmap_mmap_init(&s->pre, s->pre_buf, size, dsize, dver, &d);
	if (err)
		stub_fail(s, "firmware memory map", err, &d);
	out_printf("map: %lu descriptors of %lu bytes, version %u, %lu "
		   "runtime\n", s->pre.count, s->pre.desc_size,
		   s->pre.desc_version, efivmap_mmap_count_runtime(&s->pre));
}

/* Step 1, the configuration tables: MAT, RT_PROPERTIES, the FDT. */
static void read_tables(struct stub *s)
{
	const struct efivmap_efi_rt_properties *rtp;
	const struct efivmap_efi_mat_header *mh;
	struct efivmap_diag d = { 0 };
	int err;

	mh = s->mh = find_table(s->fw.st, &mat_guid);
	rtp = find_table(s->fw.st, &rtp_guid);
	s->dtb = find_table(s->fw.st, &dtb_guid);
	if (mh) {
		err = efivmap_pt_mat_from_table(&s->mat, mh, sizeof(*mh) +
				(size_t)mh->num_entries * mh->desc_size, &d);
		if (err)
			stub_fail(s, "Memory Attributes Table", err, &d);
		out_printf("MAT: version %u, %u entries, flags 0x%x\n",
			   s->mat.version, s->mat.count, s->mat.flags);
	} else {
		out_printf("MAT: none\n");
	}
	s->calls.supported = rtp ? rtp->runtime_services_supported : ~0u;
	if (rtp)
		out_printf("RT_PROPERTIES: supported 0x%x%s\n",
			   rtp->runtime_services_supported,
			   rtp->runtime_services_supported &
			   EFIVMAP_EFI_RT_SUPPORTED_GET_TIME ? "" :
			   " (GetTime must return EFI_UNSUPPORTED)");
	else
		out_printf("RT_PROPERTIES: none (every service expected)\n");
	if (s->dtb)
		s->dtb_size = stage_fdt_size(s->dtb);
	s->psci_smc = psci_smc_from_fdt(s->dtb);
	out_printf("PSCI conduit: %s\n", s->psci_smc ? "smc" : "hvc");
	out_printf("FDT from firmware: %s (%u bytes)\n",
		   s->dtb ? "yes" : "none", s->dtb_size);
}

/* Step 2: the table shape, the layout strategy, the identity ranges. */
static void configure(struct stub *s)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL;
	struct efivmap_pt_config *pc = &s->pt_cfg;
	struct efivmap_diag d = { 0 };
	int err;

	err = tables_config(pc, &s->cfg, &s->live, &d);
	if (err)
		stub_fail(s, "table configuration", err, &d);
	efivmap_layout_cfg_init(&s->layout_cfg);
	if (s->cfg.strategy[0] == 'l')
		s->layout_cfg.strategy = EFIVMAP_LAYOUT_LINUX;
	else if (s->cfg.strategy[0] == 'f')
		s->layout_cfg.strategy = EFIVMAP_LAYOUT_FLAT;
	s->layout_cfg.va_bits = pc->va_bits;
	out_printf("tables: %s regime, %uK granule, %u-bit VA (start level "
		   "%u), MAIR 0x%lx\n", tables_regime_name(pc->regime),
		   pc->granule >> 10, pc->va_bits,
		   efivmap_pt_start_level(pc), pc->mair);

	s->fw.st->BootServices->HandleProtocol(s->fw.image, &li_guid,
					       (void **)&li);
	if (!li)
		stub_fail(s, "LoadedImage protocol", 0, NULL);
	add_image(s, li);
	add_stack(s);
	add_ident(s, OUT_UART_BASE, 0x1000, EFIVMAP_PT_DEVICE_RW);
}

/* Step 2: size one table set (and the quirk set) on a trial layout. */
static void size_tables(struct stub *s)
{
	struct efivmap_pt_input in = stub_input(s, &s->pre);
	struct efivmap_diag d = { 0 };
	long count;
	int err;

	err = efivmap_layout_plan(&s->pre, &s->layout_cfg, &d);
	if (err < 0)
		stub_fail(s, "trial layout", err, &d);
	count = tables_needed(&s->pt_cfg, &in, &d);
	if (count < 0)
		stub_fail(s, "sizing the tables", (int)count, &d);
	s->set_bytes = (size_t)(count + STUB_TABLE_MARGIN) * s->pt_cfg.granule;
	out_printf("tables: %ld needed for this map; %u stage sets of %lu "
		   "bytes\n", count, STUB_STAGES_MAX, s->set_bytes);
	/* The VHE kernel's 1:1 tables take the quirk set's room. */
	if (!s->cfg.quirk && !s->cfg.vhe)
		return;
	in.ranges = s->quirk_r;
	in.nranges = quirk_ranges(s, &s->pre);
	count = tables_needed(&s->pt_cfg, &in, &d);
	if (count < 0)
		stub_fail(s, "sizing the quirk tables", (int)count, &d);
	s->quirk_bytes = (size_t)(count + 2 * STUB_TABLE_MARGIN) *
			 s->pt_cfg.granule;
	out_printf("tables: %ld for quirk mode (1:1 and new)\n", count);
}

/* Step 2: one allocation for the map, SVAM scratch, pools and FDTs. */
static void allocate(struct stub *s)
{
	struct efivmap_boot_req req = { 0 };
	struct efivmap_boot_plan plan;
	struct efivmap_diag d = { 0 };
	size_t need = 0;
	unsigned int i;
	int err;

	s->fb.system_table = (uintptr_t)s->fw.st;
	s->fb.bootargs = "efivmap stage 2";
	efivmap_fdt_prepare(NULL, 0, s->dtb, s->dtb_size, &s->fb, &need, &d);
	if (!need)
		stub_fail(s, "sizing the FDT", 0, &d);
	s->fdt_slot = (need + 0xfff) & ~(size_t)0xfff;

	req.slack_descs = EFIVMAP_BOOT_MIN_SLACK;
	req.pool_bytes = STUB_STAGES_MAX * s->set_bytes + s->quirk_bytes;
	req.pool_align = s->pt_cfg.granule;
	req.extra_bytes = (STUB_STAGES_MAX + 1) * s->fdt_slot;
	req.extra_align = 0x1000;
	s->fw.force_stale_key = 1;
	fw_ops_init(&s->ops, &s->fw);
	s->ops.set_virtual_address_map = svam_op;
	err = efivmap_boot_plan_probe(&s->ops, &req, &plan, &d);
	if (err)
		stub_fail(s, "planning the buffer", err, &d);
	err = efivmap_boot_alloc(&s->boot, &s->ops, &plan, &s->alloc, &d);
	if (err)
		stub_fail(s, "allocating the buffer", err, &d);
	out_printf("buffer: 0x%lx, %lu bytes: map %lu + scratch %lu + pool "
		   "%lu + FDTs %lu\n", s->alloc.phys, plan.size, plan.map_cap,
		   plan.scratch_cap, plan.pool_size, plan.extra_size);
	add_ident(s, s->alloc.phys, s->alloc.pages << 12, EFIVMAP_PT_RAM_RW);
	for (i = 0; i <= STUB_STAGES_MAX; i++)
		s->fdt[i] = (uint8_t *)efivmap_boot_extra(&s->boot) +
			    i * s->fdt_slot;
}

/* Step 3. */
static void prepare_fdt(struct stub *s)
{
	struct efivmap_diag d = { 0 };
	int err;

	err = efivmap_fdt_prepare(s->fdt[0], s->fdt_slot, s->dtb, s->dtb_size,
				  &s->fb, NULL, &d);
	if (err)
		stub_fail(s, "preparing the FDT", err, &d);
	out_printf("FDT at %p: /chosen has the system table and "
		   "placeholders\n", (void *)s->fdt[0]);
}

/* Step 4: from here on the PL011 and the stub's own vectors. */
static void exit_boot_services(struct stub *s)
{
	struct efivmap_boot_exit_cfg exit_cfg = { 0 };
	struct efivmap_diag d = { 0 };
	int err;

	exit_cfg.hook = fdt_hook;
	exit_cfg.hook_ctx = s->fdt[0];
	err = efivmap_boot_exit(&s->boot, &exit_cfg, &d);
	out_use_uart();
	stub_for_faults = s;
	stub_set_vbar((uintptr_t)stub_vectors);
	if (err)
		stub_fail(s, "ExitBootServices", err, &d);
	out_printf("ExitBootServices: %u calls, the stale one returned "
		   "0x%lx; FDT hook ran %u times\n", s->boot.ebs_calls,
		   s->fw.stale_status, s->boot.hook_calls);
	if (s->boot.ebs_calls < 2 ||
	    s->fw.stale_status != EFI_INVALID_PARAMETER ||
	    s->boot.hook_calls != s->boot.ebs_calls)
		stub_fail(s, "stale-key retry not exercised", 0, NULL);
	out_printf("(console is the PL011 now; exceptions go to the stub)\n");
	guarded_announce();
	out_printf("final map, %lu descriptors:\n", s->boot.map.count);
	print_map(&s->boot.map, 0);
}

/* Steps 5 and 6. */
static void set_virtual_map(struct stub *s)
{
	struct efivmap_boot_svam_cfg svam_cfg = { 0 };
	struct efivmap_diag d = { 0 };
	int err;

	svam_cfg.layout = &s->layout_cfg;
	svam_cfg.call = EFIVMAP_BOOT_SVAM_ALWAYS;
	if (s->cfg.quirk) {
		svam_cfg.quirk_enter = quirk_enter;
		svam_cfg.quirk_leave = quirk_leave;
		svam_cfg.quirk_ctx = s;
	}
	s->step = 6;
	err = efivmap_boot_svam(&s->boot, &svam_cfg, &d);
	if (err)
		stub_fail(s, "SetVirtualAddressMap", err, &d);
	out_printf("layout (%s): %lu runtime regions\n",
		   efivmap_layout_strategy_name(s->layout_cfg.strategy),
		   s->boot.svam_map.count);
	print_map(&s->boot.map, 1);
	/* A VA now; read it before the switch (the new tables map ST by VA). */
	s->calls.rt = s->fw.st->RuntimeServices;
	out_printf("SetVirtualAddressMap: EFI_SUCCESS; RuntimeServices now at "
		   "VA %p\n", (void *)s->calls.rt);
}

/* Step 7. */
static void build_tables(struct stub *s)
{
	/* skip_runtime=1, a negative control: the runtime regions unmapped
	 * (skip_runtime=2: in the kexec stages only). */
	struct efivmap_pt_input in = stub_input(s, s->cfg.skip_runtime == 1 ?
						NULL : &s->boot.map);
	struct efivmap_diag d = { 0 };
	int err;

	if (in.mat) {
		err = efivmap_pt_mat_validate(&s->pt_cfg, &s->boot.map,
					      &s->mat, NULL, NULL);
		out_printf("MAT: %d entries ignored\n", err);
	}
	err = tables_build(&s->tables[0], "stage 1 tables", &s->pt_cfg, &in,
			   efivmap_boot_pool(&s->boot), s->set_bytes,
			   &s->live, &d);
	if (err)
		stub_fail(s, "building the tables", err, &d);
	out_printf("efivmap_pt_verify: every page maps as intended\n");
	tables_print_stats(&s->tables[0]);
	if (s->cfg.verbose)
		tables_dump(&s->tables[0]);
}

/* shim=: the misbehaving "service" called before the real ones. */
static void setup_shim(struct stub *s)
{
	struct rt_calls *c = &s->calls;
	/* QEMU virt's GIC distributor: MMIO no runtime descriptor declares,
	 * and none of the stub's identity ranges. */
	uint64_t mmio = 0x08000000;

	if (!s->cfg.shim[0])
		return;
	if (s->cfg.shim[0] == 'm') {
		if (efivmap_pt_walk(&s->tables[0].pt, mmio, NULL, NULL) !=
		    -EFIVMAP_ERR_NOTFOUND)
			stub_fail(s, "shim=mmio: 0x8000000 is mapped", 0, NULL);
		c->shim_fn = (uintptr_t)shim_mmio;
		c->shim_arg = mmio;
		c->shim_name = "shim_mmio";
		out_printf("NEGATIVE: shim_mmio, called as a runtime service "
			   "first, reads 0x%lx (GIC distributor: unmapped, in "
			   "no runtime descriptor)\n", mmio);
	} else {
		c->shim_fn = (uintptr_t)shim_x18;
		c->shim_name = "shim_x18";
		out_printf("NEGATIVE: shim_x18, called as a runtime service "
			   "first, returns with x18 clobbered\n");
	}
}

/* A guarded call failed: say what, and stop using the services. */
static void runtime_unavailable(struct stub *s, const struct rt_calls *c,
				const struct efivmap_mmap *map, int n)
{
	guarded_report(&c->fault, map);
	s->rt_fault_step = n;
	s->rt_fault_call = c->fault.call;
	out_printf("runtime services marked unavailable after %s in step %d:"
		   " no further runtime calls\n", c->fault.call, n);
}

/* Steps 8 and 9. */
static void call_runtime(struct stub *s)
{
	s->step = 8;
	if (!s->cfg.no_switch && mmu_probe(&s->tables[0], &s->tables[0].pt,
					   "their own walk", s->cfg.probe_max))
		stub_fail(s, "MMU self-check", 0, NULL);
	s->step = 9;
	setup_shim(s);
	if (s->cfg.no_switch) {
		out_printf("NEGATIVE: calling the new VAs on the firmware's "
			   "tables\n");
		rt_run(&s->calls);
	} else {
		if (tables_call(&s->tables[0], rt_run, &s->calls))
			stub_fail(s, "switching tables", 0, NULL);
	}
	if (s->calls.fault.err)
		runtime_unavailable(s, &s->calls, &s->boot.map, 9);
	else if (rt_check(&s->calls, "stage 1"))
		stub_fail(s, "runtime calls", 0, NULL);
}

#define HCR_E2H      (UINT64_C(1) << 34)
#define HCR_TGE      (UINT64_C(1) << 27)
#define CPTR_FPEN    (UINT64_C(3) << 20)	/* in CPACR_EL1's layout */
#define TCR_EPD1     (UINT64_C(1) << 23)	/* no TTBR1_EL2 walks */
#define TCR_TG1_4K   (UINT64_C(2) << 30)

/*
 * Step 10, vhe=1: what a VHE kernel does first, before the last stage.
 * Its own tables are 1:1 (the stub, the runtime regions, the boot
 * services memory nothing has reused), built for EL2&0; E2H and TGE go
 * on with the MMU off, and CPTR_EL2 must not trap FP/SIMD in its new
 * layout. The stage then reads the new regime and builds for it.
 */
static void enter_vhe(struct stub *s)
{
	struct stub_tables *k = &s->tables[STUB_QUIRK_SET];
	struct efivmap_pt_config kc = s->pt_cfg;
	struct efivmap_pt_input in = { 0 };
	struct efivmap_arch_live live;
	struct efivmap_diag d = { 0 };
	uint32_t regime = 0;
	uint64_t tcr;
	int err;

	efivmap_arch_read_live(&live);
	err = efivmap_arch_live_regime(&live, &regime);
	if (err || regime != EFIVMAP_PT_REGIME_EL2 ||
	    !((stub_read_mmfr1() >> 8) & 0xf))
		stub_fail(s, "vhe: needs EL2 without E2H and FEAT_VHE "
			  "(ID_AA64MMFR1_EL1.VH)", err, NULL);
	if (s->cfg.vhe_va_bits)
		err = efivmap_pt_config_init(&kc, s->pt_cfg.granule,
					     s->cfg.vhe_va_bits,
					     s->pt_cfg.pa_bits, 0);
	if (!err)
		err = efivmap_pt_config_set_mair(&kc, s->pt_cfg.mair);
	if (!err)
		err = efivmap_pt_config_set_regime(&kc, EFIVMAP_PT_REGIME_EL20);
	if (err)
		stub_fail(s, "vhe: the EL2&0 configuration", err, NULL);
	in.map = &s->boot.map;
	in.ranges = s->quirk_r;
	in.nranges = quirk_ranges(s, &s->boot.map);
	err = tables_build(k, "VHE kernel tables", &kc, &in,
			   (uint8_t *)efivmap_boot_pool(&s->boot) +
			   STUB_STAGES_MAX * s->set_bytes, s->quirk_bytes,
			   &live, &d);
	if (err)
		stub_fail(s, "vhe: building the EL2&0 tables", err, &d);
	/* IPS: the larger of ours and the firmware's PS, as a merge would. */
	tcr = efivmap_pt_tcr(&k->pt) | TCR_EPD1 | TCR_TG1_4K;
	if (((live.tcr >> 16) & 7) > ((tcr >> 32) & 7))
		tcr = (tcr & ~(UINT64_C(7) << 32)) | ((live.tcr >> 16) & 7) << 32;
	out_printf("vhe: HCR_EL2 0x%lx -> 0x%lx, TCR_EL2 0x%lx -> 0x%lx "
		   "(TCR_EL1 layout), TTBR0_EL2 0x%lx\n", live.hcr,
		   live.hcr | HCR_E2H | HCR_TGE, live.tcr, tcr, k->ttbr0);
	stub_enter_vhe(k->ttbr0, tcr, k->mair, live.hcr | HCR_E2H | HCR_TGE,
		       CPTR_FPEN);
	efivmap_arch_read_live(&live);
	if (efivmap_arch_live_regime(&live, &regime) ||
	    regime != EFIVMAP_PT_REGIME_EL20)
		stub_fail(s, "vhe: E2H did not take", 0, NULL);
	out_printf("vhe: now in EL2&0 on the kernel's own tables; "
		   "regime: EL2&0 (HCR_EL2 0x%lx)\n", live.hcr);
}

/* Step 10: stages 2 and 3, each in its own part of the pool. */
static void run_stages(struct stub *s)
{
	struct stage_env env;
	unsigned int i;
	int err;

	env.pt_cfg = &s->pt_cfg;
	env.layout_cfg = &s->layout_cfg;
	env.ident = s->ident;
	env.nident = s->nident;
	env.first = &s->tables[0];
	env.skip_runtime = s->cfg.skip_runtime;
	env.rt_fault_step = &s->rt_fault_step;
	env.rt_fault_call = &s->rt_fault_call;
	env.probe_max = s->cfg.probe_max;
	env.probe_mutate = s->cfg.probe_mutate;
	for (i = 2; i <= s->stages; i++) {
		step(s, 10, i == 2 ? "kexec chain: stage 2" :
			    "kexec chain: stage 3");
		if (s->cfg.vhe && i == s->stages) {
			enter_vhe(s);
			s->last = i - 1;
		}
		err = stage_run(i, &env, s->fdt[i - 2],
				(uint8_t *)efivmap_boot_pool(&s->boot) +
				(i - 1) * s->set_bytes, s->set_bytes,
				i < s->stages ? s->fdt[i - 1] : NULL,
				s->fdt_slot, &s->tables[i - 1]);
		if (err)
			stub_fail(s, "kexec stage", err < 0 ? err : 0, NULL);
	}
}

/* Step 11: the result line, then off through the firmware or PSCI. */
static void __attribute__((noreturn)) finish(struct stub *s)
{
	if (s->rt_fault_step) {
		step(s, 11, "PSCI SYSTEM_OFF (runtime services unavailable)");
		out_printf("EFIVMAP-RESULT: FAULT step=%d guarded runtime call "
			   "%s failed; runtime services unavailable, no "
			   "ResetSystem\n", s->rt_fault_step, s->rt_fault_call);
		stub_psci_off(s->psci_smc);
	}
	step(s, 11, "ResetSystem(EfiResetShutdown)");
	out_printf("EFIVMAP-RESULT: PASS strategy=%s va_bits=%u stages=%u "
		   "runtime=%lu tables=%lu\n", s->cfg.strategy,
		   s->pt_cfg.va_bits, s->stages, s->boot.svam_map.count,
		   s->tables[0].pt.used);
	/* Through tables of the regime running (the VHE stage's, after it). */
	tables_call(&s->tables[s->last], rt_shutdown, &s->calls);
	if (s->calls.fault.err)
		guarded_report(&s->calls.fault, &s->boot.map);
	stub_fail(s, "ResetSystem returned", 0, NULL);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	/* Static: inside the image, which every table set maps. */
	static struct stub stub;
	struct stub *s = &stub;

	start(s, image, st);
	step(s, 1, "memory map and configuration tables");
	read_map(s);
	read_tables(s);
	step(s, 2, "size and make the one allocation");
	configure(s);
	size_tables(s);
	allocate(s);
	step(s, 3, "prepare the FDT");
	prepare_fdt(s);
	step(s, 4, "ExitBootServices (first attempt with a stale key)");
	exit_boot_services(s);
	step(s, 5, "plan the layout and call SetVirtualAddressMap (step 6)");
	set_virtual_map(s);
	step(s, 7, "build the tables");
	build_tables(s);
	step(s, 8, "switch TTBR0 and call runtime services (step 9)");
	call_runtime(s);
	run_stages(s);

	finish(s);
}
