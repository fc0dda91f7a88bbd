// covertype command-line tool: entry point (commands are being written).
#include <cstdio>
int main() { std::puts("covertype"); return 0; }
