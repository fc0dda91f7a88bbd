# deploy/: the DeploymentTarget interface, the local registry, the deploy service and the
# parsing of prediction requests.
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/deploymenttarget.h
  ${CMAKE_CURRENT_LIST_DIR}/localregistry.h ${CMAKE_CURRENT_LIST_DIR}/localregistry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deployservice.h ${CMAKE_CURRENT_LIST_DIR}/deployservice.cpp
  ${CMAKE_CURRENT_LIST_DIR}/requestscanner.h ${CMAKE_CURRENT_LIST_DIR}/requestscanner.cpp)
