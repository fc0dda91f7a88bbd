# core/ sources added for the split stage (added to covertype_core).
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/splitpreview.h ${CMAKE_CURRENT_LIST_DIR}/splitpreview.cpp
)
