# costs/: the Vertex AI price table (a dated, editable JSON file, built in under :/pricing) and the
# time and cost estimates of a tuning job in its two cloud modes.
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/pricetable.h ${CMAKE_CURRENT_LIST_DIR}/pricetable.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tuningestimate.h ${CMAKE_CURRENT_LIST_DIR}/tuningestimate.cpp)
qt_add_resources(covertype_core "pricing" PREFIX "/" BASE "${CMAKE_SOURCE_DIR}/resources"
  FILES "${CMAKE_SOURCE_DIR}/resources/pricing/vertex-prices.json")
