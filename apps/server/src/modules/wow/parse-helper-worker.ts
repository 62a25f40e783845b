/**
 * The helper thread of the parse worker (`parse-helper.ts`): decodes the upload it is lent and
 * does the share of the text work it is handed, answering on its port and then waking the
 * worker through the shared signal.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { HelperMessage, HelperReply } from './parse-helper';
import { doTextWork } from './text-work';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
const decoder = new TextDecoder('utf-8');
let source = '';

port.on('message', (msg: HelperMessage) => {
  if ('load' in msg) source = decoder.decode(msg.load);
  else if ('drop' in msg) source = '';
  else {
    let reply: HelperReply;
    try {
      reply = { done: doTextWork(source, msg.work) };
    } catch (err) {
      reply = { error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  }
});
