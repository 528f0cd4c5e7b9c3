/* Placeholder until the text module lands. */
typedef int efivmap__placeholder_text;
