# Sources of the split stage (added to covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/splitpanel.h ${CMAKE_CURRENT_LIST_DIR}/splitpanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lotgridwidget.h ${CMAKE_CURRENT_LIST_DIR}/lotgridwidget.cpp
  ${CMAKE_CURRENT_LIST_DIR}/splitcountsmodel.h ${CMAKE_CURRENT_LIST_DIR}/splitcountsmodel.cpp
)
