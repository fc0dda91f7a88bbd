# split/: hash lots as BigQuery computes them, split assignment, summaries, export, preview.
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/split.h ${CMAKE_CURRENT_LIST_DIR}/split.cpp
  ${CMAKE_CURRENT_LIST_DIR}/splitpreview.h ${CMAKE_CURRENT_LIST_DIR}/splitpreview.cpp)
