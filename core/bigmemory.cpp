// Huge-page advice for large buffers.
#include "bigmemory.h"

#include <sys/mman.h>

#include <cstdint>

namespace covertype {

void adviseHugePages(void *data, size_t bytes)
{
    constexpr uintptr_t kHuge = uintptr_t(2) << 20;
    if (!data || bytes < 2 * kHuge)
        return;
    const auto begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
    if (end > begin)
        ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace covertype
