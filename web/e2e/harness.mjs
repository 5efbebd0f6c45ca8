// The end-to-end harness: a real chainscope server on the calibrated dataset (generated and imported
// into a fresh SQLite file), serving the built dashboard, and Debian's Chromium driven by playwright-core
// (never a downloaded browser). Every page's console errors and failed requests are collected.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

const web = resolve(import.meta.dirname, '..')
export const bin = resolve(process.env.CHAINSCOPE_BIN ?? join(web, '../build/release/chainscope'))
export const outDir = resolve(process.env.CHAINSCOPE_E2E_OUT ?? join(web, '../build/e2e'))
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium'

export const chromiumArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
]

/** Starts `chainscope serve` on a free port; resolves when it prints its URL. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'chainscope-e2e-'))
  execFileSync(bin, ['generate', '--out', join(dir, 'dataset')], { stdio: 'ignore' })
  execFileSync(bin, ['import', join(dir, 'dataset'), '--db', join(dir, 'e2e.db')], { stdio: 'ignore' })
  const child = spawn(bin, ['serve', '--db', join(dir, 'e2e.db'), '--host', '127.0.0.1', '--port', '0', '--web', join(web, 'dist'), '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise((ok, fail) => {
    let text = ''
    const timer = setTimeout(() => fail(new Error(`server did not start: ${text}`)), 20000)
    const onData = (d) => {
      text += d.toString()
      const m = /serving on (http:\/\/[^/\s]+)\//.exec(text)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${text}`)))
  })
  return {
    url,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((ok) => child.once('exit', ok))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser() {
  mkdirSync(outDir, { recursive: true })
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
}

/** A 1366×768 page that records console errors, page errors and failed requests (status ≥ 400). */
export async function openPage(browser, lang = 'zh') {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: lang === 'zh' ? 'zh-CN' : 'en-GB', acceptDownloads: true })
  const page = await context.newPage()
  const problems = []
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`) })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`) })
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`) })
  return { page, problems, close: () => context.close() }
}

/** Waits until no request has been in flight for `quietMs`. */
export async function settle(page, quietMs = 400, timeoutMs = 20000) {
  await page.waitForLoadState('networkidle', { timeout: timeoutMs })
  await page.waitForTimeout(quietMs)
}
