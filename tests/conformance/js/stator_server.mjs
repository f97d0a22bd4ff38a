// The server and credentials the JS scenarios run against.
//
// Uses STATOR_ENDPOINT when set; otherwise starts STATOR_BIN (default build/tools/stator) with
// `--port 0 --in-memory` and reads the endpoint from its start-up line. Each test file starts
// its own server, so files may run in parallel.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const statorBin = process.env.STATOR_BIN ?? path.join(here, '..', '..', '..', 'build', 'tools',
  'stator');

export const region = 'us-east-1';
export const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'AKIASTATORTESTKEY000',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'stator-test-secret-key',
};

export const uniqueName = (prefix) => `${prefix}_${randomBytes(6).toString('hex')}`;

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(statorBin, ['--port', '0', '--in-memory'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no start-up line: ${seen}`)), 30000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`stator exited (${code}): ${seen}`)));
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      const match = /listening on (https?:\/\/[^\s,;)]+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({ child, endpoint: match[1] });
      }
    });
  });
}

// Resolves to { endpoint, stop }: the endpoint to use, and a function that stops the server
// this call started (a no-op for STATOR_ENDPOINT).
export async function acquireEndpoint() {
  const external = process.env.STATOR_ENDPOINT;
  if (external) return { endpoint: external, stop: () => {} };
  const server = await startServer();
  return {
    endpoint: server.endpoint,
    stop: () => {
      server.child.removeAllListeners('exit');
      server.child.kill('SIGTERM');
    },
  };
}
