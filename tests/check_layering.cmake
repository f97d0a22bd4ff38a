# Fails when a source includes what its layer must not see. The build enforces the same rules
# (each target compiles against only the folders it may see: stator_sees in CMakeLists.txt);
# this test states them in one place and also covers files no target compiles on its own
# (headers nothing includes yet). Run by CTest as the `layering` test:
# cmake -DROOT=<source dir> -P check_layering.cmake
#
#   api/, include/stator/   see include/stator only (and api/ itself)
#   cache/                  sees include/stator and model/; never the engine (open.cc, the
#                           composition root of Database::Open, is the one exception)
#   engine/                 sees model/ and include/stator; RocksDB only in storage/storage.cc
#   model/                  sees include/stator only: pure value functions
#   bench/harness/, tools/  drive the public API (and HTTP); never the engine or the cache
set(violations "")

# Adds to `violations` the lines of the files matching `glob` that include what `regex` matches.
function(forbid glob regex)
  file(GLOB_RECURSE files ${ROOT}/${glob})
  foreach(f ${files})
    if(f MATCHES "/cache/open\\.cc$" AND glob MATCHES "^cache/")
      continue()
    endif()
    file(STRINGS ${f} lines REGEX "#include [\"<](${regex})")
    if(lines)
      list(APPEND violations "${f}: ${lines}")
    endif()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

set(not_storage "rocksdb/|simdjson|boost/")
forbid("api/*.h" "engine/|cache/|model/|rocksdb/")
forbid("api/*.cc" "engine/|cache/|model/|rocksdb/")
forbid("include/*.h" "engine/|cache/|model/|api/|bench/|${not_storage}")
forbid("model/*.h" "engine/|cache/|api/|bench/|${not_storage}")
forbid("model/*.cc" "engine/|cache/|api/|bench/|${not_storage}")
forbid("cache/*.h" "engine/|api/|bench/|${not_storage}")
forbid("cache/*.cc" "engine/|api/|bench/|${not_storage}")
forbid("engine/*.h" "api/|cache/|bench/|simdjson|boost/|rocksdb/")
forbid("bench/harness/*.h" "engine/|cache/|model/")
forbid("bench/harness/*.cc" "engine/|cache/|model/")
forbid("tools/*.cc" "engine/|cache/|model/")
# RocksDB stays inside the storage wrapper.
file(GLOB_RECURSE engine_sources ${ROOT}/engine/*.cc)
foreach(f ${engine_sources})
  if(f MATCHES "/engine/storage/storage\\.cc$")
    continue()
  endif()
  file(STRINGS ${f} lines REGEX "#include [\"<](api/|cache/|bench/|simdjson|boost/|rocksdb/)")
  if(lines)
    list(APPEND violations "${f}: ${lines}")
  endif()
endforeach()
if(violations)
  message(FATAL_ERROR "layering violations:\n${violations}")
endif()
message(STATUS "layering: api sees include/stator; cache sees model; engine sees model; "
               "RocksDB only in engine/storage/storage.cc")
