# Sources of the shell stage (main window, welcome page) (added to covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/mainwindow.h ${CMAKE_CURRENT_LIST_DIR}/mainwindow.cpp
  ${CMAKE_CURRENT_LIST_DIR}/welcomepage.h ${CMAKE_CURRENT_LIST_DIR}/welcomepage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/datasetfetch.h ${CMAKE_CURRENT_LIST_DIR}/datasetfetch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/workbenchsession.h ${CMAKE_CURRENT_LIST_DIR}/workbenchsession.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stagepanels.h ${CMAKE_CURRENT_LIST_DIR}/stagepanels.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dialogfolders.h ${CMAKE_CURRENT_LIST_DIR}/dialogfolders.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stagescrollarea.h ${CMAKE_CURRENT_LIST_DIR}/stagescrollarea.cpp)
