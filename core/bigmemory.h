// Large buffers: ask the kernel for transparent huge pages before first touch. On machines whose
// THP mode is "madvise", first-touch page faults otherwise dominate loading (58 MB of columns for
// 600k rows cost ~150 ms of faults on 4 KiB pages and ~5 ms on 2 MiB pages in our VM).
#pragma once

#include <cstddef>
#include <vector>

namespace covertype {

/// Advises huge pages for the 2 MiB-aligned interior of [data, data + bytes). No-op for small
/// buffers or where unsupported; never fails.
void adviseHugePages(void *data, size_t bytes);

/// reserve() and advise huge pages for the new storage of a large vector, before it is touched.
template <class T>
void reserveLarge(std::vector<T> &v, size_t count)
{
    if (count <= v.capacity())
        return;
    v.reserve(count);
    adviseHugePages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace covertype
