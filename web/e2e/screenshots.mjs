// Regenerates the README's dashboard screenshots (docs/dashboard/*.png, small): a real server on the
// calibrated dataset, headless Chromium at 1366×768 drawn at 0.6 scale.
// Usage: node web/e2e/screenshots.mjs   (after scripts/build release and scripts/build-web)
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { accounts, launchBrowser, settle, startServer } from './harness.mjs'

const out = resolve(import.meta.dirname, '../../docs/dashboard')
mkdirSync(out, { recursive: true })
const shots = [
  ['overview', '/', '[data-testid="kpi-critical"]'],
  ['map', '/map', '[data-testid="map-chart"] canvas'],
  ['chain', '/chain?component=BAT-PACK', '[data-testid="component-detail"]'],
  ['matchmaking', '/matchmaking?demand=DM00001', '[data-testid="candidates-table"] tbody tr'],
  ['flows-en', '/flows?lang=en', '[data-testid="sankey"] canvas'],
]
const server = await startServer()
const browser = await launchBrowser()
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 0.6 })
  // Signed in as an analyst: every page, with the weak-link figures.
  await context.request.post(`${server.url}/api/v1/auth/login`, { data: { email: accounts.analyst.email, password: accounts.analyst.password } })
  const page = await context.newPage()
  for (const [name, path, ready] of shots) {
    await page.goto(server.url + path)
    await page.locator(ready).first().waitFor()
    await settle(page)
    if (name === 'matchmaking') await page.locator('[data-testid="candidates-panel"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(out, `${name}.png`) })
  }
  const page2 = await context.newPage()
  await page2.goto(`${server.url}/resilience`)
  await page2.locator('[data-testid="run-stress"]').click()
  await page2.locator('[data-testid="stress-chart"] canvas').first().waitFor({ timeout: 60000 })
  await settle(page2)
  await page2.screenshot({ path: join(out, 'resilience.png') })
} finally {
  await browser.close()
  await server.stop()
}
