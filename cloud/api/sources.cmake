# api/: calls to Google Cloud REST APIs: a token on each, a refresh after 401, retries of what is
# safe to repeat, Google's error replies read into messages.
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/apiclient.h ${CMAKE_CURRENT_LIST_DIR}/apiclient.cpp)
