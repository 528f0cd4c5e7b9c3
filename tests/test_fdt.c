/* Placeholder until the fdt module lands. */
int main(void) { return 1; }
