// The regular expressions of the service's API model that the shape checker applies, each a
// small hand-written matcher with the semantics of Java's String.matches (the whole value must
// match), as the service's front end uses them. The generator (tools/generate_shapes.py) maps
// each model pattern to one of these; a pattern it does not map is reported when generating.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "api/service_shapes.h"

namespace stator::api {

// Whether the UTF-8 text s matches pattern p. DynamoDB's front end holds '' to a member's length
// bounds only, never to its pattern ('' at 'tableName' breaks "length greater than or equal to
// 3" alone, though [a-zA-Z0-9_.-]+ needs a character), so '' matches every pattern here but
// kNameCharsNotEmpty, the Streams API's, which applies its pattern to '' as well.
bool MatchesPattern(std::string_view s, shapes::Pattern p);

}  // namespace stator::api
