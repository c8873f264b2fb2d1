#include "util/malloc_tuning.h"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace mb {

void keep_large_blocks_mapped() {
#ifdef M_MMAP_THRESHOLD  // glibc's
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

}  // namespace mb
