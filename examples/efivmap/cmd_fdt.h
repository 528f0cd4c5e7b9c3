/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* efivmap fdt: the /chosen UEFI handoff on device-tree files. */
#ifndef EFIVMAP_CLI_CMD_FDT_H
#define EFIVMAP_CLI_CMD_FDT_H

/*
 * efivmap fdt get|set|carry ...; @argv[0] is "fdt". Returns the exit
 * status: 0 success, 1 bad input (the message names the file, the
 * property or descriptor, and what is wrong), 2 bad usage.
 */
int efivmap_cli_fdt(int argc, char **argv);

#endif /* EFIVMAP_CLI_CMD_FDT_H */
