// Sanitizer build only: sends UBSan's reports to the file COVERTYPE_UBSAN_LOG names (plus .pid).
#include <dlfcn.h>

#include <cstdlib>

namespace {

// GCC loads UBSan beside ASan as its own shared runtime (libubsan.so.1) with its own copy of the
// report file, and in that mode it ignores UBSAN_OPTIONS=log_path: its reports always go to
// stderr. Where a test runs the covertype CLI, stderr is the test's to read, so a report there
// could go unseen. libubsan's own __sanitizer_set_report_path (libasan's has the same name, hence
// dlsym on the library) points its report file where scripts/test-sanitize.sh looks.
__attribute__((constructor)) void setUbsanReportPath()
{
    const char *path = std::getenv("COVERTYPE_UBSAN_LOG");
    if (path == nullptr || *path == '\0')
        return;
    void *ubsan = dlopen("libubsan.so.1", RTLD_NOW | RTLD_NOLOAD);
    if (ubsan == nullptr)
        return;
    using SetReportPath = void (*)(const char *);
    if (auto set = reinterpret_cast<SetReportPath>(dlsym(ubsan, "__sanitizer_set_report_path")))
        set(path);
}

}  // namespace
