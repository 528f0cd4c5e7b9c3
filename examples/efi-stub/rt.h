/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Runtime-service calls through the virtual runtime-services table, made
 * while the stub's own tables are live, each one guarded (guarded.h).
 * Results are recorded and checked afterwards, so nothing is printed
 * while the tables are switched. After the first failed guarded call the
 * runtime services are unavailable: no further call is made.
 */
#ifndef EFISTUB_RT_H
#define EFISTUB_RT_H

#include <efi.h>
#include <efivmap/efi.h>
#include "guarded.h"

struct rt_calls {
	EFI_RUNTIME_SERVICES *rt;	/* virtual, as SVAM left it */
	uint32_t supported;		/* RT_PROPERTIES mask, or all ones */
	efivmap_efi_status get_time;
	EFI_TIME time;
	efivmap_efi_status next_name;	/* status that ended the walk */
	unsigned int vars;		/* variables seen */
	CHAR16 first_name[64];
	EFI_GUID first_guid;
	efivmap_efi_status get_var;
	UINTN var_size;
	UINT32 var_attr;
	struct guarded_fault fault;	/* err != 0: services unavailable */
	/* Negative controls: a "service" called first, through the same
	 * guarded path (shim_mmio or shim_x18), and its argument. */
	uint64_t shim_fn;
	uint64_t shim_arg;
	const char *shim_name;
};

/* Make the calls; runs with the stub's tables live (struct rt_calls *). */
void rt_run(void *calls);
/*
 * Print the results; returns 0 when every status is the one expected.
 * Not for calls that ended in a guarded fault (c->fault.err).
 */
int rt_check(const struct rt_calls *c, const char *who);
/* ResetSystem(EfiResetShutdown); returns only if the firmware did. */
void rt_shutdown(void *calls);

#endif
