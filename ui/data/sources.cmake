# Sources of the data stage (added to covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/datapanel.h ${CMAKE_CURRENT_LIST_DIR}/datapanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/datasetviewmodel.h ${CMAKE_CURRENT_LIST_DIR}/datasetviewmodel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/columnpanel.h ${CMAKE_CURRENT_LIST_DIR}/columnpanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/datasettablemodel.h ${CMAKE_CURRENT_LIST_DIR}/datasettablemodel.cpp)
