/* Placeholder until the fdt module lands. */
typedef int efivmap__placeholder_fdt;
