# plenary_embed(<target> NAME <Function> NAMESPACE <ns> BASE <dir> FILES <files...>)
# Generates a .cc defining `std::span<const plenary::EmbeddedFile> <ns>::<Function>()` with the
# files' bytes, regenerated whenever one of them changes, and adds it to <target>.
function(plenary_embed target)
  cmake_parse_arguments(E "" "NAME;NAMESPACE;BASE" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${E_NAME}_embedded.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${E_NAME} -DNS=${E_NAMESPACE} -DBASE=${E_BASE}
            "-DFILES=${E_FILES}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
    DEPENDS ${E_FILES} "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
    COMMENT "Embedding ${E_NAME}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
