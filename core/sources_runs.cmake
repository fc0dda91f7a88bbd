# core/ sources added for the runs stage (added to covertype_core).
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/runrecording.h ${CMAKE_CURRENT_LIST_DIR}/runrecording.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tuningjob.h ${CMAKE_CURRENT_LIST_DIR}/tuningjob.cpp
)
target_link_libraries(covertype_core PUBLIC Qt6::Concurrent)
