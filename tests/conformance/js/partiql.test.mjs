// JS SDK v3 PartiQL: ExecuteStatementCommand (plain and through lib-dynamodb's document client,
// which marshals parameters and items), BatchExecuteStatementCommand and
// ExecuteTransactionCommand, as applications written against the SDK call them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchExecuteStatementCommand, CreateTableCommand, DeleteTableCommand, DescribeTableCommand,
  DynamoDBClient, ExecuteStatementCommand, ExecuteTransactionCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, ExecuteStatementCommand as DocExecuteStatementCommand,
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

async function createTable(name) {
  await client.send(new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  }));
  for (let i = 0; i < 600; i += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} never became ACTIVE`);
}

test('statements, a batch and a transaction', async () => {
  const name = uniqueName('stator_js_partiql');
  await createTable(name);

  for (let i = 0; i < 4; i += 1) {
    await doc.send(new DocExecuteStatementCommand({
      Statement: `INSERT INTO "${name}" VALUE {'pk': ?, 'sk': ?, 'tags': ?}`,
      Parameters: ['p', i, new Set(['a', `t${i}`])],
    }));
  }
  const page = await doc.send(new DocExecuteStatementCommand({
    Statement: `SELECT sk, tags FROM "${name}" WHERE pk = ? AND sk >= ? ORDER BY sk DESC`,
    Parameters: ['p', 1],
    Limit: 2,
  }));
  assert.deepEqual(page.Items.map((i) => i.sk), [3, 2]);
  assert.ok(page.Items[0].tags instanceof Set && page.Items[0].tags.has('t3'));
  assert.ok(page.NextToken);
  const rest = await doc.send(new DocExecuteStatementCommand({
    Statement: `SELECT sk, tags FROM "${name}" WHERE pk = ? AND sk >= ? ORDER BY sk DESC`,
    Parameters: ['p', 1],
    NextToken: page.NextToken,
  }));
  assert.deepEqual(rest.Items.map((i) => i.sk), [1]);

  await assert.rejects(client.send(new ExecuteStatementCommand({
    Statement: `INSERT INTO "${name}" VALUE {'pk': 'p', 'sk': 0}`,
  })), (e) => e.name === 'DuplicateItemException'
    && e.message === 'Duplicate primary key exists in table');

  const batch = await client.send(new BatchExecuteStatementCommand({
    Statements: [
      { Statement: `SELECT * FROM "${name}" WHERE pk = 'p' AND sk = 0` },
      { Statement: `SELECT * FROM "${name}" WHERE pk = 'p'` },
    ],
  }));
  assert.equal(batch.Responses[0].Item.sk.N, '0');
  assert.equal(batch.Responses[1].Error.Code, 'ValidationError');

  await assert.rejects(client.send(new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `DELETE FROM "${name}" WHERE pk = 'p' AND sk = 0` },
      { Statement: `UPDATE "${name}" SET x = 1 WHERE pk = 'p' AND sk = 99` },
    ],
  })), (e) => e.name === 'TransactionCanceledException'
    && e.CancellationReasons.map((r) => r.Code).join() === 'None,ConditionalCheckFailed');
  const kept = await client.send(new ExecuteStatementCommand({
    Statement: `SELECT * FROM "${name}" WHERE pk = 'p' AND sk = 0`,
  }));
  assert.equal(kept.Items.length, 1);

  await client.send(new DeleteTableCommand({ TableName: name }));
});
