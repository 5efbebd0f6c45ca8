// The end-to-end harness: a real chainscope server on the calibrated dataset (generated and imported
// into a fresh SQLite file), serving the built dashboard, and Debian's Chromium driven by playwright-core
// (never a downloaded browser). Every page's console errors and failed requests are collected. The
// accounts the tests sign in with are added with the CLI (`chainscope user add --password-stdin`), each
// with a fresh random password.
import { spawn, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs'
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

/** The accounts of the tests: role, the enterprise of a member or the place of a bureau, and the password (set at start). */
export const accounts = {
  admin: { email: 'admin@e2e.test', role: 'admin', enterprise: null, password: '' },
  analyst: { email: 'analyst@e2e.test', role: 'analyst', enterprise: null, password: '' },
  changan: { email: 'buyer@changan.e2e.test', role: 'member', enterprise: 'changan', password: '' },
  catl: { email: 'seller@catl.e2e.test', role: 'member', enterprise: 'catl-yibin', password: '' },
  caeri: { email: 'lab@caeri.e2e.test', role: 'member', enterprise: 'caeri', password: '' },
  jiangjin: { email: 'invest@jiangjin.e2e.test', role: 'bureau', place: '500116', password: '' },
  yibin: { email: 'invest@yibin.e2e.test', role: 'bureau', place: '511500', password: '' },
  coordinator: { email: 'office@pilot.e2e.test', role: 'coordinator', password: '' },
}

/**
 * Starts `chainscope serve` on a free port; resolves when it prints its URL. With `duplicate`, the dataset
 * also holds changan-dup: Changan again, under its legal names, as a second import would bring it; with
 * `promotion`, the joint-promotion pilot's demonstration registry (`chainscope promotion seed`); with
 * `services`, the institutes' demonstration catalogue (`chainscope service seed`).
 */
export async function startServer({ duplicate = false, promotion = false, services = false, scale = 1 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'chainscope-e2e-'))
  const db = join(dir, 'e2e.db')
  execFileSync(bin, ['generate', '--out', join(dir, 'dataset'), '--scale', String(scale)], { stdio: 'ignore' })
  if (duplicate)
    appendFileSync(join(dir, 'dataset', 'enterprises.csv'),
      'changan-dup,"Chongqing Changan Automobile Co., Ltd.",重庆长安汽车股份有限公司,oem,LIANGJIANG,,IATF 16949,60,27208,false,\n')
  execFileSync(bin, ['import', join(dir, 'dataset'), '--db', db], { stdio: 'ignore' })
  if (promotion) execFileSync(bin, ['promotion', 'seed', '--db', db], { stdio: 'ignore' })
  if (services) execFileSync(bin, ['service', 'seed', '--db', db], { stdio: 'ignore' })
  for (const a of Object.values(accounts)) {
    a.password = randomBytes(15).toString('base64url')
    const args = ['user', 'add', '--db', db, '--email', a.email, '--role', a.role, '--password-stdin']
    if (a.enterprise) args.push('--enterprise', a.enterprise)
    if (a.place) args.push('--place', a.place)
    execFileSync(bin, args, { input: `${a.password}\n`, stdio: ['pipe', 'ignore', 'inherit'] })
  }
  const child = spawn(bin, ['serve', '--db', db, '--host', '127.0.0.1', '--port', '0', '--web', join(web, 'dist'), '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise((ok, fail) => {
    let text = ''
    const timer = setTimeout(() => fail(new Error(`server did not start: ${text}`)), Math.min(600_000, 20_000 * scale))
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

/** Signs a fetch-based client in through the API; returns the headers that authenticate its requests. */
export async function signInHeaders(url, account) {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  })
  if (!r.ok) throw new Error(`sign-in of ${account.email}: ${r.status} ${await r.text()}`)
  const cookie = /^[^;]+/.exec(r.headers.get('set-cookie'))[0]
  return { Cookie: cookie, 'X-Requested-With': 'chainscope' }
}

/**
 * A 1366×768 page that records console errors, page errors and failed requests (status ≥ 400). With
 * `as`, the browser is signed in as that account first (its session cookie in the page's context).
 */
export async function openPage(browser, lang = 'zh', { url, as } = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: lang === 'zh' ? 'zh-CN' : 'en-GB', acceptDownloads: true })
  if (as) {
    const r = await context.request.post(`${url}/api/v1/auth/login`, { data: { email: as.email, password: as.password } })
    if (!r.ok()) throw new Error(`sign-in of ${as.email}: ${r.status()}`)
  }
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

/**
 * Re-reads `read()` until `accept(value)` holds (every 50 ms, up to `timeoutMs`), then returns the value; fails
 * naming `what` and the last value read. locator.count() and innerText() read once: on a page still drawing they
 * give what it had so far (a count of 0 right after a neighbour appeared made a test fail 3 runs in 4).
 */
export async function until(read, accept, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs
  let value
  for (;;) {
    try {
      value = await read()
      if (accept(value)) return value
    } catch (e) {
      value = `(${e instanceof Error ? e.message : e})`
    }
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Waits until the locator matches exactly `n` elements. */
export function expectCount(locator, n, what = `${n} × ${locator}`) {
  return until(() => locator.count(), (c) => c === n, what)
}

/** Waits until the locator's text contains `pattern` (a string) or matches it (a RegExp); returns the text. */
export function expectText(locator, pattern, what = `text of ${locator} ~ ${pattern}`) {
  return until(() => locator.innerText(), (t) => (typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t)), what)
}

/** Waits until the element is visible and wholly inside the viewport as it stands (no scrolling): seen. */
export async function expectInView(page, locator, what = `${locator} in view`) {
  await locator.waitFor({ state: 'visible' })
  const { width, height } = page.viewportSize()
  await until(() => locator.boundingBox(), (b) => b !== null && b.width > 0 && b.height > 0 && b.x >= 0 && b.y >= 0 &&
    b.x + b.width <= width + 1 && b.y + b.height <= height + 1, what)
}

/**
 * Picks from an Element Plus select as a person does: opens it, types `typed`, clicks the option whose text
 * contains `option`, and waits until the list has closed — clicking again when a remote search re-drew the
 * list under the first click (under load the click can land on the list being replaced; the list then stays
 * open over the form and hides the submit button).
 */
export async function choose(page, select, typed, option) {
  await select.click()
  await page.keyboard.type(typed)
  const visible = page.locator('.el-select-dropdown__item:visible')
  await until(async () => {
    const item = visible.filter({ hasText: option }).first()
    if (await item.count()) await item.click({ timeout: 2000 }).catch(() => {})
    return visible.count()
  }, (n) => n === 0, `choose '${option}' and see the list close`)
}
