// The dashboard's pages; each view is its own chunk, loaded when first opened. The language (?lang=) is
// carried from page to page and sets the i18n locale. Each page names what it needs (PageAccess, the same
// roles as the API's route table): an anonymous visitor is sent to sign in and back, a signed-in account
// without the role is told which role the page needs.
import { createRouter, createWebHistory } from 'vue-router'
import { langOf, setLang } from './i18n'
import { allows, loadSession, type PageAccess } from './api/session'

interface Page {
  path: string
  name: string
  access: PageAccess
  component: () => Promise<unknown>
}

/** The pages of the navigation, in its order. */
export const pages: readonly Page[] = [
  { path: '/', name: 'overview', access: 'public', component: () => import('./views/OverviewView.vue') },
  { path: '/map', name: 'map', access: 'public', component: () => import('./views/MapView.vue') },
  { path: '/chain', name: 'chain', access: 'analyst', component: () => import('./views/ChainView.vue') },
  { path: '/flows', name: 'flows', access: 'analyst', component: () => import('./views/FlowsView.vue') },
  { path: '/matchmaking', name: 'match', access: 'signedIn', component: () => import('./views/MatchView.vue') },
  { path: '/resilience', name: 'resilience', access: 'analyst', component: () => import('./views/ResilienceView.vue') },
  { path: '/investment', name: 'invest', access: 'analyst', component: () => import('./views/InvestView.vue') },
  { path: '/site-selection', name: 'site', access: 'signedIn', component: () => import('./views/SiteView.vue') },
  { path: '/services', name: 'services', access: 'public', component: () => import('./views/ServicesView.vue') },
  { path: '/promotion', name: 'promotion', access: 'promotion', component: () => import('./views/PromotionView.vue') },
  { path: '/workspace', name: 'workspace', access: 'signedIn', component: () => import('./views/WorkspaceView.vue') },
  { path: '/accounts', name: 'accounts', access: 'admin', component: () => import('./views/AccountsView.vue') },
]

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    ...pages.map((p) => ({ path: p.path, name: p.name, component: p.component, meta: { access: p.access } })),
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { access: 'public' } },
    { path: '/register', name: 'register', component: () => import('./views/RegisterView.vue'), meta: { access: 'public' } },
    { path: '/set-password', name: 'setPassword', component: () => import('./views/SetPasswordView.vue'), meta: { access: 'public' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to, from) => {
  // A link inside the app without ?lang keeps the language the user chose.
  if (to.query.lang === undefined && from.query.lang !== undefined && from.matched.length > 0)
    return { ...to, query: { ...to.query, lang: from.query.lang } }
  const access = (to.meta.access as PageAccess | undefined) ?? 'public'
  if (access === 'public') return true
  let who = null
  try {
    who = await loadSession()
  } catch {
    return true // the server cannot be reached: the page shows the error of its own requests
  }
  if (allows(who, access)) return true
  const lang = to.query.lang === undefined ? {} : { lang: to.query.lang }
  return { name: 'login', query: { ...lang, next: to.fullPath, ...(who ? { need: access } : {}) } }
})

router.afterEach((to) => setLang(langOf(to.query.lang)))
