# Sources of the shell stage (main window, welcome page) (added to covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/mainwindow.h ${CMAKE_CURRENT_LIST_DIR}/mainwindow.cpp
  ${CMAKE_CURRENT_LIST_DIR}/welcomepage.h ${CMAKE_CURRENT_LIST_DIR}/welcomepage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/datasetfetch.h ${CMAKE_CURRENT_LIST_DIR}/datasetfetch.cpp)
target_include_directories(covertype_ui PUBLIC ${CMAKE_CURRENT_LIST_DIR})
