# files/: reading input files (plain, gzip, zip) and writing files atomically.
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/atomicfile.h ${CMAKE_CURRENT_LIST_DIR}/atomicfile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fileinput.h ${CMAKE_CURRENT_LIST_DIR}/fileinput.cpp)
