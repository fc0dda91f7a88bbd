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

CloudSettings prepareWorkbenchCloud(FakeGoogleCloud &fake, const std::string &dir,
                                    const std::string &bucket, CloudSettings defaults)
{
    pointThisProcessAt(fake, dir + "/gcloud");
    const std::string key = dir + "/key.json";
    defaults.credentials = CredentialChoice::KeyFile;
    defaults.keyFile = fake.writeServiceAccountKey(key).empty() ? std::string() : key;
    fake.createBucket(bucket);
    defaults.gcsRoot = "gs://" + bucket + "/workbench";
    return defaults;
}

}  // namespace covertype::fakecloud
