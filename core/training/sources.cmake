# training/: the course trainer, the model.json artifact and predictions from a model.
target_sources(covertype_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/trainer.h ${CMAKE_CURRENT_LIST_DIR}/trainer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model.h ${CMAKE_CURRENT_LIST_DIR}/model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prediction.h ${CMAKE_CURRENT_LIST_DIR}/prediction.cpp)
