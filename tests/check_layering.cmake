# Fails when a source includes what its layer must not see. The build enforces the same rules
# (each target compiles against only the folders it may see: stator_sees in CMakeLists.txt);
# this test states them in one place and also covers files no target compiles on its own
# (headers nothing includes yet). Run by CTest as the `layering` test:
# cmake -DROOT=<source dir> -P check_layering.cmake
#
#   api/, include/stator/   see include/stator only (and api/ itself)
#   cache/                  sees include/stator and engine/model/; never the rest of the engine
#                           (open.cc, the composition root of Database::Open, is the one
#                           exception)
#   engine/                 sees include/stator; RocksDB only in the storage wrapper: the sources
#                           of engine/storage/ and its private header storage_rep.h
#   engine/model/           sees include/stator only: pure value functions, below the engine
#   api/partiql/            sees include/stator only (and itself): PartiQL over the public API,
#                           a library embedded programs link without the HTTP API
#   bench/harness/, tools/  drive the public API (and HTTP); never the engine or the cache
#   api/client/             the HTTP client: sees include/stator and itself only
#   the wire format         (stator_codec: json_*, attribute_json, codec_* but codec_partiql,
#                           errors*, credentials) sees include/stator and itself only
#   api/remote/             the remote Database: the wire format, api/client/ and itself; never
#                           the HTTP server, so the composition root may link it
set(violations "")

# Adds to `violations` the lines of the files matching `glob` that include what `regex` matches,
# other than engine/model/ headers when MODEL_OK is set, and other than the headers under the
# folder ALLOW names.
function(forbid glob regex)
  cmake_parse_arguments(ARG "MODEL_OK" "ALLOW" "" ${ARGN})
  file(GLOB_RECURSE files ${ROOT}/${glob})
  foreach(f ${files})
    if(f MATCHES "/cache/open\\.cc$" AND glob MATCHES "^cache/")
      continue()
    endif()
    if(f MATCHES "/engine/storage/storage_rep\\.h$")  # checked by the storage rule below
      continue()
    endif()
    file(STRINGS ${f} lines REGEX "#include [\"<](${regex})")
    if(ARG_MODEL_OK)
      list(FILTER lines EXCLUDE REGEX "#include [\"<]engine/model/")
    endif()
    if(ARG_ALLOW)
      list(FILTER lines EXCLUDE REGEX "#include [\"<]${ARG_ALLOW}")
    endif()
    if(lines)
      list(APPEND violations "${f}: ${lines}")
    endif()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

set(not_storage "rocksdb/|simdjson|boost/")
forbid("api/*.h" "engine/|cache/|rocksdb/")
forbid("api/*.cc" "engine/|cache/|rocksdb/")
forbid("include/*.h" "engine/|cache/|api/|bench/|${not_storage}")
forbid("engine/model/*.h" "engine/|cache/|api/|bench/|${not_storage}" MODEL_OK)
forbid("engine/model/*.cc" "engine/|cache/|api/|bench/|${not_storage}" MODEL_OK)
forbid("cache/*.h" "engine/|api/|bench/|${not_storage}" MODEL_OK)
forbid("cache/*.cc" "engine/|api/|bench/|${not_storage}" MODEL_OK)
forbid("engine/*.h" "api/|cache/|bench/|simdjson|boost/|rocksdb/")
forbid("api/partiql/*.h" "engine/|cache/|api/|bench/|${not_storage}" ALLOW api/partiql/)
forbid("api/partiql/*.cc" "engine/|cache/|api/|bench/|${not_storage}" ALLOW api/partiql/)
forbid("bench/harness/*.h" "engine/|cache/")
forbid("bench/harness/*.cc" "engine/|cache/")
forbid("tools/*.cc" "engine/|cache/")
# Files whose `#include "api/..."` lines may name only what `allowed` matches.
function(allow_only allowed)
  foreach(glob ${ARGN})
    file(GLOB files ${ROOT}/${glob})
    foreach(f ${files})
      file(STRINGS ${f} lines REGEX "#include [\"<](api/|engine/|cache/|bench/)")
      list(FILTER lines EXCLUDE REGEX "#include [\"<]api/(${allowed})")
      if(lines)
        list(APPEND violations "${f}: ${lines}")
      endif()
    endforeach()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()
set(wire_format "json_reader|json_writer|attribute_json|codec_base64|codec_enums|errors|credentials|codec_(backups|batch|item|misc|query|read|stream_record|streams|table|transact|ttl)")
allow_only("client/" "api/client/*.h" "api/client/*.cc")
allow_only("(${wire_format})" "api/json_*" "api/attribute_json.*" "api/codec_*_client.*"
           "api/errors*" "api/credentials.*" "api/codec_item.*" "api/codec_table.*"
           "api/codec_batch.*" "api/codec_transact.*" "api/codec_query.*")
allow_only("(client/|remote/|${wire_format})" "api/remote/*.h" "api/remote/*.cc")
# RocksDB stays inside the storage wrapper.
file(GLOB_RECURSE engine_sources ${ROOT}/engine/*.cc ${ROOT}/engine/*.h)
foreach(f ${engine_sources})
  if(f MATCHES "/engine/storage/[a-z_]+\\.cc$" OR f MATCHES "/engine/storage/storage_rep\\.h$")
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
message(STATUS "layering: api sees include/stator; cache sees engine/model; engine/model and "
               "api/partiql see themselves; api/client and the wire format see themselves, "
               "api/remote them and itself; RocksDB only in engine/storage/")
