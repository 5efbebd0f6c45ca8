// End-to-end test of R&D and testing services, in headless Chromium against the real server with the
// institutes' demonstration catalogue: a parts maker (CATL Sichuan) posts an anonymous EMC test request;
// CAERI sees the request without its requester and expresses interest through its EMC service; the maker
// accepts; now both see each other and the contacts; the maker books a slot of CAERI's lab for the request,
// and a second, overlapping slot is refused.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, choose, expectCount, expectInView, expectText, launchBrowser, openPage, settle, startServer, until } from './harness.mjs'

let server
let browser
before(async () => {
  server = await startServer({ services: true })
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const input = (page, id) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()

/** A Saturday at least two weeks ahead, YYYY-MM-DD (the demonstration bookings are on weekdays). */
function saturdayAhead() {
  const d = new Date(Date.now() + 14 * 86400000)
  while (d.getUTCDay() !== 6) d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

test('an anonymous EMC request: interest, acceptance, both sides revealed, a slot booked and an overlap refused', async () => {
  const maker = await openPage(browser, 'zh', { url: server.url, as: accounts.catl })
  const lab = await openPage(browser, 'zh', { url: server.url, as: accounts.caeri })
  try {
    // 1. The maker posts an anonymous EMC request.
    let page = maker.page
    await page.goto(`${server.url}/services?lang=zh&tab=requests`)
    await expectText(page.locator('h1'), '研发与检测服务')
    await expectInView(page, page.locator('[data-testid="request-form"]'))
    await input(page, 'request-standards').fill('CISPR 25, GB/T 18655')
    await page.locator('[data-testid="request-anonymous"]').click()
    await page.locator('textarea[data-testid="request-note"], [data-testid="request-note"] textarea').first().fill('电池管理系统电磁兼容摸底测试')
    await page.locator('[data-testid="request-submit"]').click()
    const posted = page.locator('[data-testid="request-posted"]')
    await expectInView(page, posted)
    const id = /SR\d{5}/.exec(await expectText(posted, /需求 SR\d{5} 已发布/))[0]
    const panel = page.locator('[data-testid="request-panel"]')
    await expectText(panel.locator('[data-testid="request-requester"]'), '四川时代新能源')
    // The ranking: CAERI's and others' EMC services, with reasons in Chinese.
    await expectText(panel.locator('[data-testid="request-ranking"]'), '覆盖所需 2 项标准中的')

    // 2. CAERI sees the request, but not who posted it; it answers with its EMC service.
    page = lab.page
    await page.goto(`${server.url}/services?lang=zh&tab=requests&request=${id}`)
    const seen = page.locator('[data-testid="request-panel"]')
    await expectInView(page, seen)
    await expectText(seen.locator('[data-testid="request-requester"]'), '匿名企业')
    await settle(page)
    assert.ok(!(await page.locator('body').innerText()).includes('时代新能源'), 'CAERI sees the anonymous requester')
    await choose(page, page.locator('[data-testid="interest-service"]'), '电磁兼容', '电磁兼容试验')
    await page.locator('[data-testid="interest-express"]').click()
    await expectText(seen.locator('[data-testid="interest-sent"]'), '已表达意向')

    // 3. The maker accepts CAERI's interest; both contacts are shown.
    page = maker.page
    await page.reload()
    const mine = page.locator('[data-testid="request-panel"]')
    await expectText(mine.locator('[data-testid="interest-list"]'), '中国汽车工程研究院')
    await mine.locator('[data-testid="interest-accept"]').first().click()
    const parties = mine.locator('[data-testid="request-parties"]')
    await expectInView(page, parties)
    await expectText(parties, accounts.caeri.email)
    await expectText(parties, accounts.catl.email)

    // 4. CAERI now sees who asked and whom to call.
    await lab.page.reload()
    const revealed = lab.page.locator('[data-testid="request-panel"]')
    await expectText(revealed.locator('[data-testid="request-requester"]'), '四川时代新能源')
    await expectText(revealed.locator('[data-testid="request-parties"]'), accounts.catl.email)

    // 5. The maker books a slot of CAERI's EMC lab for the request; the same hours again are refused.
    await parties.locator('[data-testid="request-book"]').click()
    const drawer = page.locator('[data-testid="service-drawer"]')
    await expectText(page.locator('.el-drawer__header'), '电磁兼容试验')
    await expectInView(page, drawer.locator('.el-descriptions'))
    await drawer.locator('[data-testid="booking-calendar"]').waitFor({ state: 'visible' })
    const day = saturdayAhead()
    const form = drawer.locator('[data-testid="booking-form"]')
    await form.scrollIntoViewIfNeeded()
    await input(page, 'booking-day').fill(day)
    await page.keyboard.press('Enter')
    await choose(page, form.locator('[data-testid="booking-from"]'), '09', '09:00')
    await choose(page, form.locator('[data-testid="booking-to"]'), '12', '12:00')
    await form.locator('[data-testid="booking-submit"]').click()
    const done = form.locator('[data-testid="booking-done"]')
    await expectInView(page, done)
    await expectText(done, /已预约 BK\d{5}/)
    await until(() => drawer.locator('[data-testid="booking-list"] .el-table__row').filter({ hasText: '四川时代新能源' }).count(), (n) => n >= 1, 'the booking listed with its booker')
    await choose(page, form.locator('[data-testid="booking-from"]'), '10', '10:00')
    await choose(page, form.locator('[data-testid="booking-to"]'), '13', '13:00')
    await form.locator('[data-testid="booking-submit"]').click()
    const refused = form.locator('[data-testid="error"]')
    await expectInView(page, refused)
    await expectText(refused, '该时段与已有预约')
    await expectCount(drawer.locator('[data-testid="booking-list"] .el-table__row').filter({ hasText: '四川时代新能源' }), 1)
    // The only failed request is the refused booking (409).
    const failures = maker.problems.filter((p) => !/HTTP 409: .*\/bookings$/.test(p) && !/console: .*status of 409/.test(p))
    assert.deepEqual(failures, [])
    assert.deepEqual(lab.problems, [])
  } finally {
    await maker.close()
    await lab.close()
  }
})
