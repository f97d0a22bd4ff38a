// JavaText: a request value as the service prints it in a constraint violation ("Value '...' at
// 'keySchema' failed to satisfy constraint: ..."). The service's front end is Java and prints the
// value its deserializer built: a string as itself, a list as "[a, b]", a map as "{k=v}", a
// structure as "KeySchemaElement(attributeName=pk, keyType=HASH)".
//
// Thread safety: pure function of its arguments.
#pragma once

#include <simdjson.h>

#include <string>

#include "api/service_shapes.h"

namespace stator::api {

// Appends `value`, a value of `shape`, to `out`.
void AppendJavaText(simdjson::dom::element value, const shapes::Shape& shape, std::string* out);

}  // namespace stator::api
