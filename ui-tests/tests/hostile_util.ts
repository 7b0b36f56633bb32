/** Helpers shared by hostile.spec.ts and hostile_heap.spec.ts. */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from '@playwright/test';

import { cell } from './cells';
import { withApp } from './fixtures';

/** What PyTorch 2.13 prints for the known-good cell (python3 -c ...). */
export const GOOD = 'print(torch.tensor([1.,2.]).softmax(0))';
export const GOOD_OUT = 'tensor([0.2689, 0.7311])';

export const output = (page: Page, i: number) => cell(page, i).locator('.jp-OutputArea');
export const prompt = (page: Page, i: number) => cell(page, i).locator('.jp-InputPrompt');

export async function serverFile(page: Page, rel: string): Promise<string> {
  const root = await page.evaluate(
    () => JSON.parse(document.getElementById('jupyter-config-data')!.textContent!).serverRoot
  );
  return path.join(root as string, rel);
}

export const sha = (file: string) =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Save the current notebook through its context (no first-save rename dialog); its path. */
export const saveNotebook = (page: Page) =>
  withApp(page, async app => {
    const context = app.shell.currentWidget.context;
    await context.save();
    return context.path as string;
  });

/** The rendered text of every output of every cell. */
export const outputTexts = (page: Page) =>
  page.locator('.jp-NotebookPanel .jp-CodeCell').evaluateAll(nodes =>
    nodes.map(n =>
      // textContent, not innerText: off-screen cells (content-visibility) have no layout
      Array.from(n.querySelectorAll('.jp-OutputArea-output')).map(o => o.textContent ?? '')
    )
  );
