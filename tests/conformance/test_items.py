"""Single-item operations: PutItem, GetItem, DeleteItem, UpdateItem (legacy AttributeUpdates).

Covers the ten attribute types, number normalisation and limits, key validation and item size.
"""

from conformance_util import expect_error

EVERY_TYPE = {
    "id": {"S": "every-type"},
    "s": {"S": "héllo ✓"},
    "empty_s": {"S": ""},
    "n": {"N": "-12.5"},
    "b": {"B": b"\x00\x01\xfe\xff"},
    "empty_b": {"B": b""},
    "ss": {"SS": ["a", "b", "c"]},
    "ns": {"NS": ["1", "2.5", "-3"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "bool": {"BOOL": True},
    "null": {"NULL": True},
    "l": {"L": [{"S": "x"}, {"N": "1"}, {"L": [{"BOOL": False}]}, {"M": {"k": {"NULL": True}}}]},
    "m": {"M": {"nested": {"M": {"deep": {"SS": ["z"]}, "list": {"L": []}}}, "e": {"S": ""}}},
}


def normalise(value):
    """Sets have no order; compare them as sets."""
    (kind, inner), = value.items()
    if kind in ("SS", "NS", "BS"):
        return {kind: sorted(inner)}
    if kind == "M":
        return {"M": {k: normalise(v) for k, v in inner.items()}}
    if kind == "L":
        return {"L": [normalise(v) for v in inner]}
    return value


def normalise_item(item):
    return {k: normalise(v) for k, v in item.items()}


def test_all_types_round_trip(client, table):
    client.put_item(TableName=table, Item=EVERY_TYPE)
    got = client.get_item(TableName=table, Key={"id": {"S": "every-type"}})["Item"]
    assert normalise_item(got) == normalise_item(EVERY_TYPE)


def test_consistent_read_and_missing_item(client, table):
    client.put_item(TableName=table, Item={"id": {"S": "k"}, "v": {"N": "1"}})
    got = client.get_item(TableName=table, Key={"id": {"S": "k"}}, ConsistentRead=True)
    assert got["Item"] == {"id": {"S": "k"}, "v": {"N": "1"}}
    missing = client.get_item(TableName=table, Key={"id": {"S": "absent"}}, ConsistentRead=True)
    assert "Item" not in missing


def test_attributes_to_get(client, table):
    client.put_item(TableName=table, Item={"id": {"S": "k"}, "a": {"S": "1"}, "b": {"S": "2"},
                                           "c": {"S": "3"}})
    got = client.get_item(TableName=table, Key={"id": {"S": "k"}}, AttributesToGet=["a", "c"])
    assert got["Item"] == {"a": {"S": "1"}, "c": {"S": "3"}}


def test_range_key_items_are_distinct(client, range_table):
    for sk in ("1", "2"):
        client.put_item(TableName=range_table, Item={"id": {"S": "p"}, "sk": {"N": sk},
                                                     "v": {"S": sk}})
    got = client.get_item(TableName=range_table, Key={"id": {"S": "p"}, "sk": {"N": "2"}})
    assert got["Item"]["v"] == {"S": "2"}
    # Numbers in keys are compared by value: 2.0 is the same key as 2.
    got = client.get_item(TableName=range_table, Key={"id": {"S": "p"}, "sk": {"N": "2.0"}})
    assert got["Item"]["v"] == {"S": "2"}


def test_numbers_are_normalised(client, table):
    item = {"id": {"S": "n"}, "a": {"N": "01.50"}, "b": {"N": "100.000"}, "c": {"N": "1E+2"},
            "d": {"N": "-0.0012300"}, "s": {"NS": ["01", "1.0e1"]}}
    client.put_item(TableName=table, Item=item)
    got = client.get_item(TableName=table, Key={"id": {"S": "n"}})["Item"]
    assert got["a"] == {"N": "1.5"}
    assert got["b"] == {"N": "100"}
    assert got["c"] == {"N": "100"}
    assert got["d"] == {"N": "-0.00123"}
    assert sorted(got["s"]["NS"]) == ["1", "10"]


def test_number_limits(client, table):
    def put(number):
        client.put_item(TableName=table, Item={"id": {"S": "n"}, "n": {"N": number}})

    put("9.9999999999999999999999999999999999999E+125")
    put("1E-130")
    put("12345678901234567890123456789012345678")
    expect_error("ValidationException",
                 "Attempting to store more than 38 significant digits in a Number",
                 put, "123456789012345678901234567890123456789")
    expect_error("ValidationException",
                 "Number overflow. Attempting to store a number with magnitude larger than "
                 "supported range", put, "1E+126")
    expect_error("ValidationException",
                 "Number underflow. Attempting to store a number with magnitude smaller than "
                 "supported range", put, "1E-131")


def test_missing_key_attribute(client, table):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Missing the key id in the item",
                 client.put_item, TableName=table, Item={"other": {"S": "x"}})


def test_key_type_mismatch(client, table):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Type mismatch for key id "
                 "expected: S actual: N",
                 client.put_item, TableName=table, Item={"id": {"N": "1"}})


def test_get_item_key_must_match_schema(client, table):
    message = "The provided key element does not match the schema"
    expect_error("ValidationException", message, client.get_item, TableName=table,
                 Key={"id": {"S": "x"}, "extra": {"S": "y"}})
    expect_error("ValidationException", message, client.get_item, TableName=table,
                 Key={"id": {"N": "1"}})
    expect_error("ValidationException", message, client.get_item, TableName=table,
                 Key={"other": {"S": "x"}})
    expect_error("ValidationException", message, client.delete_item, TableName=table,
                 Key={"id": {"S": "x"}, "extra": {"S": "y"}})


def test_empty_string_key(client, table):
    expect_error("ValidationException",
                 "One or more parameter values are not valid. The AttributeValue for a key "
                 "attribute cannot contain an empty string value. Key: id",
                 client.put_item, TableName=table, Item={"id": {"S": ""}})


def test_item_size_limit(client, table):
    # 400 KB counts names and values: "id" + "k" + "v" + 409,596 bytes = 409,600 exactly.
    client.put_item(TableName=table, Item={"id": {"S": "k"}, "v": {"S": "x" * 409596}})
    expect_error("ValidationException", "Item size has exceeded the maximum allowed size",
                 client.put_item, TableName=table,
                 Item={"id": {"S": "k"}, "v": {"S": "x" * 409597}})


def test_key_size_limits(client, range_table):
    client.put_item(TableName=range_table, Item={"id": {"S": "h" * 2048}, "sk": {"N": "1"}})
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Size of hashkey has exceeded the "
                 "maximum size limit of2048 bytes",
                 client.put_item, TableName=range_table,
                 Item={"id": {"S": "h" * 2049}, "sk": {"N": "1"}})


def test_sort_key_size_limit(client, tables):
    name = tables.create(range_key=("sk", "S"))
    client.put_item(TableName=name, Item={"id": {"S": "p"}, "sk": {"S": "r" * 1024}})
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Aggregated size of all range keys "
                 "has exceeded the size limit of 1024 bytes",
                 client.put_item, TableName=name, Item={"id": {"S": "p"}, "sk": {"S": "r" * 1025}})


def test_put_item_return_values(client, table):
    first = client.put_item(TableName=table, Item={"id": {"S": "k"}, "v": {"N": "1"}},
                            ReturnValues="ALL_OLD")
    assert "Attributes" not in first
    second = client.put_item(TableName=table, Item={"id": {"S": "k"}, "v": {"N": "2"}},
                             ReturnValues="ALL_OLD")
    assert second["Attributes"] == {"id": {"S": "k"}, "v": {"N": "1"}}
    plain = client.put_item(TableName=table, Item={"id": {"S": "k"}, "v": {"N": "3"}})
    assert "Attributes" not in plain


def test_delete_item(client, table):
    client.put_item(TableName=table, Item={"id": {"S": "k"}, "v": {"S": "old"}})
    deleted = client.delete_item(TableName=table, Key={"id": {"S": "k"}}, ReturnValues="ALL_OLD")
    assert deleted["Attributes"] == {"id": {"S": "k"}, "v": {"S": "old"}}
    assert "Item" not in client.get_item(TableName=table, Key={"id": {"S": "k"}})
    again = client.delete_item(TableName=table, Key={"id": {"S": "k"}}, ReturnValues="ALL_OLD")
    assert "Attributes" not in again


def seed(client, table):
    client.put_item(TableName=table, Item={
        "id": {"S": "u"}, "count": {"N": "5"}, "tags": {"SS": ["a", "b", "c"]},
        "keep": {"S": "same"}, "gone": {"S": "bye"}})


UPDATES = {
    "count": {"Action": "ADD", "Value": {"N": "2"}},
    "tags": {"Action": "DELETE", "Value": {"SS": ["b"]}},
    "gone": {"Action": "DELETE"},
    "name": {"Action": "PUT", "Value": {"S": "new"}},
}


def update(client, table, return_values):
    return client.update_item(TableName=table, Key={"id": {"S": "u"}}, AttributeUpdates=UPDATES,
                              ReturnValues=return_values)


def test_update_item_legacy_actions(client, table):
    seed(client, table)
    assert "Attributes" not in update(client, table, "NONE")
    item = client.get_item(TableName=table, Key={"id": {"S": "u"}})["Item"]
    assert item["count"] == {"N": "7"}
    assert sorted(item["tags"]["SS"]) == ["a", "c"]
    assert "gone" not in item
    assert item["name"] == {"S": "new"}
    assert item["keep"] == {"S": "same"}


def test_update_item_add_to_set_and_create_item(client, table):
    result = client.update_item(
        TableName=table, Key={"id": {"S": "fresh"}}, ReturnValues="ALL_NEW",
        AttributeUpdates={"s": {"Action": "ADD", "Value": {"NS": ["1", "2"]}},
                          "n": {"Action": "ADD", "Value": {"N": "3"}}})
    assert result["Attributes"]["id"] == {"S": "fresh"}
    assert sorted(result["Attributes"]["s"]["NS"]) == ["1", "2"]
    assert result["Attributes"]["n"] == {"N": "3"}
    result = client.update_item(
        TableName=table, Key={"id": {"S": "fresh"}}, ReturnValues="UPDATED_NEW",
        AttributeUpdates={"s": {"Action": "ADD", "Value": {"NS": ["2", "3"]}}})
    assert sorted(result["Attributes"]["s"]["NS"]) == ["1", "2", "3"]


def test_update_item_return_all_old(client, table):
    seed(client, table)
    old = update(client, table, "ALL_OLD")["Attributes"]
    assert old["count"] == {"N": "5"}
    assert old["gone"] == {"S": "bye"}
    assert old["keep"] == {"S": "same"}
    assert "name" not in old


def test_update_item_return_updated_old(client, table):
    seed(client, table)
    old = update(client, table, "UPDATED_OLD")["Attributes"]
    assert old["count"] == {"N": "5"}
    assert sorted(old["tags"]["SS"]) == ["a", "b", "c"]
    assert old["gone"] == {"S": "bye"}
    assert "keep" not in old and "id" not in old and "name" not in old


def test_update_item_return_all_new(client, table):
    seed(client, table)
    new = update(client, table, "ALL_NEW")["Attributes"]
    assert new["id"] == {"S": "u"}
    assert new["count"] == {"N": "7"}
    assert new["keep"] == {"S": "same"}
    assert new["name"] == {"S": "new"}
    assert "gone" not in new


def test_update_item_return_updated_new(client, table):
    seed(client, table)
    new = update(client, table, "UPDATED_NEW")["Attributes"]
    assert new["count"] == {"N": "7"}
    assert sorted(new["tags"]["SS"]) == ["a", "c"]
    assert new["name"] == {"S": "new"}
    assert "keep" not in new and "id" not in new and "gone" not in new


def test_get_item_needs_the_whole_key(client, range_table):
    expect_error("ValidationException", "The provided key element does not match the schema",
                 client.get_item, TableName=range_table, Key={"id": {"S": "p"}})


def test_empty_sets_are_refused(client, table):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: An string set  may not be empty",
                 client.put_item, TableName=table, Item={"id": {"S": "k"}, "s": {"SS": []}})
    expect_error("ValidationException",
                 "One or more parameter values were invalid: An number set  may not be empty",
                 client.put_item, TableName=table, Item={"id": {"S": "k"}, "s": {"NS": []}})


def test_update_item_cannot_change_the_key(client, table):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Cannot update attribute id. "
                 "This attribute is part of the key",
                 client.update_item, TableName=table, Key={"id": {"S": "k"}},
                 AttributeUpdates={"id": {"Action": "PUT", "Value": {"S": "other"}}})


def test_attribute_names_are_at_most_65535_bytes(client, table):
    # Measured against the service (ExtendDB/extenddb#365): the same message at every depth,
    # through PutItem, BatchWriteItem, UpdateItem's values and ExpressionAttributeNames.
    too_large = ("1 validation error detected: Attribute name is too large, must be less than "
                 "65536 bytes")
    key = {"id": {"S": "long-names"}}
    client.put_item(TableName=table, Item={**key, "a" * 65535: {"S": "v"}})
    name = "a" * 65536
    expect_error("ValidationException", too_large, client.put_item, TableName=table,
                 Item={**key, name: {"S": "v"}})
    expect_error("ValidationException", too_large, client.put_item, TableName=table,
                 Item={**key, "m": {"M": {name: {"S": "v"}}}})
    expect_error("ValidationException", too_large, client.batch_write_item,
                 RequestItems={table: [{"PutRequest": {"Item": {**key, name: {"S": "v"}}}}]})
    expect_error("ValidationException", too_large, client.update_item, TableName=table, Key=key,
                 UpdateExpression="SET #n = :v", ExpressionAttributeNames={"#n": name},
                 ExpressionAttributeValues={":v": {"S": "v"}})
    expect_error("ValidationException", too_large, client.update_item, TableName=table, Key=key,
                 UpdateExpression="SET doc = :v",
                 ExpressionAttributeValues={":v": {"M": {name: {"S": "v"}}}})
