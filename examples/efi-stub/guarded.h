/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Every runtime call of the stub goes through efivmap_guard_call(): the
 * service runs on a private stack in the image (mapped by every table
 * set), interrupts masked, its registers checked; a fault inside it is
 * handed back by the stub's vectors (efivmap_guard_fixup()). What went
 * wrong is recorded and reported after the tables are switched back.
 */
#ifndef EFISTUB_GUARDED_H
#define EFISTUB_GUARDED_H

#include <stdbool.h>
#include <efivmap/arch.h>
#include <efivmap/mmap.h>

/* The first guarded call that failed, if any. */
struct guarded_fault {
	int err;		/* 0, -EFIVMAP_ERR_FW_FAULT or _FW_CORRUPT */
	const char *call;	/* the service's name */
	uint64_t esr, far, elr;
	uint32_t corrupted;	/* EFIVMAP_GUARD_REG_* or 18..29 */
	uint64_t before, after;	/* that register around the call */
};

/*
 * Call the function whose address is at @slot (the firmware's table
 * entry, read inside the guard) with @a0..@a4. Returns 0 and sets *@ret,
 * or records the failure in @f (when it is the first) and returns it.
 */
int guarded_call(struct guarded_fault *f, const char *name, const void *slot,
		 uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		 uint64_t a4, uint64_t *ret);

/* From the vectors: true when the exception was a guarded call's. */
bool guarded_fixup(struct efivmap_guard_frame *frame);

/* One line: the guard is in use, where its stack is. */
void guarded_announce(void);

/* The EFIVMAP-FAULT line, diagnosed against @map (VirtualStart set). */
void guarded_report(const struct guarded_fault *f,
		    const struct efivmap_mmap *map);

/* The misbehaving services of the negative controls (shims.S). */
uint64_t shim_mmio(uint64_t addr);
uint64_t shim_x18(void);

#endif
