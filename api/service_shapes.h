// The request shapes of the DynamoDB and DynamoDB Streams API models, as data: for every operation
// its input structure, and for every shape beneath it the constraints the service checks before
// anything else (required members, length and size bounds, value ranges, patterns, enum values).
// The tables themselves are generated from botocore's copies of the models
// (tools/generate_shapes.py writes api/service_shapes_generated.cc); this header is the form they
// take.
//
// Thread safety: constant data.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

namespace stator::api::shapes {

enum class Kind : uint8_t {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,
  kLong,
  kDouble,
  kBoolean,
  kBlob,
  kTimestamp,
};

// The model's patterns that the checker implements (see MatchesPattern in api/shape_check.cc).
enum class Pattern : uint8_t {
  kNone,
  kNameChars,  // [a-zA-Z0-9_.-]+ (TableName, IndexName, BackupName); '' is held to its length only
  kNameCharsNotEmpty,  // [a-zA-Z0-9_.-]+ as the Streams API applies it: '' breaks it too
  kNoDollar,   // ^[^\$]+$ (ClientToken)
  kImportToken,  // ([0-9a-f]{16})+ (ImportNextToken)
  kCsvDelimiter,  // [,;:|\t ] (CsvDelimiter)
  kAccountId,  // [0-9]{12} (S3BucketOwner)
  kXmlText,    // [\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]* (AutoScalingRoleArn)
  kCsvHeader,  // [\x20-\x21\x23-\x2B\x2D-\x7E]* (CsvHeader)
  kPrintable,  // \p{Print}+ (AutoScalingPolicyName)
  kS3Bucket,   // ^[a-z0-9A-Z]+[\.\-\w]*[a-z0-9A-Z]+$ (S3Bucket)
};

inline constexpr int64_t kNoMin = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kNoMax = std::numeric_limits<int64_t>::max();

// A member of a structure: its wire name, its name in the service's paths (lowerCamelCase), the
// index of its shape in kShapeTable and whether the model requires it.
struct Member {
  std::string_view name;
  std::string_view path_name;
  uint16_t shape;
  bool required;
};

struct Shape {
  std::string_view name;
  Kind kind;
  // Whether this shape, or one beneath it, has a constraint to check: shapes without one are not
  // descended into.
  bool walk = false;
  // A string's length (UTF-16 units), a list's or map's size, or a number's value.
  int64_t min = kNoMin;
  int64_t max = kNoMax;
  Pattern pattern = Pattern::kNone;
  std::string_view pattern_text;  // as the service prints it
  std::span<const std::string_view> enum_values;
  std::string_view enum_set;        // as the service prints it: "[HASH, RANGE]"
  std::span<const Member> members;  // a structure's, in the order the service reports them
  uint16_t element = 0;             // a list's member or a map's value
  uint16_t key = 0;                 // a map's key
};

// An operation and the index of its input shape.
struct Operation {
  std::string_view name;
  uint16_t input;
};

// Every shape of both APIs; the operation tables index into it.
extern const std::span<const Shape> kShapeTable;
// DynamoDB_20120810's operations, sorted by name.
extern const std::span<const Operation> kOperationTable;
// DynamoDBStreams_20120810's operations, sorted by name. No name is in both tables.
extern const std::span<const Operation> kStreamsOperationTable;

}  // namespace stator::api::shapes
