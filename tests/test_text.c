/* Placeholder until the text module lands. */
int main(void) { return 1; }
