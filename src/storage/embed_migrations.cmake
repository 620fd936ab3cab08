# Writes OUTPUT, a C++ file defining plenary::storage::FUNCTION() (BuiltinMigrations unless set)
# from the *.sql files in MIGRATIONS_DIR. Run by the build (cmake -P) whenever a migration
# changes. NNNN_name.sql applies on both backends; NNNN_name.sqlite.sql and
# NNNN_name.postgres.sql only on theirs; NNNN_name.derived.sql to SQLite's derived file
# (storage/migrator.h).
if(NOT FUNCTION)
  set(FUNCTION BuiltinMigrations)
endif()
file(GLOB files "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
set(body "")
foreach(file IN LISTS files)
  get_filename_component(file_name "${file}" NAME)
  if(NOT file_name MATCHES "^(([0-9]+)_[^.]*)(\\.(sqlite|postgres|derived))?\\.sql$")
    message(FATAL_ERROR "migration ${file}: the name must be NNNN_name.sql (both backends), "
                        "NNNN_name.sqlite.sql, NNNN_name.postgres.sql or NNNN_name.derived.sql, "
                        "e.g. 0001_x.sql")
  endif()
  set(name "${CMAKE_MATCH_1}")
  set(digits "${CMAKE_MATCH_2}")
  set(backend "${CMAKE_MATCH_4}")
  math(EXPR number "${digits}")  # drops leading zeros
  # Not `derived`: scripts run without policies (CMP0054 old), so if() below would read the
  # quoted "derived" as that variable.
  set(is_derived "false")
  if(backend STREQUAL "sqlite")
    set(backend_value "Backend::kSqlite")
  elseif(backend STREQUAL "postgres")
    set(backend_value "Backend::kPostgres")
  elseif(backend STREQUAL "derived")
    set(backend_value "Backend::kSqlite")  # only SQLite has a derived file
    set(is_derived "true")
  else()
    set(backend_value "std::nullopt")
  endif()
  file(READ "${file}" sql)
  if(sql MATCHES "\\)plenary_sql\"")
    message(FATAL_ERROR "migration ${file} contains the raw-string delimiter")
  endif()
  string(APPEND body "      {${number}, \"${name}\", R\"plenary_sql(${sql})plenary_sql\", "
                     "${backend_value}, ${is_derived}},\n")
endforeach()
set(content "// Generated from *.sql migrations by src/storage/embed_migrations.cmake. Do not edit.
#include <algorithm>
#include <optional>

#include \"storage/migrator.h\"

namespace plenary::storage {

const std::vector<Migration>& ${FUNCTION}() {
  static const std::vector<Migration> migrations = [] {
    std::vector<Migration> list = {
${body}    };
    // Stable: the two halves of a number keep their file order (derived, postgres, sqlite).
    std::ranges::stable_sort(list, {}, &Migration::number);
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
