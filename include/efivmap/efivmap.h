/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * libefivmap: stable UEFI runtime-services virtual mappings for arm64.
 *
 * The umbrella header. The FDT module (fdt.h) and the aarch64 helpers
 * (arch.h) are separate because not every embedder builds them.
 */
#ifndef EFIVMAP_H
#define EFIVMAP_H

#include "env.h"
#include "efi.h"
#include "error.h"
#include "finding.h"
#include "mmap.h"
#include "text.h"
#include "layout.h"
#include "boot.h"
#include "pt.h"

#endif /* EFIVMAP_H */
