# core/ sources added for the data stage (added to covertype_core).
target_sources(covertype_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/rowfilter.h
                                      ${CMAKE_CURRENT_LIST_DIR}/rowfilter.cpp)
