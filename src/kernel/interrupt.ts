/**
 * Makes JupyterLab's Interrupt reach our kernel. The in-browser kernel client
 * (`LiteKernelClient.interrupt`, called by `KernelConnection.interrupt`) only
 * cancels its queue of pending messages and never tells the kernel; its
 * cancellation also emits an error output with a stray `status` field that
 * makes the saved notebook invalid (reference §9.1, §9.2). For kernels we
 * created, the wrapped `interrupt` goes to the kernel instead; others keep the
 * client's behaviour. No runtime imports, so jest can load it.
 */

/** The part of `@jupyterlite/services`' IKernelClient used here. */
export interface IInterruptibleClient {
  interrupt(kernelId: string): Promise<void>;
  getModel(kernelId: string): Promise<unknown>;
}

/** A kernel that handles interrupts itself. */
export interface IInterruptTarget {
  interrupt(): void;
}

const HOOKED = Symbol('jupyterlab-softmax:interrupt-hook');

/**
 * Wrap `client.interrupt` once: kernels accepted by `isOurs` get
 * `kernel.interrupt()`; any other kernel goes to the original method.
 */
export function installInterruptHook(
  client: IInterruptibleClient,
  isOurs: (kernel: unknown) => kernel is IInterruptTarget
): void {
  const marked = client as IInterruptibleClient & { [HOOKED]?: boolean };
  if (marked[HOOKED]) {
    return;
  }
  marked[HOOKED] = true;
  const original = client.interrupt.bind(client);
  client.interrupt = async (kernelId: string) => {
    const kernel = await client.getModel(kernelId);
    if (isOurs(kernel)) {
      kernel.interrupt();
      return;
    }
    return original(kernelId);
  };
}
