# cloudtasks/: cloud work a stage starts (the table loaded into BigQuery, the split done there):
# its buttons, progress and outcome, run off the GUI thread and cancellable (added to
# covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cloudtaskbar.h ${CMAKE_CURRENT_LIST_DIR}/cloudtaskbar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bigqueryloader.h ${CMAKE_CURRENT_LIST_DIR}/bigqueryloader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bigquerysplitter.h ${CMAKE_CURRENT_LIST_DIR}/bigquerysplitter.cpp
)
