/** Cell helpers for tests that must act while a cell is still running. */
import type { Page } from '@playwright/test';

import { expect, withApp } from './fixtures';

/** Replace the current notebook's cells with code cells holding `sources`; runs nothing. */
export async function setCells(page: Page, sources: string[]): Promise<void> {
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
  await expect(page.locator('.jp-NotebookPanel .jp-CodeCell')).toHaveCount(sources.length);
}

/** Start running cell `index` without waiting for it to finish. */
export function startCell(page: Page, index: number): Promise<void> {
  return withApp(
    page,
    (app, i: number) => {
      app.shell.currentWidget.content.activeCellIndex = i;
      void app.commands.execute('notebook:run-cell');
    },
    index
  );
}

/** The i-th code cell of the current notebook. */
export const cell = (page: Page, i: number) =>
  page.locator('.jp-NotebookPanel .jp-CodeCell').nth(i);
