import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';

/**
 * The worker: parses each YAML document with js-yaml and sends it back as JSON text (which the
 * main thread turns back into values much faster than it parses YAML). A document it does not
 * hand back (null) is parsed by the main thread with the full checks: one that does not parse,
 * may hold aliases (`&`), or holds values JSON cannot carry (`.inf`, `.nan`).
 */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { texts, port, signal, jsYamlPath, maxDepth } = workerData;
const out = new Array(texts.length).fill(null);
try {
  const jsYaml = require(jsYamlPath);
  const options = { schema: jsYaml.CORE_SCHEMA, maxDepth };
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (t.includes('&') || /\\.(inf|nan)\\b/i.test(t)) continue;
    try {
      const json = JSON.stringify(jsYaml.load(t, options));
      if (json !== undefined) out[i] = json;
    } catch (e) {
      // parsed again, and reported, by the main thread
    }
  }
} finally {
  port.postMessage(out);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
`;

/** How long the main thread waits for the worker before parsing its documents itself. */
const WORKER_TIMEOUT_MS = 120_000;

/** A parse started on a worker thread; `take()` waits for it (synchronously). */
export interface PendingParse {
  /** The worker's JSON text for each document (null: not handed back). */
  take(): Array<string | null>;
}

/**
 * Starts parsing `texts` (YAML documents) on a worker thread, so that the main thread can parse
 * others meanwhile. Returns undefined when no worker can be started.
 */
export function parseOnWorker(texts: string[], maxDepth: number): PendingParse | undefined {
  let jsYamlPath: string;
  try {
    jsYamlPath = require.resolve('js-yaml');
  } catch {
    return undefined;
  }
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { texts, port: port2, signal, jsYamlPath, maxDepth }, transferList: [port2] });
  } catch {
    return undefined;
  }
  worker.unref();
  worker.on('error', () => { /* its documents are parsed by the main thread */ });
  return {
    take: () => {
      Atomics.wait(signal, 0, 0, WORKER_TIMEOUT_MS);
      const message = receiveMessageOnPort(port1)?.message;
      port1.close();
      void worker.terminate();
      return Array.isArray(message) && message.length === texts.length ? message : texts.map(() => null);
    },
  };
}
