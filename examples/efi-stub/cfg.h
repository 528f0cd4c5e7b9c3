/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Run parameters, read from \efivmap.cfg on the boot volume: one
 * "key=value" per line, '#' starts a comment. A missing file means the
 * defaults. The test harness writes one file per boot.
 */
#ifndef EFISTUB_CFG_H
#define EFISTUB_CFG_H

#include <efi.h>

struct stub_cfg {
	char strategy[16];	/* optimal, linux, flat (layout strategy) */
	unsigned int va_bits;	/* tables' VA size; 0: the firmware's */
	unsigned int granule;	/* 4, 16 or 64 (KiB) */
	unsigned int stages;	/* 1..3: how many kexec stages to run */
	int quirk;		/* map old and new VAs during SVAM */
	int skip_runtime;	/* negative control: leave runtime unmapped;
				 * 2: in the kexec stages only */
	int no_switch;		/* negative control: firmware's tables */
	int verbose;		/* dump the tables */
	int vhe;		/* the last kexec stage turns E2H on, as a
				 * VHE kernel does (EL2 with FEAT_VHE) */
	unsigned int vhe_va_bits; /* its own tables' VA size; 0: va_bits */
	char shim[8];		/* negative control: "mmio" or "x18", a
				 * misbehaving service called first */
	unsigned int probe_max;	/* MMU self-check: VAs per leaf (2..64) */
	int probe_mutate;	/* negative control: corrupt one leaf of
				 * stage 2's tables after they are built */
};

void cfg_defaults(struct stub_cfg *cfg);
/* Reads the file next to the image; keeps the defaults when it is absent. */
EFI_STATUS cfg_load(struct stub_cfg *cfg, EFI_HANDLE image,
		    EFI_SYSTEM_TABLE *st);

#endif
