// libFuzzer's own driver, linked by `-sanitize=fuzzer`. The harness calls it from its main, because a Swift
// executable always has a main of its own and libFuzzer's would never run.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
