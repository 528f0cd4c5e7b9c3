/* Placeholder until the boot module lands. */
typedef int efivmap__placeholder_boot;
