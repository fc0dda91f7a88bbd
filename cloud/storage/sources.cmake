# storage/: Cloud Storage: gs:// URIs, upload, download, list, delete, object checksums.
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/gcsuri.h ${CMAKE_CURRENT_LIST_DIR}/gcsuri.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gcsclient.h ${CMAKE_CURRENT_LIST_DIR}/gcsclient.cpp
  ${CMAKE_CURRENT_LIST_DIR}/objecthash.h ${CMAKE_CURRENT_LIST_DIR}/objecthash.cpp)
