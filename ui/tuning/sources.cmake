# Sources of the tuning stage (added to covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/parametertablemodel.h ${CMAKE_CURRENT_LIST_DIR}/parametertablemodel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/choicedelegate.h ${CMAKE_CURRENT_LIST_DIR}/choicedelegate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/searchspacepreview.h ${CMAKE_CURRENT_LIST_DIR}/searchspacepreview.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tuningconfigpanel.h ${CMAKE_CURRENT_LIST_DIR}/tuningconfigpanel.cpp
)
