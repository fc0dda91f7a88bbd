# setup/: one connection to Google Cloud (credentials, project and region, the API client) as the
# CLI and the workbench open it, and Google Cloud as the workbench's CloudProvider.
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cloudconnection.h ${CMAKE_CURRENT_LIST_DIR}/cloudconnection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/googlecloudprovider.h
  ${CMAKE_CURRENT_LIST_DIR}/googlecloudprovider.cpp)
