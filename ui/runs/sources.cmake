# Sources of the runs stage (added to covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/runspanel.h ${CMAKE_CURRENT_LIST_DIR}/runspanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runbackendselector.h ${CMAKE_CURRENT_LIST_DIR}/runbackendselector.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runcharts.h ${CMAKE_CURRENT_LIST_DIR}/runcharts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runhistoryview.h ${CMAKE_CURRENT_LIST_DIR}/runhistoryview.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runcomparedialog.h ${CMAKE_CURRENT_LIST_DIR}/runcomparedialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/storedruns.h ${CMAKE_CURRENT_LIST_DIR}/storedruns.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trialevaluation.h ${CMAKE_CURRENT_LIST_DIR}/trialevaluation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trialstablemodel.h ${CMAKE_CURRENT_LIST_DIR}/trialstablemodel.cpp)
