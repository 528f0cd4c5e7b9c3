// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * guard.S and probe.S on a CPU (QEMU virt, EL1 or EL2): guarded calls of
 * the shims in shims.S, each judged by the guard's verdict and by the
 * caller's own registers afterwards, then the MMU self-check on the
 * library's tables while they are live. One PASS/FAIL line per check;
 * the exit code is the number of failures.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "efivmap/arch.h"
#include "efivmap/pt.h"

#define UART ((volatile uint32_t *)0x09000000)

static void putc_(char c) { *UART = (uint32_t)c; }
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void puthex(uint64_t v)
{
	int i;
	puts_("0x");
	for (i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 15]);
}

struct efivmap_guard guard;
struct efivmap_guard *this_cpu_guard = &guard;
static _Alignas(16) uint8_t fw_stack[16384];
EFIVMAP_PT_POOL(pool, EFIVMAP_PT_GRANULE_4K, 16);
static struct efivmap_pt pt;
static int failures;
static void check(bool ok, const char *what);

int harness_call(struct efivmap_guard *g, efivmap_arch_fn fn, uint64_t a0,
		 uint64_t *ret, uint64_t *bad);
void harness_switch(uint64_t ttbr0);
void harness_daif_set(uint64_t daif);
#define SHIM(n) uint64_t n(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t)
SHIM(fw_ok); SHIM(fw_x18); SHIM(fw_x19); SHIM(fw_x25); SHIM(fw_x29);
SHIM(fw_sp); SHIM(fw_sp_x29); SHIM(fw_fault_read); SHIM(fw_fault_write);
SHIM(fw_brk); SHIM(fw_stack_use);

void unexpected_exception(struct efivmap_guard_frame *f);
void unexpected_exception(struct efivmap_guard_frame *f)
{
	puts_("UNEXPECTED exception, ELR ");
	puthex(f->elr);
	puts_(" SPSR ");
	puthex(f->spsr);
	puts_("\n");
}

static void check(bool ok, const char *what)
{
	puts_(ok ? "PASS " : "FAIL ");
	puts_(what);
	puts_("\n");
	if (!ok)
		failures++;
}

static void show_fault(void)
{
	struct efivmap_guard_diag d;
	char line[200];

	efivmap_guard_diagnose(NULL, guard.esr, guard.far, guard.elr, &d);
	efivmap_guard_diag_format(&d, guard.far, guard.elr, line, sizeof(line));
	puts_("  EFIVMAP-FAULT esr=");
	puthex(guard.esr);
	puts_(" ");
	puts_(line);
	puts_("\n");
}

static int call(efivmap_arch_fn fn, uint64_t a0, uint64_t *ret,
		uint64_t *bad)
{
	guard.stack_top = (uint64_t)(uintptr_t)(fw_stack + sizeof(fw_stack));
	*ret = 0xdead;
	*bad = 0xbad;
	return harness_call(&guard, fn, a0, ret, bad);
}

static void guard_tests(void)
{
	uint64_t ret, bad;
	int r;

	r = call(fw_ok, 5, &ret, &bad);
	check(r == 0 && ret == 5 + 0x77 && bad == 0, "clean call");
	r = call(fw_stack_use, 7, &ret, &bad);
	check(r == 0 && ret == 8 && bad == 0, "firmware using its stack");
	r = call(fw_x18, 0, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_CORRUPT && guard.corrupted == 18 &&
	      bad == 0, "x18 corrupted, named, restored");
	r = call(fw_x19, 0, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_CORRUPT && guard.corrupted == 19 &&
	      bad == 0, "x19 corrupted");
	r = call(fw_x25, 0, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_CORRUPT && guard.corrupted == 25 &&
	      bad == 0, "x25 and x27 corrupted: x25 named");
	r = call(fw_x29, 0, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_CORRUPT && guard.corrupted == 29 &&
	      bad == 0, "x29 corrupted");
	r = call(fw_sp, 0, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_CORRUPT &&
	      guard.corrupted == EFIVMAP_GUARD_REG_SP &&
	      guard.outcome == EFIVMAP_GUARD_LOST_SP && bad == 0,
	      "SP moved: found again through x29");
	r = call(fw_sp_x29, 0, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_CORRUPT &&
	      guard.corrupted == EFIVMAP_GUARD_REG_SP &&
	      guard.outcome == EFIVMAP_GUARD_LOST_SP && bad == 0,
	      "SP and x29 lost: the return path faults, the fixup recovers");
	show_fault();
	r = call(fw_fault_read, 0x10000000, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_FAULT && ret == 0xdead && bad == 0 &&
	      guard.far == 0x10000000 && (guard.esr >> 26) == 0x25,
	      "read of an unmapped VA: fault, registers and DAIF restored");
	show_fault();
	r = call(fw_fault_write, 0x48001000, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_FAULT && bad == 0 &&
	      (guard.esr & 0x3f) == 0x0f && (guard.esr & (1u << 6)),
	      "write to a read-only page: permission fault level 3");
	show_fault();
	r = call(fw_brk, 0, &ret, &bad);
	check(r == -EFIVMAP_ERR_FW_FAULT && bad == 0 &&
	      (guard.esr >> 26) == 0x3c, "BRK in firmware");
	show_fault();
	r = call(fw_ok, 1, &ret, &bad);
	check(r == 0 && ret == 1 + 0x77 && bad == 0, "clean call after faults");
	guard.stack_top = 8;
	r = harness_call(&guard, fw_ok, 0, &ret, &bad);
	check(r == -EFIVMAP_ERR_INVAL && bad == 0, "bad stack refused");
}

static uint64_t *leaf_slot(uint64_t va)
{
	uint64_t *t = pt.root, d;
	unsigned lv, sh;

	for (lv = 1; lv < 3; lv++) {
		sh = 12 + 9 * (3 - lv);
		d = t[(va >> sh) & 511];
		t = (uint64_t *)(uintptr_t)(d & 0x0000fffffffff000);  /* identity */
	}
	return &t[(va >> 12) & 511];
}

EFIVMAP_PT_POOL(pool2, EFIVMAP_PT_GRANULE_4K, 16);
static struct efivmap_pt pt2;

/* The harness's map; @victim_attrs for the page at 0x48000000. */
static int build(struct efivmap_pt *p, uint8_t *mem, size_t size, uint64_t el,
		 uint32_t victim_attrs)
{
	const struct efivmap_pt_range r[4] = {
		{ 0x40000000, 0x40000000, 0x8000000, EFIVMAP_PT_RAM_RWX },
		{ 0x09000000, 0x09000000, 0x1000, EFIVMAP_PT_DEVICE_RW },
		{ 0x48000000, 0x48000000, 0x1000, victim_attrs },
		{ 0x48001000, 0x48001000, 0x1000, EFIVMAP_PT_RAM_RO },
	};
	struct efivmap_pt_input in = { .ranges = r, .nranges = 4 };
	struct efivmap_pt_config cfg;
	int e;

	efivmap_pt_config_init(&cfg, EFIVMAP_PT_GRANULE_4K, 39, 40, 0);
	if (el == 8)
		efivmap_pt_config_set_regime(&cfg, EFIVMAP_PT_REGIME_EL2);
	e = efivmap_pt_init_pool(p, &cfg, mem, size, (uint64_t)(uintptr_t)mem,
				 NULL);
	return e ? e : efivmap_pt_build(p, &in, NULL);
}

static void build_tables(uint64_t el)
{
	check(build(&pt, pool, sizeof(pool), el, EFIVMAP_PT_RAM_RW) == 0 &&
	      build(&pt2, pool2, sizeof(pool2), el, EFIVMAP_PT_RAM_RO) == 0,
	      "library tables built");
	harness_switch(efivmap_pt_ttbr0(&pt, 0));
	puts_("running on the library's tables\n");
}

static int probe(const struct efivmap_pt *p, uint32_t rd, uint32_t wr,
		 struct efivmap_probe_report *rep)
{
	int e = efivmap_probe_run(p, rd, wr, 8, efivmap_arch_probe_at, NULL,
				  rep);

	puts_("  probe checked ");
	puthex(rep->checked);
	puts_(" VAs");
	if (e) {
		puts_(", disagrees at ");
		puthex(rep->va);
		puts_(" why ");
		puthex(rep->why);
		puts_(" PAR ");
		puthex(rep->par_read);
		puts_(" ");
		puthex(rep->par_write);
	}
	puts_("\n");
	return e;
}

static void probe_tests(uint64_t el)
{
	struct efivmap_probe_report rep;
	uint32_t rd = 9, wr = 9;
	uint64_t *slot, saved;
	int e;

	e = efivmap_probe_select(&pt, el, &rd, &wr);
	check(e == 0 && rd == (el == 8 ? 2u : 0u), "probe ops selected");
	check(efivmap_arch_probe_at(NULL, rd, 0x10000000) & 1,
	      "AT on an unmapped VA: PAR.F");
	e = probe(&pt, rd, wr, &rep);
	check(e == 0 && rep.checked > 3, "MMU agrees with the walk on live tables");
	/* tables the MMU is not using: the victim page differs */
	e = probe(&pt2, rd, wr, &rep);
	check(e == -EFIVMAP_ERR_VERIFY && rep.va == 0x48000000 &&
	      rep.why == EFIVMAP_PROBE_BAD_WRITE,
	      "other tables than the live ones: the differing VA named");
	/* the live tables changed (and the TLB flushed): both views move */
	slot = leaf_slot(0x48000000);
	saved = *slot;
	*slot |= UINT64_C(1) << 7;  /* AP[2]: read-only */
	harness_switch(efivmap_pt_ttbr0(&pt, 0));
	check(efivmap_arch_probe_at(NULL, wr, 0x48000000) & 1,
	      "write AT on the page made read-only faults");
	e = probe(&pt, rd, wr, &rep);
	check(e == 0, "both views see the change");
	*slot = saved;
	harness_switch(efivmap_pt_ttbr0(&pt, 0));
}

int main(void)
{
	struct efivmap_arch_live live;
	uint64_t el;

	efivmap_arch_read_live(&live);
	el = live.current_el;

	puts_(el == 8 ? "harness at EL2\n" : "harness at EL1\n");
	harness_daif_set(0x3c0 & ~0x100);  /* A unmasked: DAIF must come back */
	build_tables(el);
	guard_tests();
	probe_tests(el);
	puts_(failures ? "RESULT FAIL\n" : "RESULT PASS\n");
	return failures;
}
