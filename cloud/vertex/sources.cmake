# vertex/: Vertex AI: custom and tuning jobs (safe creates, polling), models, endpoints,
# deployments, predictions and long-running operations.
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/vertexclient.h ${CMAKE_CURRENT_LIST_DIR}/vertexclient.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vertexdeployment.h ${CMAKE_CURRENT_LIST_DIR}/vertexdeployment.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vertextraining.h ${CMAKE_CURRENT_LIST_DIR}/vertextraining.cpp)
