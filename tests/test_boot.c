/* Placeholder until the boot module lands. */
int main(void) { return 1; }
