# download/: the dataset downloader (the UCI file over HTTPS, checked by SHA-256, cached).
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/curldownloader.h ${CMAKE_CURRENT_LIST_DIR}/curldownloader.cpp)
