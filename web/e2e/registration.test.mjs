// End-to-end test of a real enterprise coming in, in headless Chromium against the real server: a parts
// maker registers itself in Chinese with its credit code and licence scan; the administrator reviews the
// application and approves it, and is shown the one-time link; the applicant sets a password with it, signs
// in, and edits the enterprise's profile in the workspace.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, choose, expectInView, expectText, launchBrowser, openPage, startServer } from './harness.mjs'


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

/** The text box of a field: the element itself (el-input puts the test id on its <input>) or inside it. */
const input = (page, id) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()

test('register, approve, set the password with the link, sign in and edit the profile', async () => {
  // 1. The applicant, anonymous, in Chinese.
  const applicant = await openPage(browser, 'zh', { url: server.url })
  let link = ''
  try {
    const page = applicant.page
    await page.goto(`${server.url}/login?lang=zh`)
    await page.locator('[data-testid="login-register"]').click()
    await expectInView(page, page.locator('[data-testid="register-name-zh"]'))
    await expectText(page.locator('h1'), '企业注册申请')
    await input(page, 'register-name-zh').fill('重庆江津精密齿轮有限公司')
    await input(page, 'register-uscc').fill('9150011620230001x6')
    await choose(page, page.locator('[data-testid="register-place"]'), '江津', '江津区')
    await page.locator('[data-testid="register-components"]').click()
    await page.keyboard.type('CHS-EPS')
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '(CHS-EPS)' }).first().click()
    await page.keyboard.press('Escape')
    await input(page, 'register-applicant').fill('王工')
    await input(page, 'register-email').fill('wang@gears.e2e.test')
    await page.locator('[data-testid="register-licence"]').setInputFiles({
      name: 'licence.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]),
    })
    // A wrong credit code is refused at its field, in the form.
    await input(page, 'register-uscc').fill('9150011620230001X7')
    await page.locator('[data-testid="register-submit"]').click()
    const wrong = page.locator('.el-form-item.is-error').filter({ has: page.locator('[data-testid="register-uscc"]') })
    await expectInView(page, wrong)
    await input(page, 'register-uscc').fill('9150011620230001X6')
    await page.locator('[data-testid="register-submit"]').click()
    const sent = page.locator('[data-testid="register-sent"]')
    await expectInView(page, sent)
    await expectText(sent, /申请已提交（编号 \d+），等待审核/)
  } finally {
    await applicant.close()
  }

  // 2. The administrator approves it and is shown the one-time link.
  const admin = await openPage(browser, 'zh', { url: server.url, as: accounts.admin })
  try {
    const page = admin.page
    await page.goto(`${server.url}/accounts?lang=zh&tab=registrations`)
    const queue = page.locator('[data-testid="registration-queue"]')
    await expectInView(page, queue)
    await expectText(queue, '重庆江津精密齿轮有限公司')
    await expectText(queue, '9150011620230001X6')
    await expectText(queue, '零部件企业')
    await page.locator('[data-testid="registration-approve"]').first().click()
    const approved = page.locator('[data-testid="registration-approved"]')
    await expectInView(page, approved)
    await expectText(approved, '已通过')
    link = (await page.locator('[data-testid="registration-link"]').innerText()).trim()
    assert.match(link, /\/set-password\?token=cs_p_/)
    await expectText(queue, '没有待审核的申请')
  } finally {
    await admin.close()
  }

  // 3. The applicant sets a password with the link, signs in and edits the profile.
  const user = await openPage(browser, 'zh', { url: server.url })
  try {
    const page = user.page
    await page.goto(`${link}${link.includes('lang=') ? '' : '&lang=zh'}`)
    await expectInView(page, page.locator('[data-testid="set-password-form"]'))
    await input(page, 'set-password-password').fill('gears-password-1')
    await input(page, 'set-password-again').fill('gears-password-1')
    await page.locator('[data-testid="set-password-submit"]').click()
    await expectText(page.locator('[data-testid="set-password-done"]'), '已为 wang@gears.e2e.test 设置密码')
    await page.locator('[data-testid="set-password-login"]').click()
    await input(page, 'login-email').fill('wang@gears.e2e.test')
    await input(page, 'login-password').fill('gears-password-1')
    await page.locator('[data-testid="login-submit"]').click()
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.goto(`${server.url}/workspace?lang=zh`)
    await expectInView(page, page.locator('[data-testid="profile-panel"] h2').first())
    assert.equal(await input(page, 'profile-name-zh').inputValue(), '重庆江津精密齿轮有限公司')
    await input(page, 'profile-name').fill('Jiangjin Precision Gears Co., Ltd.')
    await input(page, 'profile-employees').fill('320')
    await page.locator('[data-testid="profile-save"]').scrollIntoViewIfNeeded()
    await page.locator('[data-testid="profile-save"]').click()
    await expectText(page.locator('.el-message'), '资料已保存')
    const check = await page.request.get(`${server.url}/api/v1/enterprises?q=9150011620230001X6`)
    const found = await check.json()
    assert.equal(found.items[0].name, 'Jiangjin Precision Gears Co., Ltd.')
    assert.equal(found.items[0].employees, 320)
  } finally {
    await user.close()
  }
})

test('an administrator imports a Chinese-header list: mapping proposed, dry run, then the commit', async () => {
  const { page, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.admin })
  const csv = (rows) => ({ name: '名录.csv', mimeType: 'text/csv', buffer: Buffer.from(`企业名称,统一社会信用代码,所在地,备注\n${rows}`) })
  try {
    await page.goto(`${server.url}/accounts?lang=zh&tab=imports`)
    const wizard = page.locator('[data-testid="import-wizard"]')
    await expectInView(page, wizard.locator('h2'))
    await expectText(wizard, '导入表格')
    await page.locator('[data-testid="import-file"]').setInputFiles(csv(
      '重庆测试一号零部件有限公司,915001162023000361,重庆市江津区,\n上海测试零部件有限公司,91510100MA5U7X2K8M,上海市,\n坏行,,火星,\n'))
    await page.locator('[data-testid="import-read"]').click()
    const counts = page.locator('[data-testid="import-counts"]')
    await expectText(counts, '新增 2')
    await expectText(counts, '错误 1')
    await expectText(counts, '未写入任何数据')
    // The proposal: 企业名称 is the Chinese name; the remark maps to nothing.
    await expectText(page.locator('[data-testid="import-map-name_zh"]'), '企业名称')
    await expectText(page.locator('[data-testid="import-rows"]'), '“火星”中没有可识别的区县或城市')
    assert.equal(await page.locator('[data-testid="import-commit"]').isDisabled(), true)
    // Without the bad row it imports, all at once.
    await page.locator('[data-testid="import-file"]').setInputFiles(csv(
      '重庆测试一号零部件有限公司,915001162023000361,重庆市江津区,\n上海测试零部件有限公司,91510100MA5U7X2K8M,上海市,\n'))
    await page.locator('[data-testid="import-read"]').click()
    await expectText(counts, '错误 0')
    await page.locator('[data-testid="import-commit"]').click()
    await expectText(page.locator('[data-testid="import-done"]'), '已全部写入')
    const found = await (await page.request.get(`${server.url}/api/v1/enterprises?q=915001162023000361`)).json()
    assert.equal(found.items[0].name_zh, '重庆测试一号零部件有限公司')
    assert.equal(found.items[0].place, '500116')
  } finally {
    await close()
  }
})
