# config/: the project, region and service endpoints, from flags, the environment and gcloud's
# configuration files.
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cloudconfig.h ${CMAKE_CURRENT_LIST_DIR}/cloudconfig.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gcloudconfig.h ${CMAKE_CURRENT_LIST_DIR}/gcloudconfig.cpp)
