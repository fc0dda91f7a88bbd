# http/: libcurl transfers, when to retry them (backoff with jitter, Retry-After), URL and
# base64 encodings.
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/httpclient.h ${CMAKE_CURRENT_LIST_DIR}/httpclient.cpp
  ${CMAKE_CURRENT_LIST_DIR}/retry.h ${CMAKE_CURRENT_LIST_DIR}/retry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/encoding.h ${CMAKE_CURRENT_LIST_DIR}/encoding.cpp)
