# Compiler flags of the fuzzing build (COVERTYPE_FUZZ, included by the top-level CMakeLists.txt
# before core/): every object gets libFuzzer's coverage instrumentation, ASan and UBSan; the
# harness executables add -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
  message(FATAL_ERROR "COVERTYPE_FUZZ needs clang 16 or newer (libFuzzer, and std::expected with "
                      "libstdc++): configure with CC=clang-19 CXX=clang++-19, see docs/fuzzing.md")
endif()

# Assertions stay on (no -DNDEBUG): an assert reached from input is a finding. libstdc++'s own
# checks catch out-of-range operator[] that ASan cannot see inside a vector's capacity.
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O2 -g")
set(COVERTYPE_SANITIZERS address,undefined)
add_compile_options(-fsanitize=fuzzer-no-link,${COVERTYPE_SANITIZERS}
                    -fno-sanitize-recover=undefined -fno-omit-frame-pointer -D_GLIBCXX_ASSERTIONS)
add_link_options(-fsanitize=${COVERTYPE_SANITIZERS})
