/* Placeholder until the layout module lands. */
int main(void) { return 1; }
