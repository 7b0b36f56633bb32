/**
 * The interactive renderers in a real JupyterLab. Outputs are built in Node
 * with the same builders the kernel uses (lib/outputs) and saved into a
 * notebook, then opened: that covers saved/untrusted notebooks, and does not
 * need `sm.table`/`sm.calibration` to be bound in the cell language yet.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from '@playwright/test';
import { expect, newSoftmaxNotebook, runCells, screenshot, test, withApp } from './fixtures';

// Compiled builders (npm run build:lib). CommonJS, so require works from the test.
/* eslint-disable @typescript-eslint/no-require-imports */
const lib = path.resolve(__dirname, '..', '..', 'lib');
const outputs = require(path.join(lib, 'outputs'));
const { Tensor } = require(path.join(lib, 'engine', 'tensor'));
const { loadNpz } = require(path.join(lib, 'engine', 'io', 'npz'));
const { probabilitiesAt } = require(path.join(lib, 'outputs', 'tablemath'));
/* eslint-enable @typescript-eslint/no-require-imports */

const TABLE_MIME = 'application/vnd.jupyterlab-softmax.table+json';
const CALIBRATION_MIME = 'application/vnd.jupyterlab-softmax.calibration+json';
const EVIL = '<img src=x onerror="window.__pwned=1">';

function logits(n: number, c: number, seed = 1): Float32Array {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return Float32Array.from({ length: n * c }, () => (r() - 0.5) * 8);
}

function notebook(outputList: object[][]): object {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'softmax', display_name: 'Softmax (PyTorch-style)', language: 'python' }
    },
    cells: outputList.map((outs, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: i + 1,
      source: `# output ${i}`,
      outputs: outs.map(o => ({ output_type: 'display_data', metadata: {}, ...o }))
    }))
  };
}

async function openNotebook(page: Page, name: string, nb: object): Promise<void> {
  await withApp(
    page,
    async (app, arg: { name: string; nb: object }) => {
      await app.serviceManager.contents.save(arg.name, {
        type: 'notebook',
        format: 'json',
        content: arg.nb
      });
      await app.commands.execute('docmanager:open', { path: arg.name });
    },
    { name, nb }
  );
}

async function setTheme(page: Page, theme: 'JupyterLab Light' | 'JupyterLab Dark'): Promise<void> {
  await withApp(
    page,
    (app, t: string) => app.commands.execute('apputils:change-theme', { theme: t }),
    theme
  );
  await expect(page.locator('body')).toHaveAttribute(
    'data-jp-theme-light',
    theme === 'JupyterLab Light' ? 'true' : 'false'
  );
  // JupyterLab shows its splash while a theme loads; screenshots wait until it is gone.
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0);
}

const bg = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate(e => getComputedStyle(e).backgroundColor);

test('probability table: values, sort, temperature, escaping, theme', async ({
  lab,
  consoleErrors
}) => {
  const n = 200;
  const c = 5;
  const x = logits(n, c);
  const classes = ['c0', 'c1', EVIL, 'c3', 'c4'];
  const bundle = outputs.buildTableBundle(Tensor.fromStorage(x, [n, c], 'float32'), {
    logits: true,
    classes
  });
  await openNotebook(lab, 'table.ipynb', notebook([[{ data: bundle.data }]]));
  const grid = lab.locator('.jp-SoftmaxGrid');
  await expect(grid).toHaveCount(1);
  await expect(lab.locator('.jp-SoftmaxGrid-row').first()).toBeVisible();

  // The class name is text, never markup.
  await expect(lab.locator('.jp-SoftmaxTable img')).toHaveCount(0);
  await expect(lab.locator('.jp-SoftmaxGrid-headerCell', { hasText: 'onerror' })).toHaveText(EVIL);
  expect(await lab.evaluate(() => (window as any).__pwned)).toBeUndefined();

  // A known cell: row 0, class c3 at T = 1, then at T = 2.5.
  const cell = (row: number, col: number) =>
    lab.locator(`.jp-SoftmaxGrid-row[aria-rowindex="${row + 2}"] [aria-colindex="${col + 5}"]`);
  const expected = (t: number) => probabilitiesAt(x, 1, c, true, t)[3].toFixed(4);
  await expect(cell(0, 3)).toContainText(expected(1));
  await lab.locator('.jp-SoftmaxTemperature-value').fill('2.5');
  await lab.locator('.jp-SoftmaxTemperature-value').press('Enter');
  await expect(cell(0, 3)).toContainText(expected(2.5));
  expect(expected(2.5)).not.toBe(expected(1));
  // The slider moves the same way (fill on a range input fires "input").
  await lab.locator('.jp-SoftmaxTemperature-slider').fill(String(Math.log(0.5)));
  await expect(cell(0, 3)).toContainText(expected(0.5));

  // Sort by c1 (descending): the first shown row holds the largest c1.
  const header = lab.locator('.jp-SoftmaxGrid-headerCell[data-col="1"]');
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const firstTwo = await lab
    .locator('.jp-SoftmaxGrid-row')
    .evaluateAll(rows =>
      rows.slice(0, 2).map(r => Number(r.querySelector('[aria-colindex="6"]')!.textContent))
    );
  expect(firstTwo[0]).toBeGreaterThanOrEqual(firstTwo[1]);

  // Keyboard: Enter on the active header (the one clicked) sorts again, ascending;
  // ArrowLeft moves to the previous header, whose Enter sorts it descending.
  await grid.focus();
  await lab.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await lab.keyboard.press('ArrowLeft');
  await lab.keyboard.press('Enter');
  await expect(lab.locator('.jp-SoftmaxGrid-headerCell[data-col="0"]')).toHaveAttribute(
    'aria-sort',
    'descending'
  );
  await expect(header).toHaveAttribute('aria-sort', 'none');

  // Search and top-k.
  await lab.locator('.jp-SoftmaxTable-search').fill('c3');
  await expect(lab.locator('.jp-SoftmaxGrid-headerCell')).toHaveCount(5); // #, predicted, confidence, row sum, c3
  await lab.locator('.jp-SoftmaxTable-search').fill('');

  // Theme: the heat shading is CSS on --jp-* variables, so it follows a switch.
  await screenshot(lab, 'renderers-table-light');
  const light = await bg(lab, '.jp-SoftmaxGrid-header');
  await setTheme(lab, 'JupyterLab Dark');
  await expect.poll(() => bg(lab, '.jp-SoftmaxGrid-header')).not.toBe(light);
  await screenshot(lab, 'renderers-table-dark');
  await setTheme(lab, 'JupyterLab Light');
  expect(consoleErrors).toEqual([]);
});

test('100,000 × 10 table: first paint and scrolling', async ({ lab, consoleErrors }) => {
  const n = 100_000;
  const x = logits(n, 10, 5);
  const bundle = outputs.buildTableBundle(Tensor.fromStorage(x, [n, 10], 'float32'), {
    logits: true
  });
  const size = JSON.stringify(bundle.data[TABLE_MIME]).length;
  expect(size).toBeLessThan(5_000_000);
  const t0 = Date.now();
  await openNotebook(lab, 'big.ipynb', notebook([[{ data: bundle.data }]]));
  await expect(lab.locator('.jp-SoftmaxGrid-row').first()).toBeVisible({ timeout: 60_000 });
  const firstPaint = Date.now() - t0;
  fs.mkdirSync(path.resolve(__dirname, '..', '..', 'test-results'), { recursive: true });
  fs.writeFileSync(
    path.resolve(__dirname, '..', '..', 'test-results', 'renderers-timing.json'),
    JSON.stringify({ payloadBytes: size, openToFirstRowMs: firstPaint }, null, 2)
  );
  // Only a window of rows is in the DOM; scrolling to the end shows the last row.
  expect(await lab.locator('.jp-SoftmaxGrid-row').count()).toBeLessThan(60);
  await lab.locator('.jp-SoftmaxGrid').evaluate(g => (g.scrollTop = g.scrollHeight));
  await expect(lab.locator('.jp-SoftmaxGrid-index', { hasText: /^99999$/ })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('calibration plot: untrusted output left unmodified, slider, fit, hover, theme', async ({
  lab,
  consoleErrors
}) => {
  const npz = loadNpz(
    new Uint8Array(
      fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'val_logits.npz'))
    )
  );
  const names = Object.keys(npz);
  const lg = npz.logits ?? npz[names.find(k => npz[k].ndim === 2)!];
  const lb = npz.labels ?? npz[names.find(k => npz[k].ndim === 1)!];
  const bundle = await outputs.buildCalibrationBundle(lg, lb, { logits: true });
  expect(bundle.data['image/svg+xml']).toContain('<svg');
  expect(bundle.data['text/html']).toBeUndefined();
  await openNotebook(lab, 'calibration.ipynb', notebook([[{ data: bundle.data }]]));
  const plot = lab.locator('.jp-SoftmaxCalibration-plot svg');
  await expect(plot).toHaveCount(1);

  const pngHead = () =>
    withApp(lab, app => {
      const out = app.shell.currentWidget.content.model.cells.get(0).outputs.get(0);
      return typeof out.data['image/png'] === 'string' ? out.data['image/png'].slice(0, 8) : null;
    });
  // An uploaded notebook is untrusted: shown, never modified (no PNG write-back).
  await lab.waitForTimeout(1000);
  expect(await pngHead()).toBeNull();
  expect(
    await withApp(lab, app =>
      Object.keys(app.shell.currentWidget.content.model.cells.get(0).outputs.get(0).data).sort()
    )
  ).toEqual(Object.keys(bundle.data).sort());
  // (Outputs of cells run in the session are trusted and get the PNG: fallbacks.spec.ts.)

  const eceNow = lab
    .locator('.jp-SoftmaxCalibration-metrics tbody tr')
    .first()
    .locator('td')
    .nth(1);
  await lab.locator('.jp-SoftmaxTemperature-value').fill('3');
  await lab.locator('.jp-SoftmaxTemperature-value').press('Enter');
  await expect(eceNow).toHaveText(/^\d\.\d{4}$/);
  const eceAt3 = await eceNow.textContent();
  await lab.getByRole('button', { name: 'Fit T' }).click();
  await expect(eceNow).not.toHaveText(eceAt3!);
  const fitted = Number(await lab.locator('.jp-SoftmaxTemperature-value').inputValue());
  expect(fitted).toBeGreaterThan(0);
  expect(fitted).not.toBe(3);

  // Hover a bar: count, accuracy and confidence appear in the readout.
  await lab.locator('.jp-SoftmaxCalibration-plot .mark-rect path').first().hover({ force: true });
  await expect(lab.locator('.jp-SoftmaxCalibration-hover')).toContainText('count');

  await screenshot(lab, 'renderers-calibration-light');
  // Vega bakes colours into the SVG; the renderer re-reads --jp-* and redraws on a switch.
  const labelFill = () =>
    lab
      .locator('.jp-SoftmaxCalibration-plot svg .role-axis-label text')
      .first()
      .getAttribute('fill');
  const lightFill = await labelFill();
  await setTheme(lab, 'JupyterLab Dark');
  await expect.poll(labelFill).not.toBe(lightFill);
  await screenshot(lab, 'renderers-calibration-dark');
  await setTheme(lab, 'JupyterLab Light');
  expect(consoleErrors).toEqual([]);
});

test('malformed payloads show an error box and inject nothing', async ({ lab, consoleErrors }) => {
  const good = outputs.buildTablePayload(Tensor.fromStorage(logits(2, 3), [2, 3], 'float32'), {
    classes: ['a', 'b', 'c']
  });
  const outs = [
    [{ data: { [TABLE_MIME]: { version: 2 }, 'text/plain': 'PLAIN-1' } }],
    [{ data: { [TABLE_MIME]: { ...good, temperature: 'NaN' }, 'text/plain': 'PLAIN-2' } }],
    [
      {
        data: {
          [TABLE_MIME]: {
            ...good,
            classes: [EVIL, '<script>window.__pwned=2</script>', 'javascript:alert(1)']
          },
          'text/plain': 'PLAIN-3'
        }
      }
    ],
    [{ data: { [CALIBRATION_MIME]: 'not json at all', 'text/plain': 'PLAIN-4' } }],
    [
      {
        data: {
          [TABLE_MIME]: { ...good, values: { ...good.values, base64: '%%%' } },
          'text/plain': EVIL
        }
      }
    ]
  ];
  await openNotebook(lab, 'malformed.ipynb', notebook(outs));
  const errors = lab.locator('.jp-SoftmaxError');
  await expect(errors).toHaveCount(4);
  await expect(errors.nth(0)).toContainText('unsupported version 2');
  await expect(errors.nth(0)).toContainText('PLAIN-1');
  await expect(errors.nth(1)).toContainText('temperature must be a positive finite number');
  await expect(errors.nth(2)).toContainText('invalid calibration payload: not an object');
  await expect(errors.nth(3)).toContainText('not valid base64');
  await expect(errors.nth(3).locator('pre')).toHaveText(EVIL); // the text/plain, as text
  // The evil class names render as header text in the one valid table.
  await expect(lab.locator('.jp-SoftmaxGrid-headerCell[data-col="1"]')).toHaveText(
    '<script>window.__pwned=2</script>'
  );
  await expect(lab.locator('.jp-OutputArea img, .jp-OutputArea script')).toHaveCount(0);
  expect(await lab.evaluate(() => (window as any).__pwned)).toBeUndefined();
  await screenshot(lab, 'renderers-malformed');
  expect(consoleErrors).toEqual([]);
});

test('cells on the kernel: sm.table and sm.calibration render interactively', async ({
  lab,
  consoleErrors
}) => {
  await newSoftmaxNotebook(lab);
  await runCells(lab, [
    [
      'import torch',
      'import jupyterlab_softmax as sm',
      'x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]])',
      "sm.table(x, classes=['a', 'b', 'c'], logits=True)"
    ].join('\n'),
    [
      'torch.manual_seed(0)',
      'z = torch.randn(400, 4) * 3',
      'y = torch.randint(0, 4, (400,))',
      "r = sm.calibration(z, y, temperature='fit')"
    ].join('\n')
  ]);
  const cell = lab.locator('.jp-SoftmaxGrid-row[aria-rowindex="2"] [aria-colindex="7"]');
  await expect(cell).toHaveText('0.6652');
  await lab.locator('.jp-SoftmaxTemperature-value').first().fill('2');
  await expect(cell).toHaveText('0.5065'); // softmax([0.5, 1, 1.5])[2]
  await expect(lab.locator('.jp-SoftmaxCalibration-plot svg')).toHaveCount(1);
  await expect
    .poll(() =>
      withApp(lab, app => {
        const outs = app.shell.currentWidget.content.model.cells.get(1).outputs;
        for (let i = 0; i < outs.length; i++) {
          const d = outs.get(i).data;
          if (d['application/vnd.jupyterlab-softmax.calibration+json']) {
            return Object.keys(d).sort().join(',');
          }
        }
        return null;
      })
    )
    .toBe('application/vnd.jupyterlab-softmax.calibration+json,image/png,image/svg+xml,text/plain');
  await screenshot(lab, 'renderers-kernel-cells');
  expect(consoleErrors).toEqual([]);
});
