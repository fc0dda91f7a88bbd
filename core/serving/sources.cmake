# serving/: the prediction server behind `covertype serve` (HTTP wire, served models, metrics).
target_sources(covertype_serving PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/predictionserver.h ${CMAKE_CURRENT_LIST_DIR}/predictionserver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/servingmetrics.h ${CMAKE_CURRENT_LIST_DIR}/servingmetrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/servedmodels.h ${CMAKE_CURRENT_LIST_DIR}/servedmodels.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serverconfig.h ${CMAKE_CURRENT_LIST_DIR}/serverconfig.cpp
  ${CMAKE_CURRENT_LIST_DIR}/httpwire.h ${CMAKE_CURRENT_LIST_DIR}/httpwire.cpp
  ${CMAKE_CURRENT_LIST_DIR}/httprequestparser.h ${CMAKE_CURRENT_LIST_DIR}/httprequestparser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/httpservice.h ${CMAKE_CURRENT_LIST_DIR}/httpservice.cpp)
