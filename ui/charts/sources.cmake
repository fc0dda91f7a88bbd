# Sources of the charts: QCustomPlot widgets over the series core computes (added to covertype_ui).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chartstyle.h ${CMAKE_CURRENT_LIST_DIR}/chartstyle.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chartwidget.h ${CMAKE_CURRENT_LIST_DIR}/chartwidget.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trialchart.h ${CMAKE_CURRENT_LIST_DIR}/trialchart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/histogramchart.h ${CMAKE_CURRENT_LIST_DIR}/histogramchart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/valuecountschart.h ${CMAKE_CURRENT_LIST_DIR}/valuecountschart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/classdistributionchart.h ${CMAKE_CURRENT_LIST_DIR}/classdistributionchart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trialmetricchart.h ${CMAKE_CURRENT_LIST_DIR}/trialmetricchart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parameterscatterchart.h ${CMAKE_CURRENT_LIST_DIR}/parameterscatterchart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parallelcoordinateschart.h ${CMAKE_CURRENT_LIST_DIR}/parallelcoordinateschart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/learningcurvechart.h ${CMAKE_CURRENT_LIST_DIR}/learningcurvechart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/confusionmatrixchart.h ${CMAKE_CURRENT_LIST_DIR}/confusionmatrixchart.cpp)
