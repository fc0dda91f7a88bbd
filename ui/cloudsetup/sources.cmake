# Sources of the Cloud settings (added to covertype_ui): the dialog with its connection test, and
# the settings kept in QSettings (never a secret).
target_sources(covertype_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cloudsettingsdialog.h ${CMAKE_CURRENT_LIST_DIR}/cloudsettingsdialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cloudsettingsstorage.h
  ${CMAKE_CURRENT_LIST_DIR}/cloudsettingsstorage.cpp)
