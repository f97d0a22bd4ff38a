// The checks Lambda's CreateEventSourceMapping makes of a mapping's options, for mappings given
// to Database::Open (the server checks its files first, naming the file and field).
//
// Thread safety: pure functions.
#pragma once

#include "stator/event_source_mapping.h"
#include "stator/status.h"

namespace stator::engine {

// Checks `m`, in Lambda's words where Lambda has them. Errors: ValidationException.
Status ValidateMapping(const EventSourceMapping& m);

// The mapping's UUID when it gives none: derived from its source and function, so the same
// mapping finds its checkpoint again after a restart.
std::string DefaultMappingUuid(const EventSourceMapping& m);

}  // namespace stator::engine
