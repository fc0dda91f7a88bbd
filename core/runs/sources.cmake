# runs/: the SQLite run store, recording trials, chart series from trials, the background
# tuning job and the continuous-training pipeline.
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/runstore.h ${CMAKE_CURRENT_LIST_DIR}/runstore.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runstoredetail.h ${CMAKE_CURRENT_LIST_DIR}/runstoredetail.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runstoreschema.cpp ${CMAKE_CURRENT_LIST_DIR}/runstoreruns.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runstoretrials.cpp ${CMAKE_CURRENT_LIST_DIR}/runstoreartifacts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runrecording.h ${CMAKE_CURRENT_LIST_DIR}/runrecording.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chartseries.h ${CMAKE_CURRENT_LIST_DIR}/chartseries.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tuningjob.h ${CMAKE_CURRENT_LIST_DIR}/tuningjob.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.h ${CMAKE_CURRENT_LIST_DIR}/pipeline.cpp)
