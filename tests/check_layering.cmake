# Fails when a layer includes what it must not see (DESIGN.md: api -> include/stator -> cache ->
# engine -> RocksDB). Run by CTest as the `layering` test:
# cmake -DROOT=<source dir> -P check_layering.cmake
file(GLOB_RECURSE api_files ${ROOT}/api/*.h ${ROOT}/api/*.cc ${ROOT}/include/*.h)
file(GLOB_RECURSE engine_files ${ROOT}/engine/*.h ${ROOT}/engine/*.cc)
file(GLOB_RECURSE cache_files ${ROOT}/cache/*.h ${ROOT}/cache/*.cc)
set(violations "")
foreach(f ${api_files})
  file(STRINGS ${f} lines REGEX "#include [\"<](engine/|rocksdb/|cache/)")
  if(lines)
    list(APPEND violations "${f}: ${lines}")
  endif()
endforeach()
foreach(f ${engine_files})
  file(STRINGS ${f} lines REGEX "#include [\"<](api/|cache/|simdjson|boost/)")
  if(lines)
    list(APPEND violations "${f}: ${lines}")
  endif()
  # RocksDB stays inside the storage wrapper.
  if(NOT f MATCHES "/engine/storage\\.cc$")
    file(STRINGS ${f} lines REGEX "#include [\"<]rocksdb/")
    if(lines)
      list(APPEND violations "${f}: ${lines}")
    endif()
  endif()
endforeach()
# The cache wraps the engine: it may use engine/ and include/stator, never the HTTP layer, JSON,
# or RocksDB itself.
foreach(f ${cache_files})
  file(STRINGS ${f} lines REGEX "#include [\"<](api/|rocksdb/|simdjson|boost/)")
  if(lines)
    list(APPEND violations "${f}: ${lines}")
  endif()
endforeach()
if(violations)
  message(FATAL_ERROR "layering violations:\n${violations}")
endif()
message(STATUS
        "layering: api sees only include/stator; cache sees engine; RocksDB only in storage.cc")
