// Process-wide allocator settings, applied once at the start of main().
#pragma once

namespace mb {

// glibc raises its mmap threshold to the size of every large block freed (up to 32 MiB); from then
// on the copy engine's 8 MiB part buffers come from per-thread arenas, which keep freed memory
// instead of returning it. Measured on 16 copy workers: 64 MiB of peak RSS above what the copy
// engine's memory budget allows. A fixed threshold keeps every block of 1 MiB or more in its own
// mapping, given back to the system when freed. Does nothing on other C libraries.
void keep_large_blocks_mapped();

}  // namespace mb
