// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * efivmap: plan and inspect UEFI runtime mappings from memory-map dumps.
 *
 *   efivmap parse FILE|-          the map as Linux's efi=debug prints it
 *   efivmap plan [options] FILE|- layout, SetVirtualAddressMap input,
 *                                 translation-table cost, verification
 *   efivmap fdt ...               /chosen handoff in device-tree files
 *
 * Exit status: 0 success, 1 bad input (the message names the file and the
 * line or descriptor), 2 bad usage.
 */
#include <string.h>

#include "cli.h"

static const char usage[] =
"Usage: efivmap COMMAND [options] [FILE|-]\n"
"\n"
"Plan the virtual layout of UEFI runtime services for arm64, from a memory\n"
"map dump: Linux efi=debug (arm64, x86, 2006 style), UEFI Shell memmap,\n"
"U-Boot efidebug memmap, Xen, FreeBSD boot log, the plain capture format or\n"
"a raw descriptor array (with --desc-size). FILE '-' reads stdin.\n"
"\n"
"Commands:\n"
"  parse FILE        print the normalized map in Linux efi=debug style,\n"
"                    with every validation finding\n"
"  plan FILE         assign virtual addresses to the runtime regions, show\n"
"                    the SetVirtualAddressMap input, build the translation\n"
"                    tables and verify them\n"
"  fdt SUBCOMMAND    read or write the /chosen UEFI handoff in a DTB\n"
"                    (get, set, carry; see 'efivmap fdt --help')\n"
"\n"
"Run 'efivmap COMMAND --help' for the options of a command.\n"
"\n"
"Exit status: 0 success, 1 bad input (the message names the file and the\n"
"line or descriptor at fault), 2 bad usage.\n";

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (strcmp(cmd, "parse") == 0)
		return cli_cmd_parse(argc - 1, argv + 1);
	if (strcmp(cmd, "plan") == 0)
		return cli_cmd_plan(argc - 1, argv + 1);
	if (strcmp(cmd, "fdt") == 0) {
#ifdef EFIVMAP_CLI_HAVE_FDT
		return cli_cmd_fdt(argc - 1, argv + 1);
#else
		cli_err("fdt: this efivmap was built without libfdt");
		return CLI_USAGE;
#endif
	}
	return cli_usage_error(NULL, "unknown command '%s'", cmd);
}
