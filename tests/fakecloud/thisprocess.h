// Points the test's own process (the product's code running in it) at a FakeGoogleCloud, as a
// user's machine would be set up: through the environment real clients read.
#pragma once

#include <string>

#include "cloudsetup/cloudsettings.h"
#include "fakegooglecloud.h"

namespace covertype::fakecloud {

/// Exports `fake`'s environment(), gives gcloud an empty configuration in `gcloudConfigDir`,
/// and leaves no GOOGLE_APPLICATION_CREDENTIALS and no NO_GCE_CHECK: the processes the fake
/// starts for jobs and deployments then find their credentials where a Vertex AI container
/// does, on the metadata server. The product under test chooses its own (a key file).
void pointThisProcessAt(const FakeGoogleCloud &fake, const std::string &gcloudConfigDir);

/// What a workbench test against `fake` starts from: this process pointed at it (gcloud's
/// configuration in `dir`/gcloud), a service-account key written to `dir`/key.json, and the
/// bucket `bucket`. Returns `defaults` with that key file as the credentials and
/// gs://`bucket`/workbench as the Cloud Storage root; its keyFile is empty when the key could not
/// be written.
[[nodiscard]] CloudSettings prepareWorkbenchCloud(FakeGoogleCloud &fake, const std::string &dir,
                                                  const std::string &bucket,
                                                  CloudSettings defaults);

}  // namespace covertype::fakecloud
