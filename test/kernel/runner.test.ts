/** The worker-side dispatcher, driven in Node exactly as the Web Worker drives it. */
import { getMemoryCap, setMemoryCap } from '../../src/engine/tensor';
import { DEFAULT_CONFIG, type FromWorker } from '../../src/kernel/protocol';
import { Runner } from '../../src/kernel/runner';

function makeRunner(): { runner: Runner; sent: FromWorker[] } {
  const sent: FromWorker[] = [];
  return { runner: new Runner(message => sent.push(message)), sent };
}

afterAll(() => setMemoryCap(DEFAULT_CONFIG.memoryCapBytes));

test('configure applies the memory cap and answers the same request id', async () => {
  const { runner, sent } = makeRunner();
  const config = { ...DEFAULT_CONFIG, memoryCapBytes: 1024, timeLimitMs: 5000 };
  await runner.handle({ id: 7, kind: 'configure', config });
  expect(sent).toEqual([{ kind: 'reply', id: 7, content: { status: 'ok' } }]);
  expect(getMemoryCap()).toBe(1024);
  expect(runner.config).toEqual(config);
});

test('every request gets exactly one reply with its id', async () => {
  const { runner, sent } = makeRunner();
  await runner.handle({ id: 1, kind: 'isComplete', code: 'x = 1' });
  await runner.handle({ id: 2, kind: 'complete', code: 'x', cursor: 1 });
  await runner.handle({ id: 3, kind: 'inspect', code: 'x', cursor: 1 });
  const replies = sent.filter(m => m.kind === 'reply') as Array<FromWorker & { kind: 'reply' }>;
  expect(replies.map(r => r.id)).toEqual([1, 2, 3]);
  expect(replies[0].content).toEqual(expect.objectContaining({ status: 'complete' }));
  expect(replies[1].content).toEqual(expect.objectContaining({ matches: expect.any(Array) }));
});

test('a blank cell executes ok and an interrupt is not a request', async () => {
  const { runner, sent } = makeRunner();
  await runner.handle({ kind: 'interrupt' });
  expect(sent).toEqual([]);
  await runner.handle({ id: 4, kind: 'execute', code: '\n' });
  expect(sent[sent.length - 1]).toEqual({ kind: 'reply', id: 4, content: { status: 'ok' } });
});
