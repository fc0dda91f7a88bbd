# ml/: numeric kernels (features, SGD classifier, metrics, Gaussian process), plain C++ and Eigen.
target_sources(covertype_ml PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/features.h ${CMAKE_CURRENT_LIST_DIR}/features.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sgdclassifier.h ${CMAKE_CURRENT_LIST_DIR}/sgdclassifier.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lanemath.h
  ${CMAKE_CURRENT_LIST_DIR}/metrics.h ${CMAKE_CURRENT_LIST_DIR}/metrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gaussianprocess.h ${CMAKE_CURRENT_LIST_DIR}/gaussianprocess.cpp)
# The SGD lanes are built once per x86-64 level (target clones); without FP contraction every
# clone rounds the same way, so a seed gives the same model on every CPU.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/sgdclassifier.cpp
  PROPERTIES COMPILE_OPTIONS "-ffp-contract=off")
