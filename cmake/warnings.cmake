# Project-wide warnings; -Werror only where asked (CI's release preset sets it).
function(plenary_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  # g++ 12 reports false -Wrestrict on std::string concatenation at -O2/-O3 (GCC bug 105651).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(PLENARY_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
