"""The workload generator: a random mix of every write path, each operation built together with
the effect the oracle predicts for it.

One Workload serves one writer and draws from that writer's own keys, so the oracle's image of
each key is exact when the operation is built. Every write gives its item a fresh write number
`w` (the GSI's sort key) and a marker `tx` naming the operation, adds and removes the index
keys `g` and `l` at random, and UpdateItem also `ADD`s 1 to a counter `cnt`, so applying a write
twice would show. Conditions are chosen to pass or, on purpose, to fail: the oracle knows which.

Thread safety: a Workload belongs to one writer thread.
"""

import dataclasses
import uuid

from table_shape import key_attributes

KEYS_PER_PARTITION = 4  # several sort keys per partition key, so the LSI has collections


@dataclasses.dataclass
class Operation:
    kind: str  # the DynamoDB operation name
    request: dict  # the boto3 client call's arguments, TableName included
    effects: dict  # key -> (image before, image after) were the request to take effect
    expect_success: bool  # False: the oracle predicts a refused condition
    expected_attributes: object = None  # what ReturnValues must return, when asked
    token: str = None  # ClientRequestToken of a transaction


class Workload:
    def __init__(self, writer, oracle, table, keys_per_writer, rng):
        self.writer, self.oracle, self.table, self.rng = writer, oracle, table, rng
        self.keys = [(f"w{writer}-p{i // KEYS_PER_PARTITION}", i % KEYS_PER_PARTITION)
                     for i in range(keys_per_writer)]
        self._next_number = 0
        self._builders = [(self._put, 25), (self._update, 25), (self._delete, 10),
                          (self._batch, 15), (self._transaction, 25)]

    def next(self):
        builders, weights = zip(*self._builders)
        return self.rng.choices(builders, weights)[0]()

    def _write_number(self):
        # Unique across writers, so every write changes its item and every GSI key is new.
        self._next_number += 1
        return self._next_number * 1000 + self.writer

    def _new_image(self, key, number, marker):
        image = key_attributes(key)
        image.update({"w": {"N": str(number)}, "tx": {"S": marker},
                      "pad": {"S": "x" * self.rng.randrange(0, 400)}})
        if self.rng.random() < 0.7:
            image["g"] = {"S": f"g{number % 7}"}
        if self.rng.random() < 0.7:
            image["l"] = {"N": str(number % 50)}
        return image

    def _pick_keys(self, low, high):
        return self.rng.sample(self.keys, self.rng.randint(low, high))

    # ---- PutItem -------------------------------------------------------------------------

    def _put(self):
        key = self.rng.choice(self.keys)
        before = self.oracle.image(key)
        number = self._write_number()
        after = self._new_image(key, number, f"put-{number}")
        request = {"TableName": self.table, "Item": after}
        passes = self._condition(request, before, fail_rate=0.1)
        if self.rng.random() < 0.5:
            request["ReturnValues"] = "ALL_OLD"
        return Operation("PutItem", request, {key: (before, after if passes else before)},
                         passes, expected_attributes=before if passes else None)

    def _condition(self, request, before, fail_rate):
        """Adds a condition (or none) to a single-item request; returns whether it holds."""
        choice = self.rng.random()
        if choice < 0.3:
            return True
        if self.rng.random() < fail_rate:
            request["ConditionExpression"] = "w = :expected_w"
            request["ExpressionAttributeValues"] = {":expected_w": {"N": "-1"}}
            return False
        if before is None:
            request["ConditionExpression"] = "attribute_not_exists(pk)"
        elif choice < 0.6:
            request["ConditionExpression"] = "attribute_exists(pk)"
        else:
            request["ConditionExpression"] = "w = :expected_w"
            request["ExpressionAttributeValues"] = {":expected_w": before["w"]}
        return True

    # ---- UpdateItem ----------------------------------------------------------------------

    def _update_parts(self, key, before, marker):
        """UpdateExpression, its values and the image it produces from `before`."""
        number = self._write_number()
        marker = marker or f"update-{number}"
        after = dict(before) if before else key_attributes(key)
        values = {":w": {"N": str(number)}, ":tx": {"S": marker}, ":one": {"N": "1"}}
        sets, removes = ["w = :w", "tx = :tx"], []
        after.update({"w": values[":w"], "tx": values[":tx"]})
        for name, value in (("g", {"S": f"g{number % 7}"}), ("l", {"N": str(number % 50)})):
            if self.rng.random() < 0.7:
                sets.append(f"{name} = :{name}")
                values[f":{name}"] = value
                after[name] = value
            else:
                removes.append(name)
                after.pop(name, None)
        after["cnt"] = {"N": str(int(after.get("cnt", {"N": "0"})["N"]) + 1)}
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes
                                                 else "") + " ADD cnt :one"
        return expression, values, after

    def _update(self):
        key = self.rng.choice(self.keys)
        before = self.oracle.image(key)
        expression, values, after = self._update_parts(key, before, marker=None)
        request = {"TableName": self.table, "Key": key_attributes(key),
                   "UpdateExpression": expression}
        passes = self._condition(request, before, fail_rate=0.1)
        request["ExpressionAttributeValues"] = {**values,
                                                **request.get("ExpressionAttributeValues", {})}
        expected = None
        if passes and self.rng.random() < 0.5:
            request["ReturnValues"] = self.rng.choice(["ALL_OLD", "ALL_NEW"])
            expected = before if request["ReturnValues"] == "ALL_OLD" else after
        return Operation("UpdateItem", request, {key: (before, after if passes else before)},
                         passes, expected_attributes=expected)

    # ---- DeleteItem ----------------------------------------------------------------------

    def _delete(self):
        key = self.rng.choice(self.keys)
        before = self.oracle.image(key)
        request = {"TableName": self.table, "Key": key_attributes(key)}
        passes = self._condition(request, before, fail_rate=0.1)
        if self.rng.random() < 0.5:
            request["ReturnValues"] = "ALL_OLD"
        return Operation("DeleteItem", request, {key: (before, None if passes else before)},
                         passes, expected_attributes=before if passes else None)

    # ---- BatchWriteItem ------------------------------------------------------------------

    def _batch(self):
        requests, effects = [], {}
        for key in self._pick_keys(2, 8):
            before = self.oracle.image(key)
            if before is not None and self.rng.random() < 0.3:
                requests.append({"DeleteRequest": {"Key": key_attributes(key)}})
                effects[key] = (before, None)
            else:
                number = self._write_number()
                after = self._new_image(key, number, f"batch-{number}")
                requests.append({"PutRequest": {"Item": after}})
                effects[key] = (before, after)
        return Operation("BatchWriteItem", {"RequestItems": {self.table: requests}}, effects,
                         True)

    # ---- TransactWriteItems --------------------------------------------------------------

    def _transaction(self):
        token = str(uuid.uuid4())
        marker = f"tx-{token}"
        actions, effects = [], {}
        keys = self._pick_keys(2, 5)
        for key in keys:
            before = self.oracle.image(key)
            action, after = self._transact_action(key, before, marker)
            actions.append(action)
            effects[key] = (before, after)
        spare = [k for k in self.keys if k not in effects]
        passes = not spare or self.rng.random() >= 0.1
        if not passes:  # a ConditionCheck that cannot hold cancels the whole transaction
            key = self.rng.choice(spare)
            actions.insert(self.rng.randrange(len(actions) + 1), {"ConditionCheck": {
                "TableName": self.table, "Key": key_attributes(key),
                "ConditionExpression": "w = :w", "ExpressionAttributeValues": {
                    ":w": {"N": "-1"}}}})
            effects = {key: (before, before) for key, (before, _) in effects.items()}
        return Operation("TransactWriteItems",
                         {"TransactItems": actions, "ClientRequestToken": token}, effects,
                         passes, token=token)

    def _transact_action(self, key, before, marker):
        """One action of a transaction on `key`, conditioned on what the oracle knows of it,
        and the image it leaves."""
        choice = self.rng.random()
        if before is not None and choice < 0.2:
            return {"Delete": {"TableName": self.table, "Key": key_attributes(key),
                               "ConditionExpression": "w = :w",
                               "ExpressionAttributeValues": {":w": before["w"]}}}, None
        if choice < 0.6:
            after = self._new_image(key, self._write_number(), marker)
            put = {"TableName": self.table, "Item": after}
            if before is None:
                put["ConditionExpression"] = "attribute_not_exists(pk)"
            else:
                put["ConditionExpression"] = "w = :w"
                put["ExpressionAttributeValues"] = {":w": before["w"]}
            return {"Put": put}, after
        expression, values, after = self._update_parts(key, before, marker)
        update = {"TableName": self.table, "Key": key_attributes(key),
                  "UpdateExpression": expression, "ExpressionAttributeValues": values}
        if before is None:
            update["ConditionExpression"] = "attribute_not_exists(pk)"
        else:
            update["ConditionExpression"] = "w = :before"
            values[":before"] = before["w"]
        return {"Update": update}, after
