# Sources of the deploy stage (added to covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/deploypanel.h ${CMAKE_CURRENT_LIST_DIR}/deploypanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deploychecklist.h ${CMAKE_CURRENT_LIST_DIR}/deploychecklist.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deploytargetchooser.h ${CMAKE_CURRENT_LIST_DIR}/deploytargetchooser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/localservercontrol.h ${CMAKE_CURRENT_LIST_DIR}/localservercontrol.cpp
  ${CMAKE_CURRENT_LIST_DIR}/querypanel.h ${CMAKE_CURRENT_LIST_DIR}/querypanel.cpp)
target_link_libraries(covertype_ui PUBLIC covertype_serving)
