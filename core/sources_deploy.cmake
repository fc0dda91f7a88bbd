# core/ sources added for the deploy stage (added to covertype_core).
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/deployservice.h ${CMAKE_CURRENT_LIST_DIR}/deployservice.cpp)
