# auth/: who the program acts as: Application Default Credentials (key files, gcloud's
# credentials, the metadata server, gcloud itself) and access tokens cached until near expiry.
target_sources(covertype_cloud PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/credentials.h ${CMAKE_CURRENT_LIST_DIR}/credentials.cpp
  ${CMAKE_CURRENT_LIST_DIR}/filecredentials.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hostcredentials.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jwt.h ${CMAKE_CURRENT_LIST_DIR}/jwt.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tokenresponse.h ${CMAKE_CURRENT_LIST_DIR}/tokenresponse.cpp)
