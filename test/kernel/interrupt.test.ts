/** The Interrupt hook sends interrupts of our kernels to the kernel, others to the client. */
import { installInterruptHook, type IInterruptTarget } from '../../src/kernel/interrupt';

class FakeClient {
  cancelled: string[] = [];
  kernels = new Map<string, unknown>();
  async interrupt(id: string): Promise<void> {
    this.cancelled.push(id);
  }
  async getModel(id: string): Promise<unknown> {
    return this.kernels.get(id);
  }
}

function setup() {
  const client = new FakeClient();
  const ours = {
    interrupts: 0,
    interrupt() {
      this.interrupts++;
    }
  };
  client.kernels.set('ours', ours);
  client.kernels.set('other', {
    interrupt() {
      throw new Error('not ours');
    }
  });
  const isOurs = (k: unknown): k is IInterruptTarget => k === ours;
  return { client, ours, isOurs };
}

test('our kernel gets interrupt() and the client queue is not cancelled', async () => {
  const { client, ours, isOurs } = setup();
  installInterruptHook(client, isOurs);
  await client.interrupt('ours');
  expect(ours.interrupts).toBe(1);
  expect(client.cancelled).toEqual([]);
});

test('other kernels keep the client behaviour', async () => {
  const { client, ours, isOurs } = setup();
  installInterruptHook(client, isOurs);
  await client.interrupt('other');
  await client.interrupt('missing');
  expect(client.cancelled).toEqual(['other', 'missing']);
  expect(ours.interrupts).toBe(0);
});

test('installing twice wraps once', async () => {
  const { client, ours, isOurs } = setup();
  installInterruptHook(client, isOurs);
  installInterruptHook(client, isOurs);
  await client.interrupt('ours');
  expect(ours.interrupts).toBe(1);
});
