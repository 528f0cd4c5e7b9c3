/* Placeholder until the pt module lands. */
int main(void) { return 1; }
