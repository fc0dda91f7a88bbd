// Large buffers: ask the kernel for transparent huge pages before first touch. On machines whose
// THP mode is "madvise", first-touch page faults otherwise dominate loading (58 MB of columns for
// 600k rows cost ~150 ms of faults on 4 KiB pages and ~5 ms on 2 MiB pages in our VM).
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace covertype {

/// Advises huge pages for the 2 MiB-aligned interior of [data, data + bytes). No-op for small
/// buffers or where unsupported; never fails.
void adviseHugePages(void *data, size_t bytes);

/// Maps `bytes` (>= kBigBlock) of zeroed memory aligned to 2 MiB and advised for huge pages;
/// throws std::bad_alloc when the system refuses.
void *allocateBig(size_t bytes);
void freeBig(void *data, size_t bytes);

/// Sets up the C heap for a process that handles large data: blocks up to 32 MiB come from the
/// heap (not a fresh mapping each, faulted in page by page every time), freed memory is kept for
/// reuse instead of being returned to the kernel (up to 128 MiB of free heap top), and the first
/// 64 MiB of the main heap are advised for huge pages. Call once, first thing in main(). No-op
/// outside glibc.
void prepareHeapForLargeData();

inline constexpr size_t kBigBlock = size_t(1) << 20;

/// Allocator for column storage: blocks from 1 MiB up are mapped 2 MiB-aligned with huge pages
/// advised, so filling a 600k-row column costs a few faults instead of thousands.
template <class T>
struct BigAllocator
{
    using value_type = T;
    BigAllocator() = default;
    template <class U>
    BigAllocator(const BigAllocator<U> &) noexcept
    {
    }
    T *allocate(size_t n)
    {
        const size_t bytes = n * sizeof(T);
        if (bytes >= kBigBlock)
            return static_cast<T *>(allocateBig(bytes));
        return std::allocator<T>().allocate(n);
    }
    void deallocate(T *p, size_t n) noexcept
    {
        const size_t bytes = n * sizeof(T);
        if (bytes >= kBigBlock)
            freeBig(p, bytes);
        else
            std::allocator<T>().deallocate(p, n);
    }
    /// resize(n) leaves new cells default-initialised (not zeroed): loaders write every cell,
    /// and a big block is zero from the kernel anyway.
    template <class U>
    void construct(U *p) noexcept(std::is_nothrow_default_constructible_v<U>)
    {
        ::new (static_cast<void *>(p)) U;
    }
    template <class U, class... Args>
    void construct(U *p, Args &&...args)
    {
        ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
    }
    template <class U>
    bool operator==(const BigAllocator<U> &) const noexcept
    {
        return true;
    }
};

/// The vector type of Dataset columns.
template <class T>
using ColumnVector = std::vector<T, BigAllocator<T>>;

/// reserve() for large vectors; with BigAllocator storage the huge-page advice comes with it.
template <class T, class A>
void reserveLarge(std::vector<T, A> &v, size_t count)
{
    if (count <= v.capacity())
        return;
    v.reserve(count);
    if constexpr (!std::is_same_v<A, BigAllocator<T>>)
        adviseHugePages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace covertype
