# Project-wide warnings; -Werror only where asked (CI's release preset sets it).
function(plenary_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(PLENARY_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
