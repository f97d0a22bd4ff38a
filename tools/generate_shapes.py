#!/usr/bin/python3
"""Generates api/service_shapes_generated.cc: the constraints of every request shape of the two
APIs Stator serves, DynamoDB (DynamoDB_20120810) and DynamoDB Streams (DynamoDBStreams_20120810).

The service checks each request against its API model before anything else (required members,
lengths, ranges, patterns, enum values) and reports every violation together. The models are
public: botocore ships them (Debian python3-botocore). This script turns the input shapes of their
operations into the C++ table that api/shape_check.cc walks: one table of shapes, and one table of
operations per API.

Run by hand after the model changes, and commit the output:

    /usr/bin/python3 tools/generate_shapes.py            # writes the file
    /usr/bin/python3 tools/generate_shapes.py --check    # exit 1 when the file is stale

The CTest service_shapes_current runs --check, so a stale table (of either API) fails the tests.
"""

import argparse
import json
import os
import sys

BOTOCORE_DATA = "/usr/lib/python3/dist-packages/botocore/data"
DEFAULT_MODEL = BOTOCORE_DATA + "/dynamodb/2012-08-10/service-2.json"
DEFAULT_STREAMS_MODEL = BOTOCORE_DATA + "/dynamodbstreams/2012-08-10/service-2.json"
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api",
                      "service_shapes_generated.cc")

# The order in which the service lists the violations of an operation's members where it is not
# the model's order: recorded from the service's messages by the hand-written decoders
# (api/codec_item.cc, api/codec_query.cc). Members the list leaves out follow in model order.
MEMBER_ORDER = {
    "PutItemInput": ["ReturnConsumedCapacity", "TableName", "Item", "ReturnValues",
                     "ReturnItemCollectionMetrics", "ReturnValuesOnConditionCheckFailure",
                     "ConditionExpression", "Expected", "ConditionalOperator",
                     "ExpressionAttributeNames", "ExpressionAttributeValues"],
    "DeleteItemInput": ["ReturnConsumedCapacity", "TableName", "Key", "ReturnValues",
                        "ReturnItemCollectionMetrics", "ReturnValuesOnConditionCheckFailure",
                        "ConditionExpression", "Expected", "ConditionalOperator",
                        "ExpressionAttributeNames", "ExpressionAttributeValues"],
    "UpdateItemInput": ["ReturnConsumedCapacity", "TableName", "Key", "ReturnValues",
                        "ReturnItemCollectionMetrics", "ReturnValuesOnConditionCheckFailure",
                        "ConditionExpression", "Expected", "ConditionalOperator",
                        "ExpressionAttributeNames", "ExpressionAttributeValues",
                        "AttributeUpdates", "UpdateExpression"],
    "GetItemInput": ["ReturnConsumedCapacity", "TableName", "Key", "ConsistentRead",
                     "AttributesToGet", "ProjectionExpression", "ExpressionAttributeNames"],
    "QueryInput": ["KeyConditions", "QueryFilter", "ReturnConsumedCapacity", "AttributesToGet",
                   "TableName", "Select", "IndexName", "Limit", "ConsistentRead",
                   "ConditionalOperator", "FilterExpression", "ProjectionExpression",
                   "ExpressionAttributeNames", "ExpressionAttributeValues", "ExclusiveStartKey",
                   "KeyConditionExpression", "ScanIndexForward"],
    "ScanInput": ["ScanFilter", "ReturnConsumedCapacity", "AttributesToGet", "TableName",
                  "Select", "IndexName", "Limit", "ConsistentRead", "ConditionalOperator",
                  "FilterExpression", "ProjectionExpression", "ExpressionAttributeNames",
                  "ExpressionAttributeValues", "ExclusiveStartKey", "Segment", "TotalSegments"],
}

# The order in which the service prints an enum's value set ("Member must satisfy enum value set:
# [...]") where it is not the model's: recorded from the service's messages (api/codec_enums.h,
# api/codec_table.cc, api/codec_query.cc, api/codec_backups.cc).
ENUM_SET = {
    "Select": "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
    "ReturnValue": "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    "ComparisonOperator":
        "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]",
    "AttributeAction": "[ADD, PUT, DELETE]",
    "ScalarAttributeType": "[B, N, S]",
    "ProjectionType": "[ALL, INCLUDE, KEYS_ONLY]",
    "StreamViewType": "[OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]",
    "BackupTypeFilter": "[USER, SYSTEM, AWS_BACKUP, ALL]",
}

# Shapes not walked: an AttributeValue's own rules (one type, set contents, numbers, nesting,
# names) are checked by the decoder and the engine with the service's semantic messages, after
# every shape constraint of the request.
NOT_WALKED = {"AttributeValue"}

# The patterns the checker implements (api/shape_check.cc), by the model's text, for each API. A
# pattern not listed here is printed in no message and checked by nothing: the generator says
# which. The two front ends differ on an empty value: DynamoDB's holds '' at 'indexName' to its
# length bounds only, as the engine's name checks (engine/model/names.cc) have it; the Streams
# front end, like the other Coral services (Kinesis answers '' at 'streamName' with both the
# pattern and the length, kinesalite's recorded messages), applies the pattern to '' as well.
PATTERNS = {
    "[a-zA-Z0-9_.-]+": "kNameChars",
    "^[^\\$]+$": "kNoDollar",
    "([0-9a-f]{16})+": "kImportToken",
    "[,;:|\\t ]": "kCsvDelimiter",
    "[0-9]{12}": "kAccountId",
    "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*": "kXmlText",
    "[\\x20-\\x21\\x23-\\x2B\\x2D-\\x7E]*": "kCsvHeader",
    "\\p{Print}+": "kPrintable",
    "^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$": "kS3Bucket",
}
STREAMS_PATTERNS = {
    "[a-zA-Z0-9_.-]+": "kNameCharsNotEmpty",
}


def apply_current_service(shapes):
    """Where the current service departs from the installed model (older than the service), the
    service wins. Each change names its source."""
    # The service takes a table's ARN wherever it takes its name: its current model's TableName
    # members are of shape TableArn, 1 to 1024 characters without a pattern (API reference:
    # "The name or ARN of the table", "Minimum length of 1. Maximum length of 1024"; PutItem with
    # TableName '' answers "Member must have length greater than or equal to 1",
    # nubo-db/dynoxide#11). A name's own rules (3 to 255 characters, [a-zA-Z0-9_.-]+) are the
    # engine's (engine/model/names.cc), applied to the name an ARN names.
    shapes["TableNameOrArn"] = {"type": "string", "min": 1, "max": 1024}
    for shape in shapes.values():
        for name, member in shape.get("members", {}).items():
            if name == "TableName" and member["shape"] == "TableName":
                member["shape"] = "TableNameOrArn"
    for name in ("BatchGetRequestMap", "BatchWriteItemRequestMap"):
        shapes[name]["key"]["shape"] = "TableNameOrArn"
    # A GSI's key schema holds up to 4 HASH and 4 RANGE elements since November 2025; the
    # engine checks an index's key schema with the service's "Invalid KeySchema: ..." messages
    # (engine/indexes/index_validation.cc), which an LSI with three elements gets too. A table's
    # key schema keeps its bound of 2 (CreateTable with three elements answers "... at
    # 'keySchema' failed to satisfy constraint: Member must have length less than or equal to
    # 2", nubo-db/dynoxide#11).
    index_key_schema = dict(shapes["KeySchema"])
    index_key_schema.pop("max", None)
    shapes["IndexKeySchema"] = index_key_schema
    for name in ("GlobalSecondaryIndex", "LocalSecondaryIndex", "CreateGlobalSecondaryIndexAction"):
        shapes[name]["members"]["KeySchema"]["shape"] = "IndexKeySchema"
    # The number of tables and keys in a batch is checked by the service's own code, in its own
    # words: "The requestItems parameter is required for BatchWriteItem", "Too many items
    # requested for the BatchWriteItem call", "Value at 'RequestItems.<t>.member.Keys' ..."
    # (engine/items/batch_operations.cc).
    for name in ("BatchGetRequestMap", "BatchWriteItemRequestMap", "KeyList"):
        shapes[name].pop("min", None)
        shapes[name].pop("max", None)
    # An item's attribute names are held to 65,535 bytes by the service's own code, at every
    # depth, in its own words: "1 validation error detected: Attribute name is too large, must be
    # less than 65536 bytes" (measured against the service, ExtendDB/extenddb#365), not by the
    # model's AttributeName bound on the keys of attribute maps.
    # The same holds of the names ExpressionAttributeNames stands for.
    shapes["AttributeMapKey"] = {"type": "string"}
    for shape in shapes.values():
        if shape["type"] == "map" and shape["value"]["shape"] == "AttributeValue":
            shape["key"]["shape"] = "AttributeMapKey"
    shapes["ExpressionAttributeNameMap"]["value"]["shape"] = "AttributeMapKey"
    # A GSI's Update action may carry OnDemandThroughput (or WarmThroughput) instead of
    # ProvisionedThroughput since 2024: only IndexName is required (API reference,
    # UpdateGlobalSecondaryIndexAction: "ProvisionedThroughput ... Required: No"). The engine
    # checks what the action carries against the table's billing mode, in the service's words.
    update_gsi = shapes["UpdateGlobalSecondaryIndexAction"]
    update_gsi["required"] = [m for m in update_gsi.get("required", [])
                              if m != "ProvisionedThroughput"]


def apply_current_streams(shapes):
    """The Streams API's bounds that its model leaves out: each Limit's upper bound, which the API
    reference states in words ("The upper limit is 100", "... is 1000") and the service enforces
    as a constraint of the member ("Value '101' at 'limit' failed to satisfy constraint: Member
    must have value less than or equal to 100")."""
    for operation, most in (("ListStreams", 100), ("DescribeStream", 100), ("GetRecords", 1000)):
        limit = operation + "Limit"
        shapes[limit] = dict(shapes["PositiveIntegerObject"], max=most)
        shapes[operation + "Input"]["members"]["Limit"]["shape"] = limit


class Api:
    """One API model and what the generator needs to know of it beyond the model."""

    def __init__(self, key, model, table, adjust, member_order, enum_set, patterns):
        self.key = key  # distinguishes its shapes from another API's of the same name
        self.shapes = model["shapes"]
        adjust(self.shapes)
        self.operations = sorted((name, op["input"]["shape"])
                                 for name, op in model["operations"].items() if "input" in op)
        self.version = model.get("metadata", {}).get("apiVersion", "?")
        self.table = table  # the C++ name of its operation table
        self.member_order = member_order
        self.enum_set = enum_set
        self.patterns = patterns


def load_apis(dynamodb_path, streams_path):
    def load(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return [
        Api("dynamodb", load(dynamodb_path), "kOperations", apply_current_service, MEMBER_ORDER,
            ENUM_SET, PATTERNS),
        Api("streams", load(streams_path), "kStreamsOperations", apply_current_streams, {}, {},
            STREAMS_PATTERNS),
    ]


KINDS = {
    "structure": "kStructure", "list": "kList", "map": "kMap", "string": "kString",
    "integer": "kInteger", "long": "kLong", "double": "kDouble", "boolean": "kBoolean",
    "blob": "kBlob", "timestamp": "kTimestamp",
}


def lower_camel(name):
    return name[:1].lower() + name[1:]


def cpp_string(text):
    return json.dumps(text, ensure_ascii=False)


class Generator:
    """Numbers the shapes of every API in one table; a shape is known by (API, name)."""

    def __init__(self, apis):
        self.apis = apis
        self.order = []  # (api, name), in index order
        self.index = {}
        self.unchecked_patterns = set()
        names = [op for api in apis for op, _ in api.operations]
        if len(names) != len(set(names)):
            raise SystemExit("an operation name is in two APIs: the checker finds it by name")
        for api in apis:
            for _, shape in api.operations:
                self.visit(api, shape)
        self.walk = self.compute_walk()

    @staticmethod
    def shape(ref):
        api, name = ref
        return api.shapes[name]

    def visit(self, api, name):
        ref = (api, name)
        if ref in self.index:
            return
        self.index[ref] = len(self.order)
        self.order.append(ref)
        for child in self.children(ref):
            self.visit(*child)

    def children(self, ref):
        api, _ = ref
        s = self.shape(ref)
        if s["type"] == "structure":
            return [(api, m["shape"]) for m in s.get("members", {}).values()]
        if s["type"] == "list":
            return [(api, s["member"]["shape"])]
        if s["type"] == "map":
            return [(api, s["key"]["shape"]), (api, s["value"]["shape"])]
        return []

    def own_constraint(self, ref):
        s = self.shape(ref)
        return (any(k in s for k in ("min", "max", "pattern", "enum")) or
                (s["type"] == "structure" and bool(s.get("required"))))

    def compute_walk(self):
        walk = {r: self.own_constraint(r) and r[1] not in NOT_WALKED for r in self.order}
        changed = True
        while changed:
            changed = False
            for r in self.order:
                if walk[r] or r[1] in NOT_WALKED:
                    continue
                if any(walk[c] for c in self.children(r)):
                    walk[r] = changed = True
        return walk

    def members_in_order(self, ref):
        api, name = ref
        members = list(self.shape(ref).get("members", {}).keys())
        first = [m for m in api.member_order.get(name, []) if m in members]
        return first + [m for m in members if m not in first]

    def shape_entry(self, ref, out):
        # Every field is spelled out: GCC warns of designated initializers that leave some out.
        api, name = ref
        s = self.shape(ref)
        pattern, pattern_text = "kNone", ""
        if "pattern" in s:
            if s["pattern"] in api.patterns:
                pattern, pattern_text = api.patterns[s["pattern"]], s["pattern"]
            else:
                self.unchecked_patterns.add(s["pattern"])
        i = self.index[ref]
        enum_values, enum_set = "{}", '""'
        if "enum" in s:
            enum_values = f"kEnum{i}"
            enum_set = cpp_string(api.enum_set.get(name, "[" + ", ".join(s["enum"]) + "]"))
        element, key = 0, 0
        if s["type"] == "list":
            element = self.index[(api, s["member"]["shape"])]
        if s["type"] == "map":
            element = self.index[(api, s["value"]["shape"])]
            key = self.index[(api, s["key"]["shape"])]
        fields = [
            f".name = {cpp_string(name)}",
            f".kind = Kind::{KINDS[s['type']]}",
            f".walk = {'true' if self.walk[ref] else 'false'}",
            f".min = {int(s['min'])}" if "min" in s else ".min = kNoMin",
            f".max = {int(s['max'])}" if "max" in s else ".max = kNoMax",
            f".pattern = Pattern::{pattern}",
            f".pattern_text = {cpp_string(pattern_text)}",
            f".enum_values = {enum_values}",
            f".enum_set = {enum_set}",
            f".members = kMembers{i}" if s["type"] == "structure" else ".members = {}",
            f".element = {element}",
            f".key = {key}",
        ]
        out.append("    {" + ", ".join(fields) + "},")

    def constants(self, ref, out):
        """A shape's enum values and structure members, which its entry points to."""
        api, name = ref
        s = self.shape(ref)
        i = self.index[ref]
        if "enum" in s:
            values = ", ".join(cpp_string(v) for v in s["enum"])
            out.append(f"constexpr std::string_view kEnum{i}[] = {{{values}}};")
        if s["type"] != "structure":
            return
        required = set(s.get("required", []))
        members = s.get("members", {})
        if not members:
            out.append(f"constexpr std::span<const Member> kMembers{i};")
            return
        out.append(f"constexpr Member kMembers{i}[] = {{  // {name}")
        for m in self.members_in_order(ref):
            child = self.index[(api, members[m]["shape"])]
            req = "true" if m in required else "false"
            out.append(f"    {{{cpp_string(m)}, {cpp_string(lower_camel(m))}, {child}, "
                       f"{req}}},")
        out.append("};")

    def generate(self):
        versions = ", ".join(sorted({api.version for api in self.apis}))
        out = [
            "// Generated by tools/generate_shapes.py from the DynamoDB and DynamoDB Streams API "
            "models",
            f"// (botocore, API version {versions}). Do not edit: run /usr/bin/python3 "
            "tools/generate_shapes.py",
            "// instead.",
            "// clang-format off",
            '#include "api/service_shapes.h"',
            "",
            "namespace stator::api::shapes {",
            "namespace {",
            "",
        ]
        for ref in self.order:
            self.constants(ref, out)
        out.append("")
        out.append("}  // namespace")
        out.append("")
        out.append("const Shape kShapes[] = {")
        for ref in self.order:
            self.shape_entry(ref, out)
        out.append("};")
        for api in self.apis:
            out.append("")
            out.append(f"const Operation {api.table}[] = {{")
            for op, shape in api.operations:
                out.append(f"    {{{cpp_string(op)}, {self.index[(api, shape)]}}},")
            out.append("};")
        out.append("")
        out.append("const std::span<const Shape> kShapeTable(kShapes);")
        out.append("const std::span<const Operation> kOperationTable(kOperations);")
        out.append("const std::span<const Operation> kStreamsOperationTable(kStreamsOperations);")
        out.append("")
        out.append("}  // namespace stator::api::shapes")
        return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL, help="the DynamoDB API model")
    parser.add_argument("--streams-model", default=DEFAULT_STREAMS_MODEL,
                        help="the DynamoDB Streams API model")
    parser.add_argument("--output", default=OUTPUT)
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed file instead of writing it")
    args = parser.parse_args()
    for path in (args.model, args.streams_model):
        if args.check and not os.path.exists(path):
            print(f"skipped: no API model at {path} (Debian package python3-botocore)")
            return 77  # CTest's SKIP_RETURN_CODE for this test
    generator = Generator(load_apis(args.model, args.streams_model))
    text = generator.generate()
    if args.check:
        with open(args.output, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{args.output} is stale: run tools/generate_shapes.py", file=sys.stderr)
                return 1
        return 0
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    for pattern in sorted(generator.unchecked_patterns):
        print(f"pattern not checked: {pattern}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
