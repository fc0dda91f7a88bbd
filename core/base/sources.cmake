# base/: what every folder uses: errors, message text, the version, large-buffer memory, safe
# continuations.
target_sources(covertype_data PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bigmemory.h ${CMAKE_CURRENT_LIST_DIR}/bigmemory.cpp)
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/error.h ${CMAKE_CURRENT_LIST_DIR}/text.h
  ${CMAKE_CURRENT_LIST_DIR}/whenfinished.h
  ${CMAKE_CURRENT_LIST_DIR}/version.h.in)
