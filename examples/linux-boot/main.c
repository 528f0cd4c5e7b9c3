// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * A Linux loader built on libefivmap: the bootloader, not the kernel's own
 * EFI stub, chooses the runtime layout and calls SetVirtualAddressMap.
 *
 * From the volume it was loaded from it reads \efivmap-linux.cfg
 * (optional: strategy=optimal|linux, bootargs=..., and secure_boot_prop=0,
 * a negative control that leaves out the property Debian's kernels
 * require, see secure_boot_mode()), \Image and
 * \initramfs.cpio. It builds the kernel's DT from the firmware's FDT
 * configuration table with the library's /chosen properties, runs the
 * library's ExitBootServices sequence and SetVirtualAddressMap, and enters
 * the kernel with the MMU off and x0 = DT.
 *
 * Lines starting "EFIVMAP-LINUX-STUB:" are for the test harness. Every
 * failure before ExitBootServices frees what was allocated and returns to
 * the firmware.
 */
#include <efi.h>
#include <efilib.h>
#include <efivmap/efivmap.h>
#include <efivmap/fdt.h>
#include <libfdt.h>
#include "fw.h"
#include "load.h"
#include "out.h"

#define LB_BOOTARGS_MAX 512

/* Linux's enum efi_secureboot_mode. */
#define LB_SECUREBOOT_DISABLED 2u
#define LB_SECUREBOOT_ENABLED  3u

void lb_clean_dcache(uint64_t start, uint64_t size);
void lb_enter(uint64_t dtb, uint64_t entry) __attribute__((noreturn));

static const struct efivmap_efi_guid dtb_guid = FW_DTB_TABLE_GUID;

static struct stub_fw fw;
static struct efivmap_fw_ops ops;
static struct efivmap_boot boot;
static struct efivmap_alloc buf_alloc;
static struct efivmap_layout_cfg layout;
static char cfg_text[1024];
static char bootargs[LB_BOOTARGS_MAX] = "console=ttyAMA0 panic=-1";
static int secure_boot_prop = 1;

static int str_starts(const char *s, const char *prefix, const char **rest)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	*rest = s;
	return 1;
}

/* key=value lines; an unknown key is reported and ignored. */
static void cfg_apply(char *text)
{
	char *line = text;

	while (*line) {
		char *end = line;
		const char *v;
		size_t i;

		while (*end && *end != '\n' && *end != '\r')
			end++;
		if (*end)
			*end++ = 0;
		if (str_starts(line, "strategy=", &v)) {
			if (v[0] == 'l')
				layout.strategy = EFIVMAP_LAYOUT_LINUX;
			else if (v[0] == 'f')
				layout.strategy = EFIVMAP_LAYOUT_FLAT;
			else
				layout.strategy = EFIVMAP_LAYOUT_OPTIMAL;
		} else if (str_starts(line, "bootargs=", &v)) {
			for (i = 0; v[i] && i < sizeof(bootargs) - 1; i++)
				bootargs[i] = v[i];
			bootargs[i] = 0;
		} else if (str_starts(line, "secure_boot_prop=", &v)) {
			secure_boot_prop = v[0] != '0';
		} else if (*line && *line != '#') {
			out_printf("cfg: unknown line '%s' ignored\n", line);
		}
		line = end;
	}
}

static EFI_STATUS give_up(const char *what, const char *why, EFI_STATUS s)
{
	out_printf("EFIVMAP-LINUX-STUB: FAIL %s: %s (status 0x%lx); "
		   "returning to the firmware\n", what, why, (unsigned long)s);
	return EFI_ERROR(s) ? s : EFI_LOAD_ERROR;
}

/* After ExitBootServices there is no way back: report and stop. */
static void __attribute__((noreturn))
halt(const char *what, int err, const struct efivmap_diag *d)
{
	out_printf("EFIVMAP-LINUX-STUB: FAIL %s: %s", what,
		   efivmap_strerror(err));
	if (d && d->what)
		out_printf(" (%s, index %d, addr 0x%lx)", d->what,
			   (int)d->index, d->addr);
	out_printf("\n");
	for (;;)
		__asm__ volatile("wfi");
}

static UINT8 read_u8_var(EFI_SYSTEM_TABLE *st, CHAR16 *name, UINT8 dflt)
{
	EFI_GUID global = EFI_GLOBAL_VARIABLE;
	UINT8 v = dflt;
	UINTN size = sizeof(v);

	if (EFI_ERROR(st->RuntimeServices->GetVariable(name, &global, NULL,
						       &size, &v)))
		return dflt;
	return v;
}

/*
 * Debian's arm64 kernels (and Ubuntu's) carry a patch that makes
 * linux,uefi-secure-boot a required /chosen property: without it they
 * ignore every linux,uefi-* property and boot without EFI. Mainline
 * ignores it. The value is the kernel's efi_secureboot_mode.
 */
static uint32_t secure_boot_mode(EFI_SYSTEM_TABLE *st)
{
	if (read_u8_var(st, (CHAR16 *)L"SecureBoot", 0) == 1 &&
	    read_u8_var(st, (CHAR16 *)L"SetupMode", 1) == 0)
		return LB_SECUREBOOT_ENABLED;
	return LB_SECUREBOOT_DISABLED;
}

static int commit_hook(void *ctx, const struct efivmap_mmap *map,
		       unsigned int attempt)
{
	(void)attempt;
	/* In place only: no printing, no allocation, map unchanged. */
	return efivmap_fdt_commit(ctx, (uintptr_t)map->base, map->map_size,
				  map->desc_size, map->desc_version, NULL);
}

/* One line the harness compares with what each kernel later reads. */
static void print_layout(const struct efivmap_mmap *map)
{
	struct efivmap_efi_desc *d;
	size_t i;

	out_printf("EFIVMAP-LINUX-STUB: layout=%s rt=%lu vas=",
		   efivmap_layout_strategy_name(layout.strategy),
		   efivmap_mmap_count_runtime(map));
	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d))
			out_printf("%lx:%lx:%lx,", d->virt_start, d->phys_start,
				   d->num_pages);
	out_printf("\n");
}

/* \efivmap-linux.cfg, \Image and \initramfs.cpio from the boot volume. */
static EFI_STATUS load_files(EFI_HANDLE image, EFI_SYSTEM_TABLE *st,
			     struct lb_blob *kernel, struct lb_blob *initrd)
{
	const struct lb_image_header *h;
	EFI_FILE_HANDLE root;
	const char *why = "";
	EFI_STATUS s;

	s = fw_open_root(image, st, &root);
	if (EFI_ERROR(s))
		return give_up("boot volume", "cannot open", s);
	if (!EFI_ERROR(lb_read_text(root, (CHAR16 *)L"\\efivmap-linux.cfg",
				    cfg_text, sizeof(cfg_text))))
		cfg_apply(cfg_text);

	s = lb_load_image(root, (CHAR16 *)L"\\Image", &ops, kernel, &why);
	if (EFI_ERROR(s)) {
		root->Close(root);
		return give_up("\\Image", why, s);
	}
	h = (const struct lb_image_header *)(uintptr_t)kernel->start;
	out_printf("Image: %lu bytes at 0x%lx (text_offset 0x%lx, image_size "
		   "0x%lx, flags 0x%lx)\n", kernel->size, kernel->start,
		   h->text_offset, h->image_size, h->flags);
	if (!(h->flags & LB_IMAGE_ANYWHERE))
		out_printf("Image: asks to sit low in RAM; placed at the first "
			   "2 MiB-aligned fit instead\n");
	s = lb_load_file(root, (CHAR16 *)L"\\initramfs.cpio", &ops, initrd);
	root->Close(root);
	if (EFI_ERROR(s)) {
		efivmap_free_aligned(&ops, &kernel->alloc, NULL);
		return give_up("\\initramfs.cpio", s == EFI_NOT_FOUND ?
			       "not found" : "cannot load", s);
	}
	out_printf("initramfs: %lu bytes at 0x%lx\n", initrd->size,
		   initrd->start);
	return EFI_SUCCESS;
}

/* What the kernel's /chosen gets besides the memory map. */
static void chosen_props(EFI_SYSTEM_TABLE *st, const struct lb_blob *initrd,
			 struct efivmap_fdt_boot *fb)
{
	fb->system_table = (uintptr_t)st;
	fb->bootargs = bootargs;
	fb->initrd_start = initrd->start;
	fb->initrd_end = initrd->start + initrd->size;
	fb->flags = EFIVMAP_FDT_SET_INITRD;
	if (secure_boot_prop) {
		fb->secure_boot = secure_boot_mode(st);
		fb->flags |= EFIVMAP_FDT_SET_SECURE_BOOT;
	} else {
		out_printf("NEGATIVE: no linux,uefi-secure-boot in /chosen\n");
	}
}

/*
 * The kernel's DT, prepared in the extra part of the library's one
 * allocation. On failure nothing stays allocated and @why says what.
 */
static EFI_STATUS prepare_dt(EFI_SYSTEM_TABLE *st,
			     const struct lb_blob *initrd,
			     struct efivmap_boot_plan *plan, void **fdt,
			     const char **why)
{
	struct efivmap_diag d = { 0 };
	struct efivmap_boot_req req = { 0 };
	struct efivmap_fdt_boot fb = { 0 };
	const void *dtb;
	uint32_t dtb_size;
	size_t need = 0;
	int err;

	dtb = fw_find_table(st->ConfigurationTable, st->NumberOfTableEntries,
			    &dtb_guid);
	if (!dtb) {
		*why = "the firmware installed no FDT configuration table";
		return EFI_NOT_FOUND;
	}
	dtb_size = __builtin_bswap32(((const uint32_t *)dtb)[1]);
	chosen_props(st, initrd, &fb);
	err = efivmap_fdt_prepare(NULL, 0, dtb, dtb_size, &fb, &need, &d);
	if (err != -EFIVMAP_ERR_NOSPACE && err) {
		*why = efivmap_strerror(err);
		return EFI_LOAD_ERROR;
	}

	req.extra_bytes = need;
	req.extra_align = 8;
	err = efivmap_boot_plan_probe(&ops, &req, plan, &d);
	if (!err)
		err = efivmap_boot_alloc(&boot, &ops, plan, &buf_alloc, &d);
	if (err) {
		*why = efivmap_strerror(err);
		return EFI_OUT_OF_RESOURCES;
	}
	*fdt = efivmap_boot_extra(&boot);
	err = efivmap_fdt_prepare(*fdt, plan->extra_size, dtb, dtb_size, &fb,
				  NULL, &d);
	if (err) {
		efivmap_free_aligned(&ops, &buf_alloc, NULL);
		*why = efivmap_strerror(err);
		return EFI_LOAD_ERROR;
	}
	out_printf("DT: %u bytes from the firmware, prepared at %p; "
		   "bootargs '%s'\n", dtb_size, *fdt, bootargs);
	return EFI_SUCCESS;
}

/*
 * ExitBootServices, SetVirtualAddressMap and the jump. Returns only when
 * ExitBootServices was never attempted, with the buffer freed.
 */
static EFI_STATUS start_kernel(const struct lb_blob *kernel,
			       const struct lb_blob *initrd,
			       const struct efivmap_boot_plan *plan,
			       void *fdt, const char **why)
{
	struct efivmap_diag d = { 0 };
	struct efivmap_boot_exit_cfg exit_cfg = { 0 };
	struct efivmap_boot_svam_cfg svam_cfg = { 0 };
	int err;

	out_printf("ExitBootServices, then SetVirtualAddressMap (%s)\n",
		   efivmap_layout_strategy_name(layout.strategy));
	exit_cfg.hook = commit_hook;
	exit_cfg.hook_ctx = fdt;
	err = efivmap_boot_exit(&boot, &exit_cfg, &d);
	if (err && !(boot.state & EFIVMAP_BOOT_EBS_ATTEMPTED)) {
		efivmap_free_aligned(&ops, &buf_alloc, NULL);
		*why = efivmap_strerror(err);
		return EFI_ABORTED;
	}
	out_use_uart();
	if (err)
		halt("ExitBootServices", err, &d);
	svam_cfg.layout = &layout;
	svam_cfg.call = EFIVMAP_BOOT_SVAM_ALWAYS;
	err = efivmap_boot_svam(&boot, &svam_cfg, &d);
	if (err)
		halt("SetVirtualAddressMap", err, &d);
	print_layout(&boot.map);
	out_printf("EFIVMAP-LINUX-STUB: entering the kernel at 0x%lx, DT at "
		   "%p, %u ExitBootServices call(s)\n", kernel->start, fdt,
		   boot.ebs_calls);

	lb_clean_dcache(kernel->start, kernel->span);
	lb_clean_dcache(initrd->start, initrd->size);
	lb_clean_dcache((uintptr_t)boot.buf, plan->size);
	lb_enter((uintptr_t)fdt, kernel->start);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct efivmap_boot_plan plan;
	struct lb_blob kernel, initrd;
	const char *why = "";
	void *fdt = NULL;
	EFI_STATUS s;

	out_init(st);
	fw.image = image;
	fw.st = st;
	fw_ops_init(&ops, &fw);
	efivmap_layout_cfg_init(&layout);
	out_printf("efivmap linux-boot: loading \\Image and "
		   "\\initramfs.cpio\n");

	s = load_files(image, st, &kernel, &initrd);
	if (EFI_ERROR(s))
		return s;
	s = prepare_dt(st, &initrd, &plan, &fdt, &why);
	if (!EFI_ERROR(s))
		s = start_kernel(&kernel, &initrd, &plan, fdt, &why);
	efivmap_free_aligned(&ops, &initrd.alloc, NULL);
	efivmap_free_aligned(&ops, &kernel.alloc, NULL);
	return give_up("preparing the boot", why, s);
}
