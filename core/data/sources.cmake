# data/: the columnar Dataset, the lab schema, CSV and UCI readers, the CSV writer, row JSON,
# filters, column statistics, prediction instances and the UCI download.
target_sources(covertype_data PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/dataset.h ${CMAKE_CURRENT_LIST_DIR}/dataset.cpp)
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/labschema.h ${CMAKE_CURRENT_LIST_DIR}/labschema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csvloader.h ${CMAKE_CURRENT_LIST_DIR}/csvloader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csvcells.h
  ${CMAKE_CURRENT_LIST_DIR}/csvparallel.h ${CMAKE_CURRENT_LIST_DIR}/csvparallel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csvwriter.h ${CMAKE_CURRENT_LIST_DIR}/csvwriter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fastformat.h
  ${CMAKE_CURRENT_LIST_DIR}/ucicovtype.h ${CMAKE_CURRENT_LIST_DIR}/ucicovtype.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rowjson.h ${CMAKE_CURRENT_LIST_DIR}/rowjson.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rowfilter.h ${CMAKE_CURRENT_LIST_DIR}/rowfilter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/columnstats.h ${CMAKE_CURRENT_LIST_DIR}/columnstats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/instances.h ${CMAKE_CURRENT_LIST_DIR}/instances.cpp
  ${CMAKE_CURRENT_LIST_DIR}/datasetdownload.h ${CMAKE_CURRENT_LIST_DIR}/datasetdownload.cpp)
