// JS SDK v3 scenario: a table's life through @aws-sdk/client-dynamodb and lib-dynamodb.
//
// Runs against the server stator_server.mjs provides. Covers features newer than Debian's
// botocore (DeletionProtectionEnabled and resource-based policies), and the time-to-live set-up
// ORMs built on this SDK perform (dynamoose's `expires`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DeleteResourcePolicyCommand, DeleteTableCommand, DescribeTableCommand,
  DescribeTimeToLiveCommand, DynamoDBClient, GetResourcePolicyCommand, PutResourcePolicyCommand,
  UpdateTableCommand, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { acquireEndpoint, credentials, region, uniqueName } from './stator_server.mjs';

let server;
let client;
let doc;

before(async () => {
  server = await acquireEndpoint();
  client = new DynamoDBClient({ endpoint: server.endpoint, region, credentials, maxAttempts: 1 });
  doc = DynamoDBDocumentClient.from(client);
});

after(() => {
  client?.destroy();
  server?.stop();
});

async function waitActive(name) {
  for (let i = 0; i < 600; i += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table.TableStatus === 'ACTIVE') return Table;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} never became ACTIVE`);
}

async function createTable(name, extra = {}) {
  const out = await client.send(new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    ...extra,
  }));
  await waitActive(name);
  return out.TableDescription;
}

test('table and item lifecycle', async () => {
  const name = uniqueName('stator_js');
  const created = await createTable(name);
  assert.equal(created.TableName, name);

  const table = await waitActive(name);
  assert.equal(table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(table.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);

  await doc.send(new PutCommand({
    TableName: name,
    Item: { id: 'js-1', count: 1, nested: { list: [1, 'two', null], flag: true } },
  }));
  const got = await doc.send(new GetCommand({ TableName: name, Key: { id: 'js-1' },
    ConsistentRead: true }));
  assert.deepEqual(got.Item, { id: 'js-1', count: 1,
    nested: { list: [1, 'two', null], flag: true } });

  const updated = await doc.send(new UpdateCommand({
    TableName: name,
    Key: { id: 'js-1' },
    AttributeUpdates: { count: { Action: 'ADD', Value: 41 }, label: { Action: 'PUT',
      Value: 'x' } },
    ReturnValues: 'ALL_NEW',
  }));
  assert.equal(updated.Attributes.count, 42);
  assert.equal(updated.Attributes.label, 'x');

  const deleted = await doc.send(new DeleteCommand({ TableName: name, Key: { id: 'js-1' },
    ReturnValues: 'ALL_OLD' }));
  assert.equal(deleted.Attributes.count, 42);
  const gone = await doc.send(new GetCommand({ TableName: name, Key: { id: 'js-1' } }));
  assert.equal(gone.Item, undefined);

  await client.send(new DeleteTableCommand({ TableName: name }));
});

test('deletion protection refuses DeleteTable until turned off', async () => {
  const name = uniqueName('stator_js');
  const created = await createTable(name, { DeletionProtectionEnabled: true });
  assert.equal(created.DeletionProtectionEnabled, true);

  await assert.rejects(client.send(new DeleteTableCommand({ TableName: name })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.message, 'Resource cannot be deleted as it is currently protected against '
      + 'deletion. Disable deletion protection first.');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });

  await client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
  const table = await waitActive(name);
  assert.equal(table.DeletionProtectionEnabled, false);
  await client.send(new DeleteTableCommand({ TableName: name }));
});

test('resource policy put, get, delete', async () => {
  const name = uniqueName('stator_js');
  const { TableArn: arn } = await createTable(name);
  const account = arn.split(':')[4];
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'dynamodb:GetItem', Resource: arn }],
  });

  const put = await client.send(new PutResourcePolicyCommand({ ResourceArn: arn,
    Policy: policy }));
  assert.ok(put.RevisionId);
  const got = await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }));
  assert.deepEqual(JSON.parse(got.Policy), JSON.parse(policy));
  assert.equal(got.RevisionId, put.RevisionId);

  const removed = await client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn }));
  assert.ok(removed.RevisionId);
  await assert.rejects(client.send(new GetResourcePolicyCommand({ ResourceArn: arn })), (err) => {
    assert.equal(err.name, 'PolicyNotFoundException');
    assert.equal(err.message,
      `Resource-based policy not found for the provided ResourceArn: ${arn}`);
    return true;
  });
  await client.send(new DeleteTableCommand({ TableName: name }));
});

test('time to live enabled as an ORM enables it at set-up', async () => {
  const name = uniqueName('stator_js');
  await createTable(name);
  const spec = { Enabled: true, AttributeName: 'expires' };
  const updated = await client.send(new UpdateTimeToLiveCommand({ TableName: name,
    TimeToLiveSpecification: spec }));
  assert.deepEqual(updated.TimeToLiveSpecification, spec);
  const described = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  assert.deepEqual(described.TimeToLiveDescription,
    { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
  await assert.rejects(client.send(new UpdateTimeToLiveCommand({ TableName: name,
    TimeToLiveSpecification: spec })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.message, 'TimeToLive is already enabled');
    return true;
  });
  await client.send(new DeleteTableCommand({ TableName: name }));
});
