# tuning/: the tuning config (TuningSpec) and its three forms, the search space and search
# algorithms, the local tuner and the hypertune metric protocol.
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/tuningspec.h ${CMAKE_CURRENT_LIST_DIR}/tuningspec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tuningspecdetail.h
  ${CMAKE_CURRENT_LIST_DIR}/tuningspecreader.h ${CMAKE_CURRENT_LIST_DIR}/tuningspecreader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tuningspecread.cpp ${CMAKE_CURRENT_LIST_DIR}/tuningspecwrite.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tuningspecvalidate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/search.h ${CMAKE_CURRENT_LIST_DIR}/search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/searchspace.h ${CMAKE_CURRENT_LIST_DIR}/searchspace.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tuner.h ${CMAKE_CURRENT_LIST_DIR}/tuner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hypertune.h ${CMAKE_CURRENT_LIST_DIR}/hypertune.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trainingbackend.h ${CMAKE_CURRENT_LIST_DIR}/trainingbackend.cpp)
