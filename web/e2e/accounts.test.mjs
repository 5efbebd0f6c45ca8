// End-to-end tests of accounts in the dashboard, in headless Chromium against the real server: what an
// anonymous visitor may open, signing in through the form and back to the page asked for, signing out, what
// a member sees of its own and of another enterprise, API tokens shown once and revoked, an administrator
// adding and disabling an account, and a session ended elsewhere sending the page back to sign-in.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { accounts, launchBrowser, openPage, outDir, settle, signInHeaders, startServer, expectCount, expectText, choose } from './harness.mjs'

let server
let browser
before(async () => {
  server = await startServer({ duplicate: true })
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const navNames = (page) => page.locator('.app-nav [data-testid^="nav-"]').evaluateAll((items) => items.map((i) => i.dataset.testid.slice(4)))

async function fillSignIn(page, account) {
  await page.locator('[data-testid="login-email"] input, input[data-testid="login-email"]').first().fill(account.email)
  await page.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(account.password)
  await page.locator('[data-testid="login-submit"]').click()
}

test('an anonymous visitor sees the public pages only, signs in through the form, comes back to the page asked for, and signs out', async () => {
  const { page, problems, close } = await openPage(browser)
  try {
    await page.goto(`${server.url}/`)
    await page.locator('[data-testid="kpi-vehicle_makers"]').waitFor()
    await settle(page)
    assert.deepEqual(await navNames(page), ['overview', 'map', 'services'])
    await expectCount(page.locator('[data-testid="kpi-single"]'), 0, 'weak-link figures are for analysts')
    await page.locator('[data-testid="overview-analyst-note"]').waitFor()

    // An analyst page sends the visitor to sign in, and back there after.
    await page.goto(`${server.url}/flows?lang=en`)
    await page.waitForURL(/\/login\?.*next=(%2F|\/)flows/)
    await page.locator('[data-testid="login-form"]').waitFor()
    // A wrong password is refused with the API's message, and the visitor stays anonymous.
    await fillSignIn(page, { ...accounts.analyst, password: 'not the password' })
    await page.locator('[data-testid="error"]').waitFor()
    problems.splice(0) // the refused sign-in is a 401 on purpose
    await page.screenshot({ path: join(outDir, 'login.png') })
    await fillSignIn(page, accounts.analyst)
    await page.waitForURL(/\/flows\?lang=en$/)
    await page.locator('[data-testid="sankey"] canvas').first().waitFor()
    assert.equal((await page.locator('[data-testid="account"] .account-email').innerText()).trim(), accounts.analyst.email)
    assert.deepEqual(await navNames(page), ['overview', 'map', 'chain', 'flows', 'match', 'resilience', 'invest', 'site', 'services', 'promotion', 'workspace'])

    await page.screenshot({ path: join(outDir, 'signed-in-header.png') })
    // Signing out reloads the overview as anonymous; the cookie no longer opens anything.
    await page.locator('[data-testid="sign-out"]').click()
    await page.locator('[data-testid="sign-in"]').waitFor()
    await page.locator('[data-testid="overview-analyst-note"]').waitFor()
    assert.equal((await page.context().cookies()).filter((c) => c.name.endsWith('cs_session')).length, 0)
    await page.goto(`${server.url}/matchmaking`)
    await page.waitForURL(/\/login\?next=(%2F|\/)matchmaking/)
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('a member sees its own enterprise in full and another one without its commercial data; an analyst page says which role it needs', async () => {
  const { page, problems, close } = await openPage(browser, 'en', { url: server.url, as: accounts.changan })
  try {
    await page.goto(`${server.url}/resilience?lang=en`)
    await page.waitForURL(/\/login\?.*need=analyst/)
    await expectText(page.locator('[data-testid="auth-need"]'), /needs the analyst role[\s\S]*buyer@changan\.e2e\.test \(member\)/)

    await page.goto(`${server.url}/workspace?lang=en`)
    await page.locator('[data-testid="workspace-account"]').waitFor()
    assert.deepEqual(await navNames(page), ['overview', 'map', 'match', 'site', 'services', 'workspace'])
    await page.locator('[data-testid="workspace-card"]').click()
    const card = page.locator('[data-testid="enterprise-card"]')
    await card.getByText('Changan Automobile', { exact: false }).first().waitFor()
    await card.locator('[role="tab"]', { hasText: 'Suppliers' }).waitFor()
    await expectCount(card.locator('[data-testid="card-confidential"]'), 0)
    await page.keyboard.press('Escape')

    // Another enterprise: who it is and what it makes, not its capacity, prices, customers or suppliers.
    await page.goto(`${server.url}/map?lang=en&e=catl-yibin`)
    await page.locator('[data-testid="card-confidential"]').waitFor()
    await settle(page)
    const text = await page.locator('[data-testid="enterprise-card"]').innerText()
    assert.ok(text.includes('Battery pack'), text)
    for (const hidden of ['Annual capacity', 'Free capacity', 'Unit price', 'Quality', 'Customers (', 'Suppliers (', 'Time to recover']) assert.ok(!text.includes(hidden), `${hidden} shown: ${text}`)
    await page.screenshot({ path: join(outDir, 'member-card.png') })
    // The map's measures from the chain analytics are not offered: shading by makers only.
    await page.keyboard.press('Escape')
    await page.locator('[data-testid="map-measure"]').click()
    await page.locator('.el-select-dropdown__item:visible').first().waitFor()
    await expectCount(page.locator('.el-select-dropdown__item:visible'), 1)
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('an API token is shown once, works as a bearer token, and stops when revoked', async () => {
  const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.catl })
  try {
    await page.goto(`${server.url}/workspace`)
    await page.locator('[data-testid="token-form"]').waitFor()
    await page.locator('[data-testid="token-name"] input, input[data-testid="token-name"]').first().fill('ERP 对接')
    await page.locator('[data-testid="token-submit"]').click()
    const secret = (await page.locator('[data-testid="token-secret"]').innerText()).trim()
    assert.match(secret, /^cs_t_[A-Za-z0-9_-]{43}$/)
    await page.locator('[data-testid="tokens-table"]').getByText('ERP 对接').waitFor()

    const me = async () => fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })
    const r = await me()
    assert.equal(r.status, 200)
    const body = await r.json()
    assert.equal(body.user.enterprise, 'catl-yibin')
    assert.equal(body.user.signed_in_with, 'token')

    // Listed without its secret; revoked from the list, it is refused at once.
    const listed = await (await fetch(`${server.url}/api/v1/tokens`, { headers: { Authorization: `Bearer ${secret}` } })).json()
    assert.ok(!JSON.stringify(listed).includes(secret))
    const id = listed.tokens.find((t) => t.name === 'ERP 对接').id
    await page.locator(`[data-testid="revoke-${id}"]`).click()
    await page.locator('[data-testid="tokens-table"]').getByText('已吊销').waitFor()
    assert.equal((await me()).status, 401)
    await expectCount(page.locator('[data-testid="token-secret"]'), 0, 'the secret is gone from the page')
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('an administrator adds a member account and disables it, which stops its session at once', async () => {
  const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.admin })
  const newcomer = { email: 'new.member@e2e.test', password: 'a long enough password' }
  try {
    await page.goto(`${server.url}/accounts`)
    await page.locator('[data-testid="users-table"] tbody tr').first().waitFor()
    assert.ok((await navNames(page)).includes('accounts'))
    await page.locator('[data-testid="user-email"] input, input[data-testid="user-email"]').first().fill(newcomer.email)
    // A member without an enterprise is marked at the field, and nothing is added.
    await page.locator('[data-testid="user-password"] input, input[data-testid="user-password"]').first().fill(newcomer.password)
    await page.locator('[data-testid="user-submit"]').click()
    await page.locator('[data-testid="user-form"] .el-form-item__error').first().waitFor()
    await choose(page, page.locator('[data-testid="user-enterprise"]'), 'changan', '(changan)')
    await page.locator('[data-testid="user-submit"]').click()
    await page.locator('[data-testid="users-table"]').getByText(newcomer.email).waitFor()

    const headers = await signInHeaders(server.url, newcomer)
    const me = async () => (await fetch(`${server.url}/api/v1/me`, { headers })).json()
    assert.equal((await me()).user.enterprise, 'changan')
    const users = await (await fetch(`${server.url}/api/v1/users`, { headers: await signInHeaders(server.url, accounts.admin) })).json()
    const id = users.users.find((u) => u.email === newcomer.email).id
    await page.locator(`[data-testid="disable-${id}"]`).click()
    await page.locator(`[data-testid="enable-${id}"]`).waitFor()
    assert.equal((await me()).user, null, 'the disabled account is signed out everywhere')
    await page.screenshot({ path: join(outDir, 'accounts.png') })
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})

test('a session ended elsewhere sends the open page back to sign-in, and back after', async () => {
  const { page, problems, close } = await openPage(browser, 'zh', { url: server.url, as: accounts.changan })
  try {
    await page.goto(`${server.url}/matchmaking?tab=allocation`)
    await page.locator('[data-testid="run-allocation"]').waitFor()
    // The same session signed out from another tab.
    const out = await page.context().request.post(`${server.url}/api/v1/auth/logout`, { headers: { 'X-Requested-With': 'chainscope' } })
    assert.equal(out.status(), 200)
    await page.locator('[data-testid="run-allocation"]').click()
    await page.waitForURL(/\/login\?next=(%2F|\/)matchmaking/)
    assert.deepEqual(problems.filter((p) => !/HTTP 401|status of 401/.test(p)), [])
    await fillSignIn(page, accounts.changan)
    await page.waitForURL(/\/matchmaking\?tab=allocation/)
    await page.locator('[data-testid="run-allocation"]').click()
    await page.locator('[data-testid="allocation-scope"]').waitFor()
    // A member's allocation: its own demands only, without the platform's totals.
    await expectCount(page.locator('[data-testid="allocation-summary"] .kpi'), 1)
  } finally {
    await close()
  }
})

test('an administrator sees a company imported twice as a likely duplicate pair and merges it into one', async () => {
  const { page, problems, close } = await openPage(browser, 'en', { url: server.url, as: accounts.admin })
  try {
    await page.goto(`${server.url}/accounts?tab=duplicates&lang=en`)
    const merge = page.locator('[data-testid="keep-changan-drop-changan-dup"]')
    await merge.waitFor()
    const table = page.locator('[data-testid="duplicates-table"]')
    const text = await table.innerText()
    assert.match(text, /Chongqing Changan Automobile Co\., Ltd\. \(changan-dup\)/)
    assert.match(text, /Chinese names equal after normalisation: 长安汽车/)
    await expectText(page.locator('[data-testid="duplicates-summary"]'), /or more: 1, among 2,668 enterprises/)
    await settle(page)
    await page.screenshot({ path: join(outDir, 'duplicates.png') })
    await merge.click()
    await page.locator('.el-message-box').waitFor()
    await expectText(page.locator('.el-message-box'), /Merge Chongqing Changan Automobile Co\., Ltd\. \(changan-dup\) into Changan Automobile \(changan\)/)
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--success').waitFor()
    await expectText(page.locator('.el-message--success'), /Merged changan-dup into changan/)
    await merge.waitFor({ state: 'detached' })
    await settle(page)
    assert.deepEqual(problems, [])
    // The server holds one Changan now; the merge is in the audit trail.
    const headers = await signInHeaders(server.url, accounts.admin)
    assert.equal((await fetch(`${server.url}/api/v1/enterprises/changan-dup`)).status, 404)
    const audit = await (await fetch(`${server.url}/api/v1/audit?entity=enterprise:changan-dup`, { headers })).json()
    assert.equal(audit.items[0].action, 'enterprise.merge')
    assert.equal(audit.items[0].actor, accounts.admin.email)
  } finally {
    await close()
  }
})
