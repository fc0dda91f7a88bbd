# bigquery/: BigQuery datasets, tables and jobs (query into a table, extract to and load from
# Cloud Storage), inserted under fixed ids and polled to completion; the course table loaded
# there and split there (coursetable), for the CLI, the pipeline and the workbench alike.
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bigqueryclient.h ${CMAKE_CURRENT_LIST_DIR}/bigqueryclient.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coursetable.h ${CMAKE_CURRENT_LIST_DIR}/coursetable.cpp)
