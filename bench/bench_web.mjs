// Dashboard benchmark (not a test): bundle sizes (gzip) from web/dist, and in headless Chromium on
// loopback against a real server on the calibrated dataset, the overview's first contentful paint and
// time to every page's first data, and the map's interactive time (regions and its bubbles drawn), at
// dataset scales 1 and 100 (250,000 enterprises). Targets: first data ≤ 1 s, map interactive ≤ 2 s.
// Usage: node bench/bench_web.mjs [--runs 5] [--scales 1,100]   (after scripts/build release and
// scripts/build-web)
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, resolve } from 'node:path'
import { accounts, launchBrowser, signInHeaders, startServer } from '../web/e2e/harness.mjs'

const flag = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback)
const runs = Number(flag('--runs', 5))
const scales = flag('--scales', '1,100').split(',').map(Number)
const dist = resolve(import.meta.dirname, '../web/dist')

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

// ---- bundle ----
const index = readFileSync(join(dist, 'index.html'), 'utf8')
const entry = /<script type="module" crossorigin src="\/([^"]+)"/.exec(index)[1]
const initial = [entry, ...[...index.matchAll(/href="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])]
const size = (f) => {
  const b = readFileSync(join(dist, f))
  return { raw: b.length, gz: gzipSync(b, { level: 9 }).length }
}
const assets = readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`)
const sum = (files) => files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 })
const rows = [
  ['main chunk (app code, gzip)', kib(size(entry).gz), kib(size(entry).raw)],
  ['first load, all JS + CSS (gzip)', kib(sum(initial).gz), kib(sum(initial).raw)],
  ['ECharts chunk (charts pages only)', kib(sum(assets.filter((f) => /\/echarts-/.test(f))).gz), kib(sum(assets.filter((f) => /\/echarts-/.test(f))).raw)],
  ['map boundaries (map page only)', kib(sum(assets.filter((f) => /\/(chongqing|sichuan)-/.test(f))).gz), kib(sum(assets.filter((f) => /\/(chongqing|sichuan)-/.test(f))).raw)],
  ['everything in dist/assets', kib(sum(assets).gz), kib(sum(assets).raw)],
]

// ---- browser timings, at each scale ----
// Each page's first data: from navigation to the first element that shows what the server answered.
// The selectors are those the end-to-end tests wait for.
const pages = [
  ['overview', '/', '[data-testid="kpi-critical"]'],
  ['map', '/map', '[data-testid="map-count"]'],
  ['chain', '/chain?component=BAT-PACK', '[data-testid="component-detail"]'],
  ['flows', '/flows', '[data-testid="sankey"] canvas'],
  ['matchmaking', '/matchmaking?demand=DM00001', '[data-testid="candidates-table"] tbody tr'],
  ['resilience', '/resilience', '[data-testid="run-stress"]'],
  ['investment', '/investment?wc=BAT-PACK&wp=511600', '[data-testid="whatif-table"]'],
]
const tables = []
const kPageLimitMs = 60000
// What the pages ask the server for first: how long the server takes to answer (the rest of a page's time is
// the browser's).
const answers = [
  '/places',
  '/places/enterprises',
  '/enterprises?limit=1000',
  '/taxonomy',
  '/analytics/weak-links?limit=5',
  '/enterprises?component=BAT-PACK&limit=1000',
  '/links/buyers?component=BAT-PACK',
  '/analytics/flows',
  '/demands?status=open&limit=1000',
  '/analytics/invest?top=30&per_component=3&radius_km=100',
]
for (const scale of scales) {
  const server = await startServer({ scale })
  const browser = await launchBrowser()
  const fcp = []
  const firstData = new Map(pages.map(([name]) => [name, []]))
  const mapReady = []
  const answerMs = new Map()  // request → [ms, bytes]
  let points = 0
  try {
    // The server's answers, read with fetch before any page asks (so none is a view cached for the
    // revision: the server computes each).
    const headers = await signInHeaders(server.url, accounts.analyst)
    for (const a of answers) {
      const t = performance.now()
      const r = await fetch(`${server.url}/api/v1${a}`, { headers })
      const body = await r.text()
      if (!r.ok) throw new Error(`${a}: ${r.status} ${body}`)
      answerMs.set(a, [performance.now() - t, body.length])
    }
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } }) // empty cache each run
      // As an analyst, so the overview loads the weak-link figures too (the slowest view of it).
      await context.request.post(`${server.url}/api/v1/auth/login`, { data: { email: accounts.analyst.email, password: accounts.analyst.password } })
      for (const [name, path, ready] of pages) {
        const page = await context.newPage()
        await page.goto(`${server.url}${path}`)
        // A page that shows nothing in time counts as the time limit (and is reported as such).
        const shown = await page.locator(ready).first().waitFor({ timeout: kPageLimitMs }).then(() => true, () => false)
        const t = await page.evaluate(() => ({ fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN, now: performance.now() }))
        if (name === 'overview') fcp.push(t.fcp)
        firstData.get(name).push(shown ? t.now : Infinity)
        await page.close()
      }
      // The map is interactive when its regions and its bubbles are drawn.
      const map = await context.newPage()
      await map.goto(`${server.url}/map`)
      const drawn = await map
        .waitForFunction(() => {
          const c = window.chainscopeCharts?.['map-chart']
          if (!c) return false
          const geo = c.getModel().getComponent('geo')
          const series = c.getOption().series
          return geo && geo.coordinateSystem.regions.length > 0 && series.length > 2
        }, null, { timeout: kPageLimitMs, polling: 'raf' })
        .then(() => true, () => false)
      mapReady.push(drawn ? await map.evaluate(() => performance.now()) : Infinity)
      if (drawn) points = await map.evaluate(() => window.chainscopeCharts['map-chart'].getOption().series.slice(1).reduce((n, s) => n + s.data.length, 0))
      await context.close()
    }
  } finally {
    await browser.close()
    await server.stop()
  }
  const row = (what, xs, target) => [what, Number.isFinite(median(xs)) ? `${median(xs).toFixed(0)} ms` : `> ${kPageLimitMs} ms`, `min ${Math.min(...xs).toFixed(0)} · max ${Math.max(...xs).toFixed(0)}`, target === undefined ? '' : median(xs) <= target ? `≤ ${target} ms: met` : `≤ ${target} ms: NOT MET`]
  tables.push({
    scale,
    answers: answers.map((a) => [a, `${answerMs.get(a)[0].toFixed(0)} ms`, `${(answerMs.get(a)[1] / 1024).toFixed(0)} KiB`]),
    rows: [
      row('overview first contentful paint', fcp),
      ...pages.map(([name]) => row(`${name}: first data`, firstData.get(name), 1000)),
      row(`map interactive (${points} bubbles)`, mapReady, 2000),
    ],
  })
}

const pad = (s, n) => s + ' '.repeat(Math.max(0, n - [...s].length))
console.log(`dashboard bundle (web/dist, built ${statSync(join(dist, 'index.html')).mtime.toISOString()})`)
console.log(`${pad('what', 40)}${pad('gzip', 14)}raw`)
for (const r of rows) console.log(`${pad(r[0], 40)}${pad(r[1], 14)}${r[2]}`)
for (const { scale, rows: timing, answers: served } of tables) {
  console.log(`\nscale ${scale}: the server's first answer to what the pages ask first (fetch, signed in as an analyst)`)
  console.log(`${pad('request', 56)}${pad('time', 10)}size`)
  for (const r of served) console.log(`${pad(r[0], 56)}${pad(r[1], 10)}${r[2]}`)
  console.log(`\nscale ${scale}: headless Chromium, loopback, 1366×768, empty cache, signed in as an analyst, median of ${runs} runs`)
  console.log(`${pad('what', 40)}${pad('median', 14)}${pad('spread', 26)}target`)
  for (const r of timing) console.log(`${pad(r[0], 40)}${pad(r[1], 14)}${pad(r[2], 26)}${r[3]}`)
}
