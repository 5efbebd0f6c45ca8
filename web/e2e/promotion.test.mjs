// End-to-end test of joint investment promotion in headless Chromium against the real server: Jiangjin's
// bureau registers a battery-pack project of 宁德时代 from the page; Yibin's bureau registers the same
// company by its English name and is told of the clash; both find the notice; Yibin's lead, the later one
// of a protected project, waits at negotiating; the coordinator decides a 50/50 co-built project from the
// clashes queue; the KPI page changes (the two leads become one project, half in each place).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { accounts, choose, expectCount, expectInView, expectText, launchBrowser, openPage, outDir, startServer } from './harness.mjs'

let server
let browser
before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const input = (page, id) => page.locator(`[data-testid="${id}"] input, input[data-testid="${id}"], [data-testid="${id}"] textarea, textarea[data-testid="${id}"]`).first()

/** Registers a lead from the registry tab's dialog; returns the message the page showed. */
async function register(page, { nameZh = '', nameEn = '', investment }) {
  await page.locator('[data-testid="lead-new"]').click()
  await expectInView(page, page.locator('[data-testid="lead-dialog"]'))
  if (nameZh) await input(page, 'lead-name-zh').fill(nameZh)
  if (nameEn) await input(page, 'lead-name-en').fill(nameEn)
  await choose(page, page.locator('[data-testid="lead-component"]'), 'BAT-PACK', '(BAT-PACK)')
  await input(page, 'lead-project').fill(nameZh ? '动力电池包基地' : 'Battery pack base')
  await input(page, 'lead-investment').fill(String(investment))
  await page.locator('[data-testid="lead-save"]').click()
  const message = page.locator('.el-message').last()
  await message.waitFor()
  return message.innerText()
}

test('two bureaus enter the same investor, both are told, the coordinator decides, and the KPIs change', async () => {
  // Jiangjin's bureau, in Chinese.
  const jiangjin = await openPage(browser, 'zh', { url: server.url, as: accounts.jiangjin })
  try {
    const { page, problems } = jiangjin
    await page.goto(`${server.url}/promotion?lang=zh`)
    await expectInView(page, page.getByRole('tab', { name: '线索登记' }))
    assert.match(await register(page, { nameZh: '宁德时代新能源科技股份有限公司', investment: 2000000000 }), /已登记线索 LD00001/)
    await expectText(page.locator('[data-testid="leads"]'), 'LD00001')
    assert.deepEqual(problems, [])
  } finally {
    await jiangjin.close()
  }

  // Yibin's bureau, in English: the same company by its English name — a clash, said at once.
  const yibin = await openPage(browser, 'en', { url: server.url, as: accounts.yibin })
  try {
    const { page, problems } = yibin
    await page.goto(`${server.url}/promotion?lang=en`)
    const said = await register(page, { nameEn: 'Contemporary Amperex Technology Co., Limited', investment: 1500000000 })
    assert.match(said, /Lead LD00002 registered; it clashes with LD00001/)
    // The new lead's card opens: held back (contested) and naming the lead it clashes with.
    await expectInView(page, page.locator('[data-testid="lead-contested"]'))
    await expectText(page.locator('[data-testid="lead-clashes"]'), 'LD00001')
    await page.keyboard.press('Escape')
    await expectCount(page.locator('[data-testid="lead-card"]:visible'), 0, 'the card closed')
    // Its notice.
    await page.getByRole('tab', { name: 'Notices' }).click()
    const notice = page.locator('[data-event="lead.clash"]').first()
    await expectInView(page, notice)
    assert.match(await notice.innerText(), /Clash: LD00002 of Yibin .*meets LD00001/)
    // Jiangjin's lead, seen from Yibin: its investor and stage, never its amounts.
    await page.goto(`${server.url}/promotion?lang=en&lead=LD00001`)
    await expectInView(page, page.locator('[data-testid="lead-summary-only"]'))
    assert.doesNotMatch(await page.locator('[data-testid="lead-card"]').innerText(), /2,000,000,000|20 亿|2 billion|Planned investment/)
    assert.deepEqual(problems, [])
  } finally {
    await yibin.close()
  }

  // Jiangjin finds the same notice.
  const back = await openPage(browser, 'zh', { url: server.url, as: accounts.jiangjin })
  try {
    await back.page.goto(`${server.url}/promotion?lang=zh&tab=inbox`)
    const notice = back.page.locator('[data-event="lead.clash"]').first()
    await expectInView(back.page, notice)
    assert.match(await notice.innerText(), /线索冲突/)
    assert.deepEqual(back.problems, [])
  } finally {
    await back.close()
  }

  // The coordinator: the KPIs before, the clash in the queue, a 50/50 co-built decision, the KPIs after.
  const office = await openPage(browser, 'en', { url: server.url, as: accounts.coordinator })
  try {
    const { page, problems } = office
    await page.goto(`${server.url}/promotion?lang=en&tab=kpis`)
    await expectText(page.locator('[data-testid="kpi-total-leads"]'), /^2$/)
    await expectCount(page.locator('[data-testid="kpis"] tbody tr'), 3, 'Jiangjin, Yibin and the total')
    await page.getByRole('tab', { name: /Clashes \(1\)/ }).click()
    await expectInView(page, page.locator('[data-testid="conflict-0"]'))
    await page.locator('[data-testid="decide-0"]').click()
    await expectInView(page, page.locator('[data-testid="decision-dialog"]'))
    await page.locator('[data-testid="decision-mode"]').getByText('Co-built, by shares').click()
    await input(page, 'share-500116').fill('50')
    await input(page, 'share-511500').fill('50')
    await input(page, 'decision-note').fill('one plant for both')
    await page.locator('[data-testid="decision-save"]').click()
    await page.getByText('Decided; lead LD00001 keeps the project').waitFor()
    await expectCount(page.locator('[data-testid="conflict-0"]'), 0, 'the queue is empty')
    await page.getByRole('tab', { name: 'KPIs' }).click()
    await expectText(page.locator('[data-testid="kpi-total-leads"]'), /^1$/)
    await expectText(page.locator('[data-testid="kpis"] tbody'), /Jiangjin\s+0\.5/)
    await expectText(page.locator('[data-testid="kpis"] tbody'), /Yibin\s+0\.5/)
    await page.screenshot({ path: join(outDir, 'promotion-kpis-en.png') })
    assert.deepEqual(problems, [])
  } finally {
    await office.close()
  }

  // Yibin now shares the project: it sees it in full, with its shares.
  const shared = await openPage(browser, 'zh', { url: server.url, as: accounts.yibin })
  try {
    await shared.page.goto(`${server.url}/promotion?lang=zh&lead=LD00001`)
    await expectText(shared.page.locator('[data-testid="lead-shares"]'), /江津区 50% · 宜宾市 50%/)
    await shared.page.screenshot({ path: join(outDir, 'promotion-lead-zh.png') })
    // Yibin adds a policy of its place to the library; the rules are the coordinators' (read-only here).
    await shared.page.goto(`${server.url}/promotion?lang=zh&tab=settings`)
    await expectInView(shared.page, shared.page.getByText('规则由协调机构设定。'))
    await input(shared.page, 'policy-title-zh').fill('宜宾动力电池产业用地保障')
    await input(shared.page, 'policy-title-en').fill('Yibin battery industry land')
    await input(shared.page, 'policy-text-zh').fill('动力电池项目优先供地')
    await input(shared.page, 'policy-text-en').fill('Priority land for battery projects')
    await input(shared.page, 'policy-from').fill('2026-01-01')
    await shared.page.keyboard.press('Enter')
    await shared.page.locator('[data-testid="policy-add"]').click()
    await expectText(shared.page.locator('[data-testid="policies"] tbody'), '宜宾动力电池产业用地保障')
    assert.deepEqual(shared.problems, [])
  } finally {
    await shared.close()
  }
})
