# Writes OUTPUT, a C++ file defining plenary::storage::BuiltinMigrations() from the *.sql files in
# MIGRATIONS_DIR. Run by the build (cmake -P) whenever a migration changes.
file(GLOB files "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
set(body "")
foreach(file IN LISTS files)
  get_filename_component(name "${file}" NAME_WE)
  if(NOT name MATCHES "^([0-9]+)_")
    message(FATAL_ERROR "migration ${file}: the name must start with its number, e.g. 0001_x.sql")
  endif()
  math(EXPR number "${CMAKE_MATCH_1}")  # drops leading zeros
  file(READ "${file}" sql)
  if(sql MATCHES "\\)plenary_sql\"")
    message(FATAL_ERROR "migration ${file} contains the raw-string delimiter")
  endif()
  string(APPEND body "      {${number}, \"${name}\", R\"plenary_sql(${sql})plenary_sql\"},\n")
endforeach()
set(content "// Generated from migrations/*.sql by src/storage/embed_migrations.cmake. Do not edit.
#include <algorithm>

#include \"storage/migrator.h\"

namespace plenary::storage {

const std::vector<Migration>& BuiltinMigrations() {
  static const std::vector<Migration> migrations = [] {
    std::vector<Migration> list = {
${body}    };
    std::ranges::sort(list, {}, &Migration::number);
    return list;
  }();
  return migrations;
}

}  // namespace plenary::storage
")
# Leave the file (and its timestamp) alone when nothing changed, so nothing rebuilds.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
