#!/usr/bin/env node
// tools/lambda/node_runner.mjs — runs an unchanged AWS Lambda Node.js handler once, as a command.
//
// Stator runs a stream mapping's `Handler: {"Command": [...]}` once per batch; this is the
// command for Node.js handlers:
//
//   node tools/lambda/node_runner.mjs <module path> [<export, default handler>]
//   node tools/lambda/node_runner.mjs ./dir/app.handler      (Lambda's "file.function" form)
//
// The event is the whole of standard input (a JSON document; empty input is the event {}). The
// handler's result goes to standard output as one JSON document (`null` for none), exit status 0.
// A failure (thrown, rejected, passed to the callback, a timeout, a module that does not load)
// goes to standard error as Lambda's error shape, one JSON line written last, exit status 1.
// Whatever the handler prints goes to standard error, so standard output holds only the
// response. Usage errors exit with status 2.
//
// Environment: STATOR_FUNCTION_NAME (default: the module's name), STATOR_TIMEOUT_MS (default
// 3000), STATOR_REQUEST_ID (default: a random UUID), STATOR_EVENT_SOURCE_ARN (informational),
// AWS_REGION (for the function ARN; default us-east-1).
//
// Settling follows the Lambda Node.js runtime (aws-lambda-nodejs-runtime-interface-client,
// Runtime.js and CallbackContext.js): the first of the returned promise, the callback or
// context.succeed/fail/done decides; a callback's success waits for the event loop to empty
// while context.callbackWaitsForEmptyEventLoop is true; a handler that settles nothing answers
// null when the loop empties, unless it is an async function (Runtime.NodeJsExit).
//
// One invocation per process, on Node's single thread; nothing here is shared.

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const kUsage =
  'usage: node node_runner.mjs <module path> [<exported function, default handler>]\n' +
  '       node node_runner.mjs <dir/module>.<function>';
const kDefaultFunctionName = 'handler';
const kDefaultTimeoutMs = 3000;
const kMemoryLimitInMB = '128';
const kAccountId = '000000000000';
// The order in which the Lambda runtime tries a handler module's file names.
const kModuleExtensions = ['', '.js', '.mjs', '.cjs'];
// Lambda's handler string: the module is the part of the last path element before its first
// dot, the rest is a (possibly nested) property path.
const kHandlerString = /^([^.]*)\.(.*)$/;
const kExitFailure = 1;
const kExitUsage = 2;

// Keeps standard output for the response: every later use of process.stdout (console.log,
// process.stdout.write, streams piped to it) reaches standard error instead. The redefinition
// happens before anything touches process.stdout, so fd 1 is never opened as a stream. A child
// process the handler starts with inherited stdio still writes to fd 1 directly.
function divertStdoutToStderr() {
  Object.defineProperty(process, 'stdout', {
    configurable: true,
    enumerable: true,
    get: () => process.stderr,
  });
}

// An error raised by the runner on the handler's behalf, named as Lambda's runtime names them.
function runtimeError(type, message) {
  const error = new Error(message);
  error.name = `Runtime.${type}`;
  return error;
}

class UsageError extends Error {}

// Lambda's error shape; the Node runtime calls the frames `trace`, Stator's runners use the
// Python runtime's `stackTrace` in both languages so that one parser reads either.
function errorShape(error, requestId) {
  const isError =
    error instanceof Error ||
    (error && typeof error.name === 'string' && typeof error.message === 'string' &&
     typeof error.stack === 'string');
  if (isError) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      stackTrace: error.stack ? error.stack.split('\n') : [],
      requestId,
    };
  }
  // As the runtime does for `throw "text"` or `callback("text")`.
  return {errorType: typeof error, errorMessage: String(error), stackTrace: [], requestId};
}

// Writes all of `text` to `fd`, even where the descriptor is non-blocking.
function writeAll(fd, text) {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
    }
  }
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// Returns {modulePath, propertyPath, moduleName} for the command line `args`.
function parseTarget(args) {
  if (args.length < 1 || args.length > 2 || args[0] === '') throw new UsageError(kUsage);
  const [spec, functionArg] = args;
  if (functionArg !== undefined || isFile(spec)) {
    return {
      modulePath: path.resolve(spec),
      propertyPath: functionArg ?? kDefaultFunctionName,
      moduleName: path.basename(spec).replace(/\.(c|m)?js$/, ''),
    };
  }
  const base = path.basename(spec);
  const match = base.match(kHandlerString);
  if (!match) {
    return {modulePath: path.resolve(spec), propertyPath: kDefaultFunctionName, moduleName: base};
  }
  return {
    modulePath: path.resolve(path.dirname(spec), match[1]),
    propertyPath: match[2],
    moduleName: match[1],
  };
}

// Imports the module at `modulePath` (trying Lambda's extensions) and returns the function at
// `propertyPath`. A CommonJS module's exports arrive as the namespace's default.
async function loadHandler({modulePath, propertyPath}, handlerName) {
  const file = kModuleExtensions.map((ext) => modulePath + ext).find(isFile);
  if (!file) throw runtimeError('ImportModuleError', `Error: Cannot find module '${modulePath}'`);
  let namespace;
  try {
    namespace = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError) throw runtimeError('UserCodeSyntaxError', String(error));
    if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') {
      throw runtimeError('ImportModuleError', String(error));
    }
    throw error;
  }
  const keys = propertyPath.split('.');
  const resolve = (root) => keys.reduce((object, key) => object?.[key], root);
  const handler = resolve(namespace) ?? resolve(namespace.default);
  if (!handler) {
    throw runtimeError('HandlerNotFound', `${handlerName} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw runtimeError('HandlerNotFound', `${handlerName} is not a function`);
  }
  return handler;
}

// Reads standard input to its end and parses it as the event.
async function readEvent() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw runtimeError('UnmarshalError', `Unable to unmarshal input: ${error.message}`);
  }
}

// Returns the invocation's settings from the environment, or throws a UsageError.
function readSettings(moduleName) {
  const env = process.env;
  let timeoutMs = kDefaultTimeoutMs;
  const timeoutText = env.STATOR_TIMEOUT_MS ?? '';
  if (timeoutText !== '') {
    timeoutMs = Number(timeoutText);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new UsageError(`STATOR_TIMEOUT_MS must be a positive integer: ${timeoutText}`);
    }
  }
  return {
    functionName: env.STATOR_FUNCTION_NAME || moduleName,
    requestId: env.STATOR_REQUEST_ID || randomUUID(),
    region: env.AWS_REGION || 'us-east-1',
    timeoutMs,
  };
}

// Lambda's log stream names: date, version and a random instance id.
function logStreamName() {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

// The context object: Lambda's fields, and the callback-style members that act on `settlement`.
function makeContext(settings, deadline, settlement) {
  const {functionName, requestId, region} = settings;
  const context = {
    awsRequestId: requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${kAccountId}:function:${functionName}`,
    memoryLimitInMB: kMemoryLimitInMB,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: logStreamName(),
    getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
    succeed: (result) => settlement.done(null, result),
    fail: (error) => settlement.done(error ?? 'handled'),
    done: (error, result) => settlement.done(error, result),
  };
  Object.defineProperty(context, 'callbackWaitsForEmptyEventLoop', {
    enumerable: true,
    get: () => settlement.waitsForEmptyEventLoop,
    set: (value) => {
      settlement.waitsForEmptyEventLoop = Boolean(value);
    },
  });
  return context;
}

// Ends the process with `error` reported on standard error.
function exitWithError(error, requestId) {
  writeAll(2, JSON.stringify(errorShape(error, requestId)) + '\n');
  process.exit(kExitFailure);
}

// Ends the process with `result` as the response on standard output.
function exitWithResult(result, requestId) {
  let text;
  try {
    text = JSON.stringify(result === undefined ? null : result) ?? 'null';
  } catch (error) {
    return exitWithError(error, requestId);
  }
  writeAll(1, text + '\n');
  return process.exit(0);
}

// Decides the invocation's outcome once: the first of the returned promise, the callback and
// context.succeed/fail/done. A callback's success is written when the event loop empties while
// waitsForEmptyEventLoop is set; every other decision is written at once.
class Settlement {
  constructor(handler, requestId) {
    this.requestId = requestId;
    this.waitsForEmptyEventLoop = true;
    this.decided = false;
    // Nothing decided when the loop empties: null, as for a handler that forgot its callback,
    // unless the handler is an async function, whose promise can then never settle.
    this.onEmptyLoop = () => {
      if (handler.constructor?.name === 'AsyncFunction') {
        return this.fail(runtimeError('NodeJsExit',
            'The event loop emptied before the async handler settled: a promise that never ' +
            'settles?'));
      }
      return exitWithResult(null, requestId);
    };
  }

  done(error, result) {
    if (this.decided) return;
    this.decided = true;
    if (error !== undefined && error !== null) return this.fail(error);
    return exitWithResult(result, this.requestId);
  }

  callback(error, result) {
    if (this.decided) return;
    if ((error !== undefined && error !== null) || !this.waitsForEmptyEventLoop) {
      this.done(error, result);
      return;
    }
    this.decided = true;
    this.onEmptyLoop = () => exitWithResult(result, this.requestId);
  }

  // Failures outside the handler's promise and callback (an uncaught exception in a timer, a
  // timeout) end the invocation whatever was decided, as they end Lambda's.
  fail(error) {
    exitWithError(error, this.requestId);
  }
}

// Routes the process's own ends — an empty event loop, uncaught errors — to `settlement`.
function watchProcess(settlement) {
  process.on('beforeExit', () => settlement.onEmptyLoop());
  process.on('uncaughtException', (error) => settlement.fail(error));
  process.on('unhandledRejection', (reason) => {
    settlement.fail(runtimeError('UnhandledPromiseRejection', String(reason?.stack ?? reason)));
  });
}

// Fails the invocation with Lambda's timeout error once `timeoutMs` have passed. The timer is
// unref'd so it does not keep the loop alive. A handler that blocks the loop cannot be stopped
// from inside: the caller's own deadline is the backstop.
function armTimeout(settlement, {requestId, timeoutMs}) {
  const seconds = (timeoutMs / 1000).toFixed(2);
  setTimeout(() => settlement.fail({
    name: 'Sandbox.Timedout',
    message: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
    stack: '',
  }), timeoutMs).unref();
}

// Calls `handler` once; the process ends when the outcome is written.
function invoke(handler, event, settings) {
  const deadline = performance.now() + settings.timeoutMs;
  const settlement = new Settlement(handler, settings.requestId);
  watchProcess(settlement);
  armTimeout(settlement, settings);
  const context = makeContext(settings, deadline, settlement);
  let returned;
  try {
    returned = handler(event, context, (error, result) => settlement.callback(error, result));
  } catch (error) {
    settlement.done(error);
    return;
  }
  if (returned && typeof returned.then === 'function') {
    returned.then((result) => settlement.done(null, result),
        (error) => settlement.done(error ?? 'handled'));
  }
}

async function main() {
  divertStdoutToStderr();
  let target;
  let settings;
  try {
    target = parseTarget(process.argv.slice(2));
    settings = readSettings(target.moduleName);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeAll(2, `${error.message}\n`);
    process.exit(kExitUsage);
  }
  let handler;
  let event;
  try {
    handler = await loadHandler(target, `${target.moduleName}.${target.propertyPath}`);
    event = await readEvent();
  } catch (error) {
    exitWithError(error, settings.requestId);
  }
  invoke(handler, event, settings);
}

main().catch((error) => exitWithError(error, process.env.STATOR_REQUEST_ID ?? ''));
