/**
 * Browser tests against a real `jupyter lab` from .venv (the installed wheel),
 * driven through Debian's chromium. Never downloads a browser.
 */
import { defineConfig } from '@playwright/test';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const port = process.env.SOFTMAX_UI_PORT || '8899';
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  outputDir: path.join(root, 'test-results', 'ui'),
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1, // one server, one browser: 2-core machines
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    video: 'off', // video needs Playwright's own ffmpeg download
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic'
      ]
    }
  },
  webServer: {
    command: `"${path.join(root, '.venv', 'bin', 'jupyter')}" lab --config "${path.join(__dirname, 'jupyter_server_test_config.py')}"`,
    cwd: root,
    url: `${baseURL}/lab`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe'
  }
});
