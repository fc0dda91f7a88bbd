// Huge-page advice for large buffers.
#include "base/bigmemory.h"

#include <sys/mman.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdint>
#include <cstdlib>
#include <new>

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

namespace {

constexpr size_t kHugePage = size_t(2) << 20;

size_t roundUp(size_t bytes)
{
    return (bytes + kHugePage - 1) & ~(kHugePage - 1);
}

}  // namespace

void *allocateBig(size_t bytes)
{
    const size_t size = roundUp(bytes);
    // Over-map by one huge page and trim, so the block starts on a 2 MiB boundary.
    void *raw = ::mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        throw std::bad_alloc();
    const auto start = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
    if (aligned > start)
        ::munmap(raw, aligned - start);
    const uintptr_t tail = aligned + size;
    const uintptr_t mappedEnd = start + size + kHugePage;
    if (mappedEnd > tail)
        ::munmap(reinterpret_cast<void *>(tail), mappedEnd - tail);
    ::madvise(reinterpret_cast<void *>(aligned), size, MADV_HUGEPAGE);
    return reinterpret_cast<void *>(aligned);
}

void prepareHeapForLargeData()
{
#if defined(__GLIBC__)
    ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
    ::mallopt(M_TRIM_THRESHOLD, 128 << 20);
    ::mallopt(M_TOP_PAD, 16 << 20);
    // Blocks below the mapping threshold come from the heap, one after the other; the advice
    // covers them all, and once freed they merge into the heap's free top.
    void *blocks[4] = {};
    for (void *&block : blocks) {
        block = std::malloc(size_t(16) << 20);
        if (block)
            adviseHugePages(block, size_t(16) << 20);
    }
    for (void *block : blocks)
        std::free(block);
#endif
}

void freeBig(void *data, size_t bytes)
{
    if (data)
        ::munmap(data, roundUp(bytes));
}

}  // namespace covertype
