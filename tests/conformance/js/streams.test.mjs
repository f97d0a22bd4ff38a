// JS SDK v3 scenario: a consumer reading a table's stream with DynamoDBStreamsClient.
//
// Reads every shard from TRIM_HORIZON, parents before children, polling with a short deadline
// (the real service may take a moment to show a record), and checks the records a
// NEW_AND_OLD_IMAGES stream documents for each kind of change, in order per item.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DescribeTableCommand,
  DynamoDBClient, PutItemCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { acquireEndpoint, credentials, region, uniqueName } from './stator_server.mjs';

let server;
let client;
let streams;

before(async () => {
  server = await acquireEndpoint();
  const config = { endpoint: server.endpoint, region, credentials, maxAttempts: 1 };
  client = new DynamoDBClient(config);
  streams = new DynamoDBStreamsClient(config);
});

after(() => {
  client?.destroy();
  streams?.destroy();
  server?.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function createStreamTable(viewType) {
  const name = uniqueName('stator_js_streams');
  const { TableDescription } = await client.send(new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
  }));
  for (let i = 0; i < 600; i += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table.TableStatus === 'ACTIVE') break;
    await sleep(100);
  }
  return { name, arn: TableDescription.LatestStreamArn };
}

async function listShards(arn) {
  const shards = [];
  let start;
  do {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({
      StreamArn: arn, ExclusiveStartShardId: start,
    }));
    shards.push(...StreamDescription.Shards);
    start = StreamDescription.LastEvaluatedShardId;
  } while (start);
  return shards;
}

function parentsFirst(shards) {
  const byId = new Map(shards.map((s) => [s.ShardId, s]));
  const ordered = [];
  const seen = new Set();
  const visit = (shard) => {
    if (seen.has(shard.ShardId)) return;
    const parent = byId.get(shard.ParentShardId);
    if (parent) visit(parent);
    seen.add(shard.ShardId);
    ordered.push(shard);
  };
  shards.forEach(visit);
  return ordered;
}

// Reads a shard from an iterator until an empty page (open shard) or, for a closed shard, until
// NextShardIterator is left out.
async function drain(iterator, closed) {
  const records = [];
  for (let calls = 0; calls < 200 && iterator; calls += 1) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    assert.ok(Array.isArray(page.Records));
    records.push(...page.Records);
    iterator = page.NextShardIterator;
    if (page.Records.length === 0 && !closed) break;
  }
  return records;
}

async function iteratorFor(arn, shardId, type, sequenceNumber) {
  const { ShardIterator } = await streams.send(new GetShardIteratorCommand({
    StreamArn: arn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber,
  }));
  return ShardIterator;
}

async function readStream(arn) {
  const out = [];
  for (const shard of parentsFirst(await listShards(arn))) {
    const closed = shard.SequenceNumberRange.EndingSequenceNumber !== undefined;
    const iterator = await iteratorFor(arn, shard.ShardId, 'TRIM_HORIZON');
    for (const record of await drain(iterator, closed)) {
      out.push({ shardId: shard.ShardId, record });
    }
  }
  return out;
}

async function waitRecords(arn, count, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await readStream(arn);
    if (seen.length >= count) break;
    await sleep(100);
  }
  return seen;
}

test('a consumer reads every change in order with NEW_AND_OLD_IMAGES', async () => {
  const started = Math.floor(Date.now() / 1000) - 1;
  const { name, arn } = await createStreamTable('NEW_AND_OLD_IMAGES');
  const key = { id: { S: 'js-1' } };
  try {
    const listed = await streams.send(new ListStreamsCommand({ TableName: name }));
    assert.deepEqual(listed.Streams.map((s) => [s.StreamArn, s.TableName]), [[arn, name]]);

    await client.send(new PutItemCommand({ TableName: name,
      Item: { ...key, n: { N: '1' }, tags: { L: [{ S: 'a' }] } } }));
    // The same item again changes nothing, so the stream records nothing.
    await client.send(new PutItemCommand({ TableName: name,
      Item: { ...key, n: { N: '1' }, tags: { L: [{ S: 'a' }] } } }));
    await client.send(new UpdateItemCommand({ TableName: name, Key: key,
      UpdateExpression: 'SET n = n + :one REMOVE tags',
      ExpressionAttributeValues: { ':one': { N: '1' } } }));
    await client.send(new DeleteItemCommand({ TableName: name, Key: key }));
    await client.send(new DeleteItemCommand({ TableName: name, Key: key }));  // gone: nothing
    await client.send(new PutItemCommand({ TableName: name, Item: { ...key, n: { N: '9' } } }));

    const seen = await waitRecords(arn, 4);
    const records = seen.map((s) => s.record);
    assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE', 'INSERT']);
    assert.deepEqual(records.map((r) => [r.dynamodb.OldImage, r.dynamodb.NewImage]), [
      [undefined, { ...key, n: { N: '1' }, tags: { L: [{ S: 'a' }] } }],
      [{ ...key, n: { N: '1' }, tags: { L: [{ S: 'a' }] } }, { ...key, n: { N: '2' } }],
      [{ ...key, n: { N: '2' } }, undefined],
      [undefined, { ...key, n: { N: '9' } }],
    ]);
    const finished = Math.floor(Date.now() / 1000) + 1;
    const sequence = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
    for (let i = 1; i < sequence.length; i += 1) assert.ok(sequence[i - 1] < sequence[i]);
    for (const record of records) {
      assert.deepEqual(record.dynamodb.Keys, key);
      assert.equal(record.dynamodb.StreamViewType, 'NEW_AND_OLD_IMAGES');
      assert.equal(record.eventSource, 'aws:dynamodb');
      assert.equal(record.eventVersion, '1.1');
      assert.equal(record.awsRegion, region);
      assert.ok(record.dynamodb.SizeBytes >= 1);
      const created = record.dynamodb.ApproximateCreationDateTime;
      assert.ok(created instanceof Date, `${created}`);
      assert.equal(created.getMilliseconds(), 0);  // whole epoch seconds
      assert.ok(created.getTime() / 1000 >= started && created.getTime() / 1000 <= finished);
    }

    // A consumer that checkpointed the second record resumes right after it.
    const { shardId } = seen[1];
    const resumed = await drain(await iteratorFor(arn, shardId, 'AFTER_SEQUENCE_NUMBER',
      records[1].dynamodb.SequenceNumber), false);
    assert.deepEqual(resumed.map((r) => r.eventName), ['REMOVE', 'INSERT']);
  } finally {
    await client.send(new DeleteTableCommand({ TableName: name }));
  }
});

test('stream errors carry the service exception names', async () => {
  const { name, arn } = await createStreamTable('KEYS_ONLY');
  try {
    await assert.rejects(streams.send(new GetShardIteratorCommand({
      StreamArn: arn, ShardId: 'shardId-00000000000000000000-00000000',
      ShardIteratorType: 'TRIM_HORIZON',
    })), (err) => {
      assert.equal(err.name, 'ResourceNotFoundException');
      assert.equal(err.$metadata.httpStatusCode, 400);
      return true;
    });
    const missing = arn.replace(`table/${name}/`, `table/${name}_gone/`);
    await assert.rejects(streams.send(new DescribeStreamCommand({ StreamArn: missing })),
      (err) => {
        assert.equal(err.name, 'ResourceNotFoundException');
        assert.equal(err.message, `Requested resource not found: Stream: ${missing} not found`);
        return true;
      });
    const [shard] = await listShards(arn);
    await assert.rejects(streams.send(new GetShardIteratorCommand({
      StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER',
    })), (err) => {
      assert.equal(err.name, 'ValidationException');
      return true;
    });
  } finally {
    await client.send(new DeleteTableCommand({ TableName: name }));
  }
});
