/* Placeholder until the pt module lands. */
typedef int efivmap__placeholder_pt;
