#!/usr/bin/python3
"""Generates api/service_shapes_generated.cc: the constraints of every DynamoDB request shape.

The service checks each request against its API model before anything else (required members,
lengths, ranges, patterns, enum values) and reports every violation together. The model is public:
botocore ships it (Debian python3-botocore). This script turns the input shapes of its
operations into the C++ table that api/shape_check.cc walks.

Run by hand after the model changes, and commit the output:

    /usr/bin/python3 tools/generate_shapes.py            # writes the file
    /usr/bin/python3 tools/generate_shapes.py --check    # exit 1 when the file is stale

tests/api/service_shapes_test.cc runs --check, so a stale table fails the tests.
"""

import argparse
import json
import os
import sys

DEFAULT_MODEL = "/usr/lib/python3/dist-packages/botocore/data/dynamodb/2012-08-10/service-2.json"
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

# The patterns the checker implements (api/shape_check.cc), by the model's text. A pattern not
# listed here is printed in no message and checked by nothing: the generator says which.
PATTERNS = {
    "[a-zA-Z0-9_.-]+": "kNameChars",
    "^[^\\$]+$": "kNoDollar",
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
    def __init__(self, model):
        self.shapes = model["shapes"]
        apply_current_service(self.shapes)
        self.operations = sorted((name, op["input"]["shape"])
                                 for name, op in model["operations"].items() if "input" in op)
        self.metadata = model.get("metadata", {})
        self.order = []  # shape names, in index order
        self.index = {}
        self.unchecked_patterns = set()
        for _, shape in self.operations:
            self.visit(shape)
        self.walk = self.compute_walk()

    def visit(self, name):
        if name in self.index:
            return
        self.index[name] = len(self.order)
        self.order.append(name)
        for child in self.children(name):
            self.visit(child)

    def children(self, name):
        s = self.shapes[name]
        if s["type"] == "structure":
            return [m["shape"] for m in s.get("members", {}).values()]
        if s["type"] == "list":
            return [s["member"]["shape"]]
        if s["type"] == "map":
            return [s["key"]["shape"], s["value"]["shape"]]
        return []

    def own_constraint(self, name):
        s = self.shapes[name]
        return (any(k in s for k in ("min", "max", "pattern", "enum")) or
                (s["type"] == "structure" and bool(s.get("required"))))

    def compute_walk(self):
        walk = {n: self.own_constraint(n) and n not in NOT_WALKED for n in self.order}
        changed = True
        while changed:
            changed = False
            for n in self.order:
                if walk[n] or n in NOT_WALKED:
                    continue
                if any(walk[c] for c in self.children(n)):
                    walk[n] = changed = True
        return walk

    def members_in_order(self, name):
        members = list(self.shapes[name].get("members", {}).keys())
        first = [m for m in MEMBER_ORDER.get(name, []) if m in members]
        return first + [m for m in members if m not in first]

    def shape_entry(self, name, out):
        # Every field is spelled out: GCC warns of designated initializers that leave some out.
        s = self.shapes[name]
        pattern, pattern_text = "kNone", ""
        if "pattern" in s:
            if s["pattern"] in PATTERNS:
                pattern, pattern_text = PATTERNS[s["pattern"]], s["pattern"]
            else:
                self.unchecked_patterns.add(s["pattern"])
        i = self.index[name]
        enum_values, enum_set = "{}", '""'
        if "enum" in s:
            enum_values = f"kEnum{i}"
            enum_set = cpp_string(ENUM_SET.get(name, "[" + ", ".join(s["enum"]) + "]"))
        element, key = 0, 0
        if s["type"] == "list":
            element = self.index[s["member"]["shape"]]
        if s["type"] == "map":
            element = self.index[s["value"]["shape"]]
            key = self.index[s["key"]["shape"]]
        fields = [
            f".name = {cpp_string(name)}",
            f".kind = Kind::{KINDS[s['type']]}",
            f".walk = {'true' if self.walk[name] else 'false'}",
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

    def generate(self):
        out = []
        version = self.metadata.get("apiVersion", "?")
        out.append("// Generated by tools/generate_shapes.py from the DynamoDB API model (botocore, "
                   "API version")
        out.append(f"// {version}). Do not edit: run /usr/bin/python3 tools/generate_shapes.py "
                   "instead.")
        out.append("// clang-format off")
        out.append('#include "api/service_shapes.h"')
        out.append("")
        out.append("namespace stator::api::shapes {")
        out.append("namespace {")
        out.append("")
        for name in self.order:
            s = self.shapes[name]
            i = self.index[name]
            if "enum" in s:
                values = ", ".join(cpp_string(v) for v in s["enum"])
                out.append(f"constexpr std::string_view kEnum{i}[] = {{{values}}};")
            if s["type"] == "structure":
                required = set(s.get("required", []))
                members = s.get("members", {})
                if not members:
                    out.append(f"constexpr std::span<const Member> kMembers{i};")
                    continue
                out.append(f"constexpr Member kMembers{i}[] = {{  // {name}")
                for m in self.members_in_order(name):
                    child = self.index[members[m]["shape"]]
                    req = "true" if m in required else "false"
                    out.append(f"    {{{cpp_string(m)}, {cpp_string(lower_camel(m))}, {child}, "
                               f"{req}}},")
                out.append("};")
        out.append("")
        out.append("}  // namespace")
        out.append("")
        out.append("const Shape kShapes[] = {")
        for name in self.order:
            self.shape_entry(name, out)
        out.append("};")
        out.append("")
        out.append("const Operation kOperations[] = {")
        for op, shape in self.operations:
            out.append(f"    {{{cpp_string(op)}, {self.index[shape]}}},")
        out.append("};")
        out.append("")
        out.append("const std::span<const Shape> kShapeTable(kShapes);")
        out.append("const std::span<const Operation> kOperationTable(kOperations);")
        out.append("")
        out.append("}  // namespace stator::api::shapes")
        return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--output", default=OUTPUT)
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed file instead of writing it")
    args = parser.parse_args()
    if args.check and not os.path.exists(args.model):
        print(f"skipped: no API model at {args.model} (Debian package python3-botocore)")
        return 77  # CTest's SKIP_RETURN_CODE for this test
    with open(args.model, encoding="utf-8") as f:
        generator = Generator(json.load(f))
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
