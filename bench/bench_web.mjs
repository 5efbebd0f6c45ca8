// Dashboard benchmark (not a test): bundle sizes (gzip) from web/dist, and in headless Chromium on
// loopback against a real server on the calibrated dataset, the overview's first contentful paint and
// time to its figures, and the map's interactive time (regions and every enterprise point drawn).
// Usage: node bench/bench_web.mjs [--runs 5]   (after scripts/build release and scripts/build-web)
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, resolve } from 'node:path'
import { accounts, launchBrowser, startServer } from '../web/e2e/harness.mjs'

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 5)
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

// ---- browser timings ----
const server = await startServer()
const browser = await launchBrowser()
const fcp = []
const kpis = []
const mapReady = []
let points = 0
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } }) // empty cache each run
    // As an analyst, so the overview loads the weak-link figures too (the slowest view of it).
    await context.request.post(`${server.url}/api/v1/auth/login`, { data: { email: accounts.analyst.email, password: accounts.analyst.password } })
    const page = await context.newPage()
    await page.goto(`${server.url}/`)
    await page.locator('[data-testid="kpi-critical"]').waitFor()
    const t = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      now: performance.now(),
    }))
    fcp.push(t.fcp)
    kpis.push(t.now)
    await page.close()
    const map = await context.newPage()
    await map.goto(`${server.url}/map`)
    await map.waitForFunction(() => {
      const c = window.chainscopeCharts?.['map-chart']
      if (!c) return false
      const geo = c.getModel().getComponent('geo')
      const series = c.getOption().series
      return geo && geo.coordinateSystem.regions.length > 0 && series.length > 2
    }, null, { timeout: 30000, polling: 'raf' })
    mapReady.push(await map.evaluate(() => performance.now()))
    points = await map.evaluate(() => window.chainscopeCharts['map-chart'].getOption().series.slice(1).reduce((n, s) => n + s.data.length, 0))
    await context.close()
  }
} finally {
  await browser.close()
  await server.stop()
}

const timing = [
  ['overview first contentful paint', `${median(fcp).toFixed(0)} ms`, `min ${Math.min(...fcp).toFixed(0)} · max ${Math.max(...fcp).toFixed(0)}`],
  ['overview figures shown', `${median(kpis).toFixed(0)} ms`, `min ${Math.min(...kpis).toFixed(0)} · max ${Math.max(...kpis).toFixed(0)}`],
  [`map interactive (${points} points)`, `${median(mapReady).toFixed(0)} ms`, `min ${Math.min(...mapReady).toFixed(0)} · max ${Math.max(...mapReady).toFixed(0)}`],
]
const pad = (s, n) => s + ' '.repeat(Math.max(0, n - [...s].length))
console.log(`dashboard bundle (web/dist, built ${statSync(join(dist, 'index.html')).mtime.toISOString()})`)
console.log(`${pad('what', 40)}${pad('gzip', 14)}raw`)
for (const r of rows) console.log(`${pad(r[0], 40)}${pad(r[1], 14)}${r[2]}`)
console.log(`\nheadless Chromium, loopback, 1366×768, empty cache, median of ${runs} runs`)
for (const r of timing) console.log(`${pad(r[0], 40)}${pad(r[1], 14)}${r[2]}`)
