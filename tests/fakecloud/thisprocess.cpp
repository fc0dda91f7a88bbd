// Pointing the test's process at the fake (see thisprocess.h).
#include "thisprocess.h"

#include <cstdlib>

namespace covertype::fakecloud {

void pointThisProcessAt(const FakeGoogleCloud &fake, const std::string &gcloudConfigDir)
{
    for (const auto &[name, value] : fake.environment())
        ::setenv(name.c_str(), value.c_str(), 1);
    ::setenv("CLOUDSDK_CONFIG", gcloudConfigDir.c_str(), 1);
    ::unsetenv("NO_GCE_CHECK");
    ::unsetenv("GOOGLE_APPLICATION_CREDENTIALS");
}

}  // namespace covertype::fakecloud
