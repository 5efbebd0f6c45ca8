// End-to-end tests of the dashboard in headless Chromium against the real server and the calibrated
// dataset, signed in as the role each page is for. Screenshots of every page at 1366×768 go to build/e2e/
// (kept as CI artifacts). The sign-in, the pages each role may open and what a member sees of other
// enterprises are in e2e/accounts.test.mjs.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { accounts, launchBrowser, openPage, outDir, settle, signInHeaders, startServer, until, expectCount, expectText, choose } from './harness.mjs'

let server
let browser
/** The API as an analyst sees it: every enterprise's data. */
let analystHeaders
before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  analystHeaders = await signInHeaders(server.url, accounts.analyst)
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

async function api(path, init = {}) {
  const r = await fetch(`${server.url}/api/v1${path}`, { ...init, headers: { ...analystHeaders, 'Content-Type': 'application/json', ...init.headers } })
  assert.ok(r.ok, `${path}: ${r.status}`)
  return r.json()
}

const pages = [
  ['overview', '/', '[data-testid="kpi-vehicle_makers"]'],
  ['map', '/map', '[data-testid="map-chart"] canvas'],
  ['chain', '/chain?component=BAT-PACK', '[data-testid="component-detail"]'],
  ['flows', '/flows', '[data-testid="sankey"] canvas'],
  ['matchmaking', '/matchmaking?demand=DM00001', '[data-testid="candidates-table"] tbody tr'],
  ['resilience', '/resilience', '[data-testid="run-stress"]'],
  ['investment', '/investment?wc=BAT-PACK&wp=511600', '[data-testid="whatif-table"]'],
]

describe('every page', () => {
  for (const [name, path, ready] of pages)
    test(`${name} loads with no console error and no failed request`, async () => {
      const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.analyst })
      try {
        await page.goto(server.url + path)
        await page.locator(ready).first().waitFor({ timeout: 20000 })
        await settle(page)
        await page.screenshot({ path: join(outDir, `${name}.png`) })
        // The printed report (A4 landscape, from the print style sheet), kept beside the screenshots.
        if (name === 'overview') await page.pdf({ path: join(outDir, 'overview-print.pdf'), format: 'A4', landscape: true, printBackground: true })
        assert.deepEqual(problems, [])
        await expectCount(page.locator('[data-testid="error"]'), 0, 'an error is shown')
      } finally {
        await close()
      }
    })
})

test('the map draws Chongqing districts and Sichuan cities', async () => {
  const places = (await api('/places')).places
  const { page, problems, close } = await openPage(browser) // anonymous: the map is public
  try {
    // No enterprise matches this text, so no point covers a region and hovering shows the region.
    await page.goto(`${server.url}/map?q=zzzz-no-such-enterprise`)
    await page.locator('[data-testid="map-chart"] canvas').first().waitFor()
    await settle(page)
    for (const [code, expected] of [['500116', '江津区'], ['510700', '绵阳市'], ['LIANGJIANG', '两江新区']]) {
      const p = places.find((x) => x.code === code)
      const [x, y] = await page.evaluate(([lon, lat]) => window.chainscopeCharts['map-chart'].convertToPixel({ geoIndex: 0 }, [lon, lat]), [p.lon, p.lat])
      const box = await page.locator('[data-testid="map-chart"] canvas').first().boundingBox()
      await page.mouse.move(box.x + x, box.y + y)
      await page.waitForTimeout(300)
      const tip = await page.evaluate(() => [...document.querySelectorAll('div')].filter((d) => d.style.zIndex === '9999999' && d.style.display !== 'none').map((d) => d.innerText).join('\n'))
      assert.ok(tip.includes(expected), `hovering ${code} shows "${tip}"`)
    }
    const regions = await page.evaluate(() => window.chainscopeCharts['map-chart'].getModel().getComponent('geo').coordinateSystem.regions.map((r) => r.name))
    assert.equal(regions.length, 58)
    assert.ok(regions.includes('500116') && regions.includes('510100') && regions.includes('LIANGJIANG'))
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('the map draws the server\'s counts per place as bubbles, and a bubble filters the list to its place', async () => {
  const counts = await api('/places/enterprises?assembly=BAT')
  const places = new Map((await api('/places')).places.map((p) => [p.code, p]))
  const onMap = counts.places.filter((c) => ['Chongqing', 'Sichuan'].includes(places.get(c.place).province))
  const { page, problems, close } = await openPage(browser, 'en')
  try {
    await page.goto(`${server.url}/map?lang=en&assembly=BAT`)
    await page.locator('[data-testid="map-chart"] canvas').first().waitFor()
    await settle(page)
    await expectText(page.locator('[data-testid="map-count"]'), `${counts.total.toLocaleString('en-US')} enterprises match`)
    // One bubble per place on the map for the one group the filter leaves, its size from its count.
    const bubbles = await page.evaluate(() =>
      window.chainscopeCharts['map-chart'].getOption().series.filter((s) => s.type === 'scatter').flatMap((s) => s.data.map((d) => ({ place: d.place, n: d.value[2] }))),
    )
    assert.deepEqual(
      bubbles.map((b) => `${b.place}:${b.n}`).sort(),
      onMap.map((c) => `${c.place}:${c.groups.BAT}`).sort(),
    )
    // The place with the most: click its bubble, and the list is that place's.
    const top = onMap.reduce((a, b) => (b.enterprises > a.enterprises ? b : a))
    const [x, y] = await page.evaluate((place) => {
      const chart = window.chainscopeCharts['map-chart']
      const series = chart.getOption().series.findIndex((s) => s.type === 'scatter')
      const i = chart.getOption().series[series].data.findIndex((d) => d.place === place)
      return chart.convertToPixel({ seriesIndex: series }, chart.getOption().series[series].data[i].value.slice(0, 2))
    }, top.place)
    const box = await page.locator('[data-testid="map-chart"] canvas').first().boundingBox()
    await page.mouse.click(box.x + x, box.y + y)
    await until(() => page.url(), (u) => u.includes(`place=${top.place}`), 'the place in the URL')
    await settle(page)
    await expectText(page.locator('[data-testid="enterprise-table-count"]'), String(top.enterprises))
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('a demand a member posts through the form appears in the list, and its candidates are those of POST /match', async () => {
  const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.changan })
  try {
    await page.goto(`${server.url}/matchmaking?tab=post`)
    await page.locator('[data-testid="form-submit"]').waitFor()
    // Submitting an empty form marks the fields, and nothing is posted. The buyer is the member's own
    // enterprise, fixed.
    await page.locator('[data-testid="form-submit"]').click()
    await page.locator('.el-form-item__error').first().waitFor()
    await until(() => page.locator('.el-form-item__error').count(), (n) => n >= 2, 'two field errors at least')
    await expectText(page.locator('[data-testid="form-buyer"]'), '长安汽车')
    assert.ok(await page.locator('[data-testid="form-buyer"] input').isDisabled())

    await choose(page, page.locator('[data-testid="form-component"]'), 'BAT-PACK', '(BAT-PACK)')
    await page.locator('[data-testid="form-quantity"] input').fill('12345')
    await page.locator('input[data-testid="form-start"], [data-testid="form-start"] input').first().fill('2027-03-01')
    await page.keyboard.press('Enter')
    await page.locator('[data-testid="form-submit"]').click()
    await page.waitForURL(/demand=DM\d+/)
    const id = new URL(page.url()).searchParams.get('demand')

    const stored = await api(`/demands/${id}`)
    assert.equal(stored.buyer, 'changan')
    assert.equal(stored.component, 'BAT-PACK')
    assert.equal(stored.annual_quantity, 12345)
    assert.equal(stored.start_date, '2027-03-01')

    await page.locator('[data-testid="demands-table"]').getByText(id, { exact: true }).first().waitFor()
    await page.locator('[data-testid="candidates-table"] tbody tr').first().waitFor()
    await settle(page)
    const shown = await page.locator('[data-testid="candidates-table"] tbody tr td:nth-child(2)').allInnerTexts()
    const match = await api('/match', { method: 'POST', body: JSON.stringify({ demand: id, top: 20 }) })
    const expected = match.candidates.slice(0, shown.length).map((c) => c.name_zh || c.name)
    assert.ok(shown.length > 0)
    assert.deepEqual(shown.map((s) => s.trim()), expected)
    // Closing it from the list (If-Match its ETag) closes the stored demand.
    await page.locator(`[data-testid="close-${id}"]`).first().click()
    await page.waitForFunction(async (path) => (await (await fetch(path)).json()).status === 'closed', `/api/v1/demands/${id}`)
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('an offer a supplier posts through its form is stored and listed; a missing price is marked at its field; the price stays its own', async () => {
  const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.catl })
  try {
    const before = (await api('/offers?limit=1')).total
    await page.goto(`${server.url}/matchmaking?tab=offers`)
    await page.locator('[data-testid="offers-table"] tbody tr').first().waitFor()
    await page.locator('.offer-form summary').click()
    await expectText(page.locator('[data-testid="offer-supplier"]'), '四川时代新能源')
    await choose(page, page.locator('[data-testid="offer-component"]'), 'BAT-PACK', '(BAT-PACK)')
    await page.locator('[data-testid="offer-form"] button[type="submit"]').click()
    await page.locator('[data-testid="offer-form"] .el-form-item__error').first().waitFor() // no price yet
    assert.equal((await api('/offers?limit=1')).total, before, 'nothing was posted while a field was wrong')
    await page.locator('[data-testid="offer-form"] .el-input-number input').nth(1).fill('43210.5')
    await page.locator('[data-testid="offer-form"] button[type="submit"]').click()
    await page.locator('.el-message--success').first().waitFor()
    const offers = (await api('/offers?supplier=catl-yibin&component=BAT-PACK')).items
    const mine = offers.find((o) => o.unit_price_yuan === 43210.5)
    assert.ok(mine, JSON.stringify(offers))
    assert.equal(mine.price_public, false)
    await page.locator('[data-testid="offers-table"]').getByText(mine.id, { exact: true }).first().waitFor()
    // A buyer sees the offer, not its price (it was not published).
    const asBuyer = await fetch(`${server.url}/api/v1/offers/${mine.id}`, { headers: await signInHeaders(server.url, accounts.changan) })
    const seen = await asBuyer.json()
    assert.equal(seen.id, mine.id)
    assert.equal(seen.unit_price_yuan, undefined, JSON.stringify(seen))
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('a scenario runs as a job to its chart', async () => {
  const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.analyst })
  try {
    await page.goto(`${server.url}/resilience`)
    await page.locator('[data-testid="run-scenario"]').click()
    await page.waitForURL(/sjob=JB\d+/)
    await page.locator('[data-testid="scenario-summary"]').waitFor({ timeout: 60000 })
    await page.locator('[data-testid="scenario-chart"] canvas').first().waitFor()
    const series = await page.evaluate(() => window.chainscopeCharts['scenario-chart'].getOption().series.length)
    assert.ok(series > 0, 'lost output per OEM is drawn')
    const job = await api(`/stress/${new URL(page.url()).searchParams.get('sjob')}`)
    assert.equal(job.status, 'done')
    assert.equal(series, job.result.by_oem.filter((o) => o.lost_vehicles > 0).length)
    await page.screenshot({ path: join(outDir, 'resilience-scenario.png') })
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('a CSV download holds the rows the table shows, for Excel', async () => {
  const { page, problems, close } = await openPage(browser) // anonymous: the directory is public
  try {
    await page.goto(`${server.url}/map?role=oem`)
    await page.locator('[data-testid="enterprise-table"] tbody tr').first().waitFor()
    await settle(page)
    const count = await page.locator('[data-testid="enterprise-table-count"]').innerText()
    const total = (await api('/enterprises?role=oem&limit=1')).total
    assert.ok(count.includes(String(total)), `${count} vs ${total}`)
    const firstShown = (await page.locator('[data-testid="enterprise-table"] tbody tr:first-child td:first-child').innerText()).trim()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="enterprise-table-csv"]').click()])
    assert.match(download.suggestedFilename(), /^enterprises_r\d+\.csv$/)
    const text = readFileSync(await download.path(), 'utf8')
    assert.equal(text.charCodeAt(0), 0xfeff, 'starts with a byte-order mark')
    const lines = text.slice(1).split('\r\n').filter((l) => l !== '')
    assert.equal(lines.length, total + 1)
    assert.ok(lines[0].startsWith('名称,类型,所在地'), lines[0])
    assert.ok(lines[1].startsWith(firstShown), `${lines[1]} vs ${firstShown}`)
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="enterprise-table-xlsx"]').click()])
    assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK')
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('switching language changes labels and units, and is in the URL', async () => {
  const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.analyst })
  try {
    await page.goto(`${server.url}/`)
    const single = page.locator('[data-testid="kpi-single"] .kpi-value')
    await single.waitFor()
    await expectText(single, /亿元$/)
    assert.equal((await page.locator('[data-testid="nav-map"]').innerText()).trim(), '地图')
    await page.locator('[data-testid="lang-switch"]').click()
    await page.waitForURL(/lang=en/)
    await expectText(single, /bn yuan$/)
    assert.equal((await page.locator('[data-testid="nav-map"]').innerText()).trim(), 'Map')
    // The language follows the user to the next page.
    await page.locator('[data-testid="nav-flows"]').click()
    await page.waitForURL(/\/flows\?lang=en/)
    await page.locator('[data-testid="sankey"] canvas').first().waitFor()
    await settle(page)
    await page.screenshot({ path: join(outDir, 'flows-en.png') })
    assert.ok((await page.locator('h1').innerText()).startsWith('Flows'))
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})
