// A Lambda handler for DynamoDB stream events, in Node.js, run unchanged through
// tools/lambda/node_runner.mjs: each invocation appends one JSON line to the file named by
// ESM_LOG, with the same fields as recorder.py writes for a successful invocation.
import fs from 'node:fs';

export const handler = async (event, context) => {
  const entry = {
    time: Date.now() / 1000,
    pid: process.pid,
    ppid: process.ppid,
    requestId: context.awsRequestId,
    functionName: context.functionName,
    remainingMs: context.getRemainingTimeInMillis(),
    outcome: 'ok',
    event,
  };
  fs.appendFileSync(process.env.ESM_LOG, JSON.stringify(entry) + '\n');
  return {batchItemFailures: []};
};
