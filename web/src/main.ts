import { createApp } from 'vue'
import { ElLoading, ElMessage } from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { onUnauthorized } from './api/client'
import { forgetSession } from './api/session'
import { i18n } from './i18n'

import { elementComponents } from './elements'

const app = createApp(App).use(router).use(i18n).use(ElLoading)
for (const c of elementComponents) app.use(c)
// Never a blank page: an error no view caught is shown as a message (and still reported in the console).
app.config.errorHandler = (error) => {
  console.error(error)
  ElMessage.error({ message: error instanceof Error ? error.message : String(error), duration: 8000 })
}
// A page's code that cannot be loaded (the server was updated since this page was opened): load afresh.
router.onError((error, to) => {
  if (!/dynamically imported module|Importing a module script failed/i.test(String(error))) return
  const key = `chainscope-reloaded:${to.fullPath}`
  if (sessionStorage.getItem(key)) {
    ElMessage.error({ message: String(error), duration: 0, showClose: true }) // once only: no reload loop
    return
  }
  sessionStorage.setItem(key, '1')
  window.location.assign(to.fullPath)
})
// The session ended while a page was open (expired, signed out elsewhere, account disabled): sign in again
// and come back to the same page.
onUnauthorized(() => {
  forgetSession()
  const here = router.currentRoute.value
  if (here.name === 'login') return
  void router.push({ name: 'login', query: { ...(here.query.lang ? { lang: here.query.lang } : {}), next: here.fullPath } })
})
app.mount('#app')
