# Compiler flags of the sanitizer build (COVERTYPE_SANITIZE, `make test-sanitize`, docs/testing.md):
# the whole product and its tests built by GCC with AddressSanitizer (+ LeakSanitizer) and
# UndefinedBehaviorSanitizer, included by the top-level CMakeLists.txt before core/.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(WARNING "COVERTYPE_SANITIZE is set up and timed for GCC (clang 14 cannot compile our "
                  "std::expected code); ${CMAKE_CXX_COMPILER_ID} may need other flags")
endif()

# -O1 -g1: the instrumented build costs about twice the normal one to compile, and at -O2 -g it
# would cost three times (core/training/model.cpp: 17 s normal, 31 s at -O1 -g1, 50 s at -O2 -g);
# -O0 (17 s) would leave Eigen unoptimised, many times slower to run the training tests. -g1 keeps
# the line tables that make sanitizer stack traces readable. Assertions stay on (no -DNDEBUG): a
# failed assert is a bug as much as a sanitizer report. _GLIBCXX_ASSERTIONS adds libstdc++'s
# bounds checks, which see an out-of-range operator[] inside a vector's capacity where ASan
# cannot.
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -g1")
set(COVERTYPE_SANITIZERS address,undefined)
# UB aborts at the first report (-fno-sanitize-recover), like ASan does. GCC 12 with ASan warns
# -Wmaybe-uninitialized about std::function inside libstdc++'s <regex> (50 false positives, none
# in our code; the normal build keeps the warning).
add_compile_options(-fsanitize=${COVERTYPE_SANITIZERS} -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer -D_GLIBCXX_ASSERTIONS -Wno-maybe-uninitialized)
add_link_options(-fsanitize=${COVERTYPE_SANITIZERS})

# Every executable also gets ubsanlog.cpp, so UBSan's reports reach a file like ASan's do
# (GCC's separate libubsan ignores log_path; see there). Called at the end of the top-level
# CMakeLists.txt, once every executable exists.
add_library(covertype_ubsanlog OBJECT ${CMAKE_CURRENT_LIST_DIR}/ubsanlog.cpp)
set_target_properties(covertype_ubsanlog PROPERTIES AUTOMOC OFF)
function(covertype_sanitize_executables dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_link_libraries(${target} PRIVATE covertype_ubsanlog ${CMAKE_DL_LIBS})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    covertype_sanitize_executables(${subdir})
  endforeach()
endfunction()
