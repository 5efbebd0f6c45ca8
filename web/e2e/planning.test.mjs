// End-to-end test of planning in headless Chromium against the real server: CATL's Yibin plant (a member)
// asks, in Chinese, where to build a battery-pack plant within 300 km of its buyers — the optimum, its
// customers, the ranking and its sensitivity, the before/after — and moves a weight slider, which must sum to
// 100% before the ranking is recomputed; an analyst reads, in English, how far Chongqing's NEV makers' local
// sourcing can rise and which component's missing capacity stops 65%.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, choose, expectInView, expectText, launchBrowser, openPage, startServer } from './harness.mjs'

let server
let browser
before(async () => {
  server = await startServer({ promotion: true })
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const input = (page, id) => page.locator(`[data-testid="${id}"] input`).first()

test('a parts maker finds where to build, sees whom the plant serves, and reweighs the ranking', async () => {
  const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.catl })
  try {
    await page.goto(`${server.url}/site-selection?lang=zh`)
    await expectInView(page, page.locator('[data-testid="nav-site"]'))
    assert.equal((await page.locator('[data-testid="nav-site"]').innerText()).trim(), '选址')
    await expectInView(page, page.locator('[data-testid="site-own"]'))
    await choose(page, page.locator('[data-testid="site-component"]'), 'BAT-PACK', '(BAT-PACK)')
    await input(page, 'site-capacity').fill('200000')
    await input(page, 'site-radius').fill('300')
    await page.locator('[data-testid="site-run"]').click()
    const summary = page.locator('[data-testid="site-summary"]')
    await expectInView(page, summary)
    const text = await expectText(summary, '已证最优')
    assert.match(text, /年总成本 [\d.,]+ 亿元/)
    assert.match(text, /单厂投资 [\d.,]+ 亿元/)
    // The chosen sites (the existing Yibin plant and one new one) and the customers they serve, by name.
    const chosen = page.locator('[data-testid="site-chosen"]')
    await chosen.scrollIntoViewIfNeeded()
    await expectText(chosen, '现有工厂')
    await expectText(chosen, '合川')
    await expectInView(page, chosen)
    const map = page.locator('[data-testid="site-map"]')
    await map.scrollIntoViewIfNeeded()
    await expectInView(page, map)
    // The ranking, and for each weight how far it moves before first place changes.
    const sensitivity = page.locator('[data-testid="site-sensitivity"] li')
    await sensitivity.first().scrollIntoViewIfNeeded()
    assert.equal(await sensitivity.count(), 6)
    await expectText(page.locator('[data-testid="site-sensitivity"]'), '周边采购方（30%）')
    // A weight moved: 105% cannot be applied; scaled back to 100% it can, and the ranking is recomputed.
    const sum = page.locator('[data-testid="weight-sum"]')
    await sum.scrollIntoViewIfNeeded()
    await page.locator('[data-testid="weight-incentives"] .el-slider__button-wrapper').focus()
    await page.keyboard.press('ArrowRight')
    await expectText(sum, '合计 105%')
    assert.equal(await page.locator('[data-testid="weights-apply"]').isDisabled(), true)
    await page.getByRole('button', { name: '按比例调整为 100%' }).click()
    await expectText(sum, '合计 100%')
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/analytics/site-selection') && r.status() === 200)
    await page.locator('[data-testid="weights-apply"]').click()
    const body = (await answered).request().postDataJSON()
    assert.equal(Object.values(body.weights).reduce((a, b) => a + b, 0).toFixed(6), '1.000000')
    await expectText(page.locator('[data-testid="site-sensitivity"]'), '招商政策（14%）')
    // What the new plant changes.
    const whatIf = page.locator('[data-testid="site-whatif"]')
    await whatIf.scrollIntoViewIfNeeded()
    await expectInView(page, whatIf.getByText('重庆采购方本地配套率（按金额）'))
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('an analyst reads the localization frontier and the components that stop a higher target', async () => {
  const { page, problems, close } = await openPage(browser, 'en', { url: server.url, as: accounts.analyst })
  try {
    await page.goto(`${server.url}/map?lang=en`)
    const panel = page.locator('[data-testid="frontier-panel"]')
    await panel.scrollIntoViewIfNeeded()
    await expectText(page.locator('[data-testid="frontier-today"]'), /Today 29\.\d% /)
    await expectText(page.locator('[data-testid="frontier-verdict"]'), 'The target 45.0% is reached at a premium of 0.00%')
    await expectInView(page, page.locator('[data-testid="frontier-chart"]'))
    await input(page, 'frontier-target').fill('65')
    await input(page, 'frontier-target').press('Enter')
    await expectText(page.locator('[data-testid="frontier-verdict"]'), 'No premium reaches 65.0%: local capacity allows at most 55.2%')
    const blocking = page.locator('[data-testid="frontier-blocking"]')
    await expectText(blocking, 'Battery pack:')
    await expectInView(page, blocking)
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})
