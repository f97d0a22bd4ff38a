// Mapping files: a reader per load (so that destinations shared between files share a writer),
// a field table checked member by member, and Lambda's validation messages.
#include "api/stream_handlers/mapping_file.h"

#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <utility>

#include "api/stream_handlers/failure_destination.h"
#include "api/stream_handlers/record_filter.h"
#include "api/stream_handlers/url_handler.h"

namespace stator::api {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// The members a mapping may have, in the order they are read.
constexpr std::string_view kMappingFields[] = {
    "EventSourceArn",
    "TableName",
    "FunctionName",
    "UUID",
    "Enabled",
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "StartingPosition",
    "MaximumRetryAttempts",
    "MaximumRecordAgeInSeconds",
    "BisectBatchOnFunctionError",
    "ParallelizationFactor",
    "FilterCriteria",
    "FunctionResponseTypes",
    "TumblingWindowInSeconds",
    "DestinationConfig",
    "Timeout",
    "Handler",
};

// Lambda's patterns for the ARNs and names it takes (CreateEventSourceMapping's model).
constexpr const char* kEventSourceArnPattern =
    R"(arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*))";
constexpr const char* kFunctionNamePattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?)"
    R"(([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?)";
constexpr size_t kMaxFunctionNameLength = 140;
constexpr size_t kMaxBareFunctionNameLength = 64;
constexpr size_t kMaxPatternLength = 4096;

// The set of StartingPosition values, as Lambda prints it in its message.
constexpr std::string_view kStartingPositions = "[LATEST, AT_TIMESTAMP, TRIM_HORIZON]";

// Longest value quoted in a message.
constexpr size_t kMaxQuotedValue = 200;

// "1 validation error detected: Value '<v>' at '<member>' failed to satisfy constraint: <c>",
// as Lambda's front end reports a value outside its shape's constraints.
std::string ConstraintError(std::string_view value, std::string_view member,
                            std::string_view constraint) {
  return "1 validation error detected: Value '" + std::string(value) + "' at '" +
         std::string(member) + "' failed to satisfy constraint: " + std::string(constraint);
}

std::string NotNullError(std::string_view member) {
  return "1 validation error detected: Value null at '" + std::string(member) +
         "' failed to satisfy constraint: Member must not be null";
}

// The model's member name: "BatchSize" -> "batchSize".
std::string LowerCamel(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  if (out == "uUID") out = "uuid";
  return out;
}

std::string TypeName(element v) {
  switch (v.type()) {
    case element_type::ARRAY:
      return "list";
    case element_type::OBJECT:
      return "object";
    case element_type::INT64:
    case element_type::UINT64:
      return "integer";
    case element_type::DOUBLE:
      return "number";
    case element_type::STRING:
      return "string";
    case element_type::BOOL:
      return "boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "value";
}

std::string Quote(element v) {
  std::string text = simdjson::minify(v);
  if (text.size() > kMaxQuotedValue) text = text.substr(0, kMaxQuotedValue) + "...";
  return text;
}

// Whether `program` can be run: a path (with a '/') that is executable, or a name found in PATH.
std::string CheckProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (::access(program.c_str(), X_OK) == 0) return "";
    return "cannot run \"" + program + "\": " + std::strerror(errno);
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return "";
  }
  return "cannot run \"" + program + "\": not found in PATH";
}

// An error in a field of a mapping.
struct FieldError {
  std::string field;
  std::string message;
};

// Reads one mapping. Each method returns false after setting error_.
class MappingReader {
 public:
  MappingReader(object o, const MappingFileOptions& options,
                std::map<std::string, std::shared_ptr<JsonLinesFailureDestination>>* destinations)
      : o_(o), options_(options), destinations_(destinations) {}

  const FieldError& error() const { return error_; }

  // The FunctionName to name the mapping by in messages, if it is a string.
  static std::string NameOf(object o) {
    std::string_view name;
    if (o["FunctionName"].get_string().get(name) == simdjson::SUCCESS) return std::string(name);
    return "";
  }

  bool Read(EventSourceMapping* m) {
    for (auto [key, value] : o_) {
      if (std::find(std::begin(kMappingFields), std::end(kMappingFields), key) ==
          std::end(kMappingFields)) {
        return UnknownField(key, "input", kMappingFields);
      }
    }
    return ReadSource(m) && ReadFunctionName(m) && ReadString("UUID", &m->uuid, true) &&
           ReadBool("Enabled", &m->enabled) && ReadInt("BatchSize", 1, 10000, &m->batch_size) &&
           ReadInt("MaximumBatchingWindowInSeconds", 0, 300, &m->maximum_batching_window_seconds) &&
           ReadStartingPosition(m) &&
           ReadInt("MaximumRetryAttempts", -1, 10000, &m->maximum_retry_attempts) &&
           ReadRecordAge(m) &&
           ReadBool("BisectBatchOnFunctionError", &m->bisect_batch_on_function_error) &&
           ReadInt("ParallelizationFactor", 1, 10, &m->parallelization_factor) &&
           ReadFilterCriteria(m) && ReadFunctionResponseTypes(m) &&
           ReadInt("TumblingWindowInSeconds", 0, 900, &m->tumbling_window_seconds) &&
           ReadDestinationConfig(m) && ReadTimeout(m) && ReadHandler(m);
  }

 private:
  bool Fail(std::string_view field, std::string message) {
    error_ = {std::string(field), std::move(message)};
    return false;
  }

  template <size_t N>
  bool UnknownField(std::string_view key, std::string_view where,
                    const std::string_view (&known)[N]) {
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    return Fail(key, "Unknown parameter in " + std::string(where) + ": \"" + std::string(key) +
                         "\", must be one of: " + list);
  }

  bool WrongType(std::string_view field, element v, std::string_view valid) {
    return Fail(field, "Invalid type for parameter " + std::string(field) + ", value: " + Quote(v) +
                           ", type: " + TypeName(v) + ", valid types: " + std::string(valid));
  }

  // The member, unless it is absent or null (JSON null is absent, as in Lambda's requests).
  static std::optional<element> Member(object o, std::string_view name) {
    element v;
    if (o[name].get(v) != simdjson::SUCCESS || v.is_null()) return std::nullopt;
    return v;
  }
  std::optional<element> Member(std::string_view name) const { return Member(o_, name); }

  // False when present with the wrong type; *present says whether it was there.
  bool ReadString(std::string_view field, std::string* out, bool non_empty = false,
                  bool* present = nullptr) {
    if (present) *present = false;
    const std::optional<element> v = Member(field);
    if (!v) return true;
    std::string_view s;
    if (v->get_string().get(s) != simdjson::SUCCESS) return WrongType(field, *v, "string");
    if (non_empty && s.empty()) {
      return Fail(field, ConstraintError("", LowerCamel(field),
                                         "Member must have length greater than or equal to 1"));
    }
    *out = std::string(s);
    if (present) *present = true;
    return true;
  }

  bool ReadBool(std::string_view field, bool* out) {
    const std::optional<element> v = Member(field);
    if (!v) return true;
    if (v->get_bool().get(*out) != simdjson::SUCCESS) return WrongType(field, *v, "boolean");
    return true;
  }

  bool ReadInt(std::string_view field, int64_t min, int64_t max, int64_t* out,
               bool* present = nullptr) {
    if (present) *present = false;
    const std::optional<element> v = Member(field);
    if (!v) return true;
    int64_t n = 0;
    if (v->get_int64().get(n) != simdjson::SUCCESS) return WrongType(field, *v, "integer");
    const std::string member = LowerCamel(field);
    if (n < min) {
      return Fail(field, ConstraintError(std::to_string(n), member,
                                         "Member must have value greater than or equal to " +
                                             std::to_string(min)));
    }
    if (n > max) {
      return Fail(field, ConstraintError(std::to_string(n), member,
                                         "Member must have value less than or equal to " +
                                             std::to_string(max)));
    }
    *out = n;
    if (present) *present = true;
    return true;
  }

  bool ReadSource(EventSourceMapping* m) {
    bool has_arn = false, has_table = false;
    if (!ReadString("EventSourceArn", &m->event_source_arn, false, &has_arn) ||
        !ReadString("TableName", &m->table_name, false, &has_table)) {
      return false;
    }
    if (has_arn && has_table) {
      return Fail("EventSourceArn", "give EventSourceArn or TableName, not both");
    }
    if (!has_arn && !has_table) {
      return Fail("EventSourceArn", NotNullError("eventSourceArn") +
                                        " (or give TableName, Stator's local "
                                        "convenience for the table's current stream)");
    }
    if (has_arn) {
      static const std::regex pattern(kEventSourceArnPattern);
      if (!std::regex_match(m->event_source_arn, pattern)) {
        return Fail(
            "EventSourceArn",
            ConstraintError(m->event_source_arn, "eventSourceArn",
                            std::string("Member must satisfy regular expression pattern: ") +
                                kEventSourceArnPattern));
      }
      const bool stream = m->event_source_arn.starts_with("arn:aws:dynamodb:") &&
                          m->event_source_arn.find("/stream/") != std::string::npos;
      if (!stream) {
        return Fail("EventSourceArn",
                    "Unrecognized event source, must be a DynamoDB stream ARN "
                    "(arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>)");
      }
      return true;
    }
    // DynamoDB's own constraints on a table name.
    const std::string& t = m->table_name;
    if (t.size() < 3 || t.size() > 255) {
      return Fail(
          "TableName",
          ConstraintError(t, "tableName",
                          t.size() < 3 ? "Member must have length greater than or equal to 3"
                                       : "Member must have length less than or equal to "
                                         "255"));
    }
    const bool valid = std::all_of(t.begin(), t.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
    if (!valid) {
      return Fail(
          "TableName",
          ConstraintError(t, "tableName",
                          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"));
    }
    return true;
  }

  bool ReadFunctionName(EventSourceMapping* m) {
    bool present = false;
    if (!ReadString("FunctionName", &m->function_name, false, &present)) return false;
    if (!present) return Fail("FunctionName", NotNullError("functionName"));
    const std::string& f = m->function_name;
    const size_t max =
        f.find(':') == std::string::npos ? kMaxBareFunctionNameLength : kMaxFunctionNameLength;
    if (f.empty() || f.size() > max) {
      return Fail("FunctionName",
                  ConstraintError(f, "functionName",
                                  f.empty() ? "Member must have length greater than or equal to 1"
                                            : "Member must have length less than or equal to " +
                                                  std::to_string(max)));
    }
    static const std::regex pattern(kFunctionNamePattern);
    if (!std::regex_match(f, pattern)) {
      return Fail("FunctionName",
                  ConstraintError(f, "functionName",
                                  std::string("Member must satisfy regular expression pattern: ") +
                                      kFunctionNamePattern));
    }
    return true;
  }

  bool ReadStartingPosition(EventSourceMapping* m) {
    std::string position;
    bool present = false;
    if (!ReadString("StartingPosition", &position, false, &present)) return false;
    if (!present) return Fail("StartingPosition", NotNullError("startingPosition"));
    if (position == "TRIM_HORIZON") {
      m->starting_position = StartingPosition::kTrimHorizon;
    } else if (position == "LATEST") {
      m->starting_position = StartingPosition::kLatest;
    } else if (position == "AT_TIMESTAMP") {
      const std::string source =
          m->event_source_arn.empty() ? "table/" + m->table_name : m->event_source_arn;
      return Fail("StartingPosition", std::string(kUnsupportedStartingPosition) + source);
    } else {
      return Fail("StartingPosition", ConstraintError(position, "startingPosition",
                                                      "Member must satisfy enum value set: " +
                                                          std::string(kStartingPositions)));
    }
    return true;
  }

  bool ReadRecordAge(EventSourceMapping* m) {
    bool present = false;
    if (!ReadInt("MaximumRecordAgeInSeconds", -1, 604800, &m->maximum_record_age_seconds,
                 &present)) {
      return false;
    }
    // The model allows -1..604,800; Lambda refuses a stream mapping an age under a minute, in
    // the words of a range constraint (as the engine words it too).
    if (present && m->maximum_record_age_seconds >= 0 && m->maximum_record_age_seconds < 60) {
      return Fail("MaximumRecordAgeInSeconds",
                  ConstraintError(std::to_string(m->maximum_record_age_seconds),
                                  "maximumRecordAgeInSeconds",
                                  "Member must have value greater than or equal to 60"));
    }
    return true;
  }

  bool ReadFilterCriteria(EventSourceMapping* m) {
    static constexpr std::string_view kField = "FilterCriteria";
    const std::optional<element> v = Member(kField);
    if (!v) return true;
    object criteria;
    if (v->get_object().get(criteria) != simdjson::SUCCESS) return WrongType(kField, *v, "object");
    static constexpr std::string_view kCriteriaFields[] = {"Filters"};
    for (auto [key, value] : criteria) {
      if (key != "Filters") return UnknownField(key, kField, kCriteriaFields);
    }
    const std::optional<element> filters = Member(criteria, "Filters");
    if (!filters) return true;
    array list;
    if (filters->get_array().get(list) != simdjson::SUCCESS) {
      return WrongType("FilterCriteria.Filters", *filters, "list");
    }
    std::vector<std::string> patterns;
    for (element f : list) {
      object filter;
      if (f.get_object().get(filter) != simdjson::SUCCESS) {
        return WrongType("FilterCriteria.Filters", f, "object");
      }
      static constexpr std::string_view kFilterFields[] = {"Pattern"};
      for (auto [key, value] : filter) {
        if (key != "Pattern") return UnknownField(key, "FilterCriteria.Filters", kFilterFields);
      }
      const std::string member =
          "filterCriteria.filters." + std::to_string(patterns.size() + 1) + ".member.pattern";
      const std::optional<element> pattern = Member(filter, "Pattern");
      if (!pattern) return Fail(kField, NotNullError(member));
      std::string_view text;
      if (pattern->get_string().get(text) != simdjson::SUCCESS) {
        return WrongType("FilterCriteria.Filters.Pattern", *pattern, "string");
      }
      if (text.size() > kMaxPatternLength) {
        return Fail(kField, ConstraintError(text.substr(0, kMaxQuotedValue), member,
                                            "Member must have length less than or equal to " +
                                                std::to_string(kMaxPatternLength)));
      }
      patterns.emplace_back(text);
    }
    if (patterns.empty()) return true;  // no filters: every record
    Result<std::shared_ptr<const FilterCriteriaFilter>> filter =
        FilterCriteriaFilter::Create(patterns);
    if (!filter.ok()) return Fail(kField, filter.status().message());
    m->filter = std::move(filter).value();
    return true;
  }

  bool ReadFunctionResponseTypes(EventSourceMapping* m) {
    static constexpr std::string_view kField = "FunctionResponseTypes";
    const std::optional<element> v = Member(kField);
    if (!v) return true;
    array list;
    if (v->get_array().get(list) != simdjson::SUCCESS) return WrongType(kField, *v, "list");
    std::vector<std::string> types;
    for (element e : list) {
      std::string_view s;
      if (e.get_string().get(s) != simdjson::SUCCESS) return WrongType(kField, e, "string");
      types.emplace_back(s);
    }
    std::string quoted = "[";
    for (const std::string& t : types) quoted += (quoted.size() > 1 ? ", " : "") + t;
    quoted += "]";
    if (types.size() > 1) {
      return Fail(kField, ConstraintError(quoted, "functionResponseTypes",
                                          "Member must have length less than or equal to 1"));
    }
    for (const std::string& t : types) {
      if (t != "ReportBatchItemFailures") {
        return Fail(kField, ConstraintError(quoted, "functionResponseTypes",
                                            "Member must satisfy constraint: [Member must satisfy "
                                            "enum value set: [ReportBatchItemFailures]]"));
      }
    }
    m->report_batch_item_failures = !types.empty();
    return true;
  }

  bool ReadDestinationConfig(EventSourceMapping* m) {
    static constexpr std::string_view kField = "DestinationConfig";
    const std::optional<element> v = Member(kField);
    if (!v) return true;
    object config;
    if (v->get_object().get(config) != simdjson::SUCCESS) return WrongType(kField, *v, "object");
    static constexpr std::string_view kConfigFields[] = {"OnSuccess", "OnFailure"};
    for (auto [key, value] : config) {
      if (key == "OnSuccess") {
        // Lambda has no on-success destination for stream sources.
        return Fail("DestinationConfig.OnSuccess", std::string(kUnsupportedDestinationConfig));
      }
      if (key != "OnFailure") return UnknownField(key, kField, kConfigFields);
    }
    const std::optional<element> on_failure = Member(config, "OnFailure");
    if (!on_failure) return true;
    object failure;
    if (on_failure->get_object().get(failure) != simdjson::SUCCESS) {
      return WrongType("DestinationConfig.OnFailure", *on_failure, "object");
    }
    static constexpr std::string_view kOnFailureFields[] = {"Destination"};
    for (auto [key, value] : failure) {
      if (key != "Destination") {
        return UnknownField(key, "DestinationConfig.OnFailure", kOnFailureFields);
      }
    }
    const std::optional<element> destination = Member(failure, "Destination");
    if (!destination) return true;
    std::string_view text;
    if (destination->get_string().get(text) != simdjson::SUCCESS) {
      return WrongType("DestinationConfig.OnFailure.Destination", *destination, "string");
    }
    Result<std::string> path = FailureDestinationPath(text);
    if (!path.ok()) return Fail("DestinationConfig.OnFailure.Destination", path.status().message());
    std::shared_ptr<JsonLinesFailureDestination>& shared = (*destinations_)[*path];
    if (!shared) {
      Result<std::shared_ptr<JsonLinesFailureDestination>> opened =
          JsonLinesFailureDestination::Open(*path, options_.sync);
      if (!opened.ok()) {
        destinations_->erase(*path);
        return Fail("DestinationConfig.OnFailure.Destination", opened.status().message());
      }
      shared = std::move(opened).value();
    }
    m->on_failure = shared;
    return true;
  }

  // The function's Timeout (CreateFunction's: whole seconds, 1..900, default 3).
  bool ReadTimeout(EventSourceMapping* m) {
    int64_t seconds = 0;
    bool present = false;
    if (!ReadInt("Timeout", 1, 900, &seconds, &present)) return false;
    if (present) m->timeout_seconds = static_cast<double>(seconds);
    return true;
  }

  bool ReadHandler(EventSourceMapping* m) {
    static constexpr std::string_view kField = "Handler";
    const std::optional<element> v = Member(kField);
    if (!v) {
      return Fail(kField,
                  "a mapping needs a Handler: {\"Command\": [\"prog\", \"arg\", ...]} or "
                  "{\"Url\": \"http://127.0.0.1:PORT/path\"}");
    }
    object handler;
    if (v->get_object().get(handler) != simdjson::SUCCESS) return WrongType(kField, *v, "object");
    static constexpr std::string_view kHandlerFields[] = {"Command", "Url"};
    for (auto [key, value] : handler) {
      if (key != "Command" && key != "Url") return UnknownField(key, kField, kHandlerFields);
    }
    const std::optional<element> command = Member(handler, "Command");
    const std::optional<element> url = Member(handler, "Url");
    if (command.has_value() == url.has_value()) {
      return Fail(kField, "give one of Command and Url");
    }
    if (url) {
      std::string_view text;
      if (url->get_string().get(text) != simdjson::SUCCESS) {
        return WrongType("Handler.Url", *url, "string");
      }
      UrlHandlerOptions options;
      options.clock = options_.clock;
      Result<std::unique_ptr<UrlHandler>> h = UrlHandler::Create(text, options);
      if (!h.ok()) return Fail("Handler.Url", h.status().message());
      m->handler = std::move(h).value();
      return true;
    }
    array list;
    if (command->get_array().get(list) != simdjson::SUCCESS) {
      return WrongType("Handler.Command", *command, "list of strings");
    }
    std::vector<std::string> argv;
    for (element e : list) {
      std::string_view s;
      if (e.get_string().get(s) != simdjson::SUCCESS) {
        return WrongType("Handler.Command", e, "string");
      }
      argv.emplace_back(s);
    }
    if (argv.empty() || argv[0].empty()) {
      return Fail("Handler.Command", "the command is empty: [\"prog\", \"arg\", ...]");
    }
    if (std::string error = CheckProgram(argv[0]); !error.empty()) {
      return Fail("Handler.Command", error);
    }
    CommandHandlerOptions options = options_.command;
    options.clock = options_.clock;
    m->handler = std::make_shared<CommandHandler>(std::move(argv), std::move(options));
    return true;
  }

  object o_;
  const MappingFileOptions& options_;
  std::map<std::string, std::shared_ptr<JsonLinesFailureDestination>>* destinations_;
  FieldError error_;
};

std::string MappingName(std::string_view file, size_t index, std::string_view function_name) {
  std::string name = std::string(file) + ": mapping [" + std::to_string(index) + "]";
  if (!function_name.empty()) name += " (FunctionName \"" + std::string(function_name) + "\")";
  return name;
}

// One load: the mappings read so far, where each came from, and the destinations opened.
class Loader {
 public:
  explicit Loader(const MappingFileOptions& options) : options_(options) {}

  Status ParseFile(std::string_view json, std::string_view file) {
    simdjson::dom::parser parser;
    element root;
    if (auto error = parser.parse(json.data(), json.size()).get(root); error) {
      return Status::Validation(std::string(file) +
                                ": not valid JSON: " + simdjson::error_message(error));
    }
    array list;
    if (root.get_array().get(list) != simdjson::SUCCESS) {
      return Status::Validation(std::string(file) +
                                ": must hold a JSON array of event source mappings");
    }
    size_t index = 0;
    for (element e : list) {
      object o;
      if (e.get_object().get(o) != simdjson::SUCCESS) {
        return Status::Validation(MappingName(file, index, "") + ": a mapping is a JSON object");
      }
      const std::string name = MappingReader::NameOf(o);
      MappingReader reader(o, options_, &destinations_);
      EventSourceMapping m;
      if (!reader.Read(&m)) {
        return Status::Validation(MappingName(file, index, name) + ": " + reader.error().field +
                                  ": " + reader.error().message);
      }
      if (Status st = CheckConflicts(m, file, index); !st.ok()) return st;
      loaded_.push_back({std::move(m), std::string(file), index});
      ++index;
    }
    return Status::OK();
  }

  std::vector<EventSourceMapping> Take() && {
    std::vector<EventSourceMapping> out;
    for (Loaded& l : loaded_) out.push_back(std::move(l.mapping));
    return out;
  }

 private:
  struct Loaded {
    EventSourceMapping mapping;
    std::string file;
    size_t index;
  };

  Status CheckConflicts(const EventSourceMapping& m, std::string_view file, size_t index) const {
    const std::string here = MappingName(file, index, m.function_name);
    for (const Loaded& l : loaded_) {
      const std::string there = MappingName(l.file, l.index, l.mapping.function_name);
      if (!m.uuid.empty() && m.uuid == l.mapping.uuid) {
        return Status::Validation(here + ": UUID: \"" + m.uuid + "\" is already the UUID of " +
                                  there);
      }
      const bool same_source = m.event_source_arn.empty()
                                   ? m.table_name == l.mapping.table_name
                                   : m.event_source_arn == l.mapping.event_source_arn;
      if (same_source && m.function_name == l.mapping.function_name) {
        // Lambda's ResourceConflictException, naming the other mapping instead of its UUID.
        const std::string source =
            m.event_source_arn.empty() ? "table/" + m.table_name : m.event_source_arn;
        return Status::Validation(here + ": EventSourceArn: The event source arn (\" " + source +
                                  " \") and function (\" " + m.function_name +
                                  " \") provided mapping already exists: " + there);
      }
    }
    return Status::OK();
  }

  const MappingFileOptions& options_;
  std::map<std::string, std::shared_ptr<JsonLinesFailureDestination>> destinations_;
  std::vector<Loaded> loaded_;
};

}  // namespace

Result<std::vector<EventSourceMapping>> ParseEventSourceMappingFile(
    std::string_view json, std::string_view file_name, const MappingFileOptions& options) {
  Loader loader(options);
  if (Status st = loader.ParseFile(json, file_name); !st.ok()) return st;
  return std::move(loader).Take();
}

Result<std::vector<EventSourceMapping>> LoadEventSourceMappingFiles(
    const std::vector<std::string>& paths, const MappingFileOptions& options) {
  Loader loader(options);
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Status::Validation(path + ": cannot read: " + std::strerror(errno));
    }
    std::stringstream text;
    text << in.rdbuf();
    if (Status st = loader.ParseFile(text.str(), path); !st.ok()) return st;
  }
  return std::move(loader).Take();
}

}  // namespace stator::api
