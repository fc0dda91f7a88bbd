// libFuzzer harness of loadDataset, the way every data file is read: readInputFile (plain, gzip,
// zip, zip holding gzip) takes only a path, so the bytes go to a memfd read through /proc/self/fd;
// then the UCI reader or the CSV loader. A loaded table is well formed and the course table.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/csvloader.h"
#include "data/labschema.h"
#include "fuzzsupport.h"

using namespace covertype;
using namespace covertype::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != ssize_t(size)) {
        std::perror("fuzz_loaddataset: memfd");
        std::abort();
    }
    LoadOptions options;
    options.threads = 1;  // fuzz_csv compares the parallel reader
    const auto loaded = loadDataset(path, options);
    if (!loaded)
        return 0;
    checkDataset(*loaded);
    COVERTYPE_FUZZ_REQUIRE(loaded->rowCount() > 0, "no rows but no error");
    const auto checked = lab::validate(*loaded, false);
    COVERTYPE_FUZZ_REQUIRE(checked.has_value(), checked.error().message);
    return 0;
}
