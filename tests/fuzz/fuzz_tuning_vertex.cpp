// libFuzzer harness of the Vertex AI tuning config (a job body, {"studySpec": ...}):
// parseTuningSpec, validation and the round trips through writeTuningSpec (fuzzsupport.h).
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace covertype;
    fuzz::checkTuningConfig(fuzz::bytesText(data, size), TuningFormat::VertexJson);
    return 0;
}
