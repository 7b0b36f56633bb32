/**
 * Shared fixture for every browser test: a page with JupyterLab loaded and
 * ready, plus the console errors it produced. Import `test`/`expect` from here.
 */
import { test as base, expect, type Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/** Console noise that is not ours (JupyterLab 4.6 core, see reference §9.3). */
const IGNORED_ERRORS = [/No active debugger session/];

export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

export interface LabFixtures {
  /** A page on /lab with the application started and the launcher idle. */
  lab: Page;
  /** Console errors and uncaught exceptions seen so far, minus known noise. */
  consoleErrors: string[];
}

export const test = base.extend<LabFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  lab: async ({ page, consoleErrors }, use) => {
    const keep = (text: string) => {
      if (!IGNORED_ERRORS.some(re => re.test(text))) {
        consoleErrors.push(text);
      }
    };
    page.on('console', msg => msg.type() === 'error' && keep(msg.text()));
    page.on('pageerror', err => keep(`${err.name}: ${err.message}`));
    // ?reset: start from an empty workspace so restored tabs never race with the test.
    await page.goto('/lab?reset');
    await page.waitForFunction(() => (window as any).jupyterapp?.restored !== undefined);
    await page.evaluate(() => (window as any).jupyterapp.restored);
    await page.locator('.jp-Launcher').first().waitFor();
    await use(page);
  }
});

export { expect };

/** Save a screenshot into the test-results artifact folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Run a function against `window.jupyterapp` in the page. */
export function withApp<T>(
  page: Page,
  fn: (app: any, arg?: any) => T | Promise<T>,
  arg?: unknown
): Promise<T> {
  return page.evaluate(
    ([source, a]) =>
      new Function('app', 'arg', `return (${source})(app, arg);`)((window as any).jupyterapp, a),
    [fn.toString(), arg] as const
  ) as Promise<T>;
}

/** Wait until the current notebook's kernel is the softmax kernel and idle. */
export async function waitForSoftmaxIdle(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        withApp(page, app => {
          const kernel = app.shell.currentWidget?.sessionContext?.session?.kernel;
          return kernel ? `${kernel.name}:${kernel.status}` : null;
        }),
      { timeout: 60_000 }
    )
    .toBe('softmax:idle');
}

/** Open a new notebook on the softmax kernel from the launcher and wait until it is idle. */
export async function newSoftmaxNotebook(page: Page): Promise<void> {
  await page.locator('.jp-LauncherCard[title="Softmax (PyTorch-style)"]').first().click();
  await page.locator('.jp-NotebookPanel').first().waitFor();
  await waitForSoftmaxIdle(page);
}

/**
 * Replace the current notebook's cells with `sources` and run them one at a
 * time (a failing cell must not cancel the next, as Run All would), waiting
 * for each to finish. Returns each cell's outputs as rendered text.
 */
export async function runCells(page: Page, sources: string[]): Promise<string[]> {
  await withApp(
    page,
    (app, cells: string[]) => {
      const shared = app.shell.currentWidget.content.model.sharedModel;
      shared.transact(() => {
        shared.deleteCellRange(0, shared.cells.length);
        shared.insertCells(
          0,
          cells.map(source => ({ cell_type: 'code', source, metadata: {} }))
        );
      });
    },
    sources
  );
  const cells = page.locator('.jp-NotebookPanel .jp-CodeCell');
  await expect(cells).toHaveCount(sources.length);
  for (let i = 0; i < sources.length; i++) {
    await withApp(
      page,
      async (app, index: number) => {
        app.shell.currentWidget.content.activeCellIndex = index;
        await app.commands.execute('notebook:run-cell');
      },
      i
    );
    // A finished cell shows its execution count ([n]), not "[*]" or "[ ]".
    await expect(cells.nth(i).locator('.jp-InputPrompt')).toHaveText(/\[\d+\]:/, {
      timeout: 60_000
    });
  }
  return cells.evaluateAll(nodes =>
    nodes.map(node =>
      Array.from(node.querySelectorAll('.jp-OutputArea-output'))
        .map(out => (out as HTMLElement).innerText)
        .join('\n')
        .trimEnd()
    )
  );
}
