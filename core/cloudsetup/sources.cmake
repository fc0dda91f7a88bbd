# cloudsetup/: what the workbench knows of a cloud without linking one: its settings (project,
# region, Cloud Storage root, images, machines), the connection test's report, and the provider
# interface app/ fills with Google Cloud (cloud/setup) and tests fill with a fake.
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cloudsettings.h ${CMAKE_CURRENT_LIST_DIR}/cloudsettings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cloudprovider.h ${CMAKE_CURRENT_LIST_DIR}/bigquerywork.h)
