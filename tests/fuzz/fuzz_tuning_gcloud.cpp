// libFuzzer harness of the gcloud tuning config (config.yaml, trainingInput.hyperparameters):
// parseTuningSpec, validation and the round trips through writeTuningSpec (fuzzsupport.h).
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace covertype;
    fuzz::checkTuningConfig(fuzz::bytesText(data, size), TuningFormat::GcloudYaml);
    return 0;
}
