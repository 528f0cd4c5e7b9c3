/* Placeholder until the layout module lands. */
typedef int efivmap__placeholder_layout;
