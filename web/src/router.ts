// The dashboard's pages; each view is its own chunk, loaded when first opened. The language (?lang=) is
// carried from page to page and sets the i18n locale.
import { createRouter, createWebHistory } from 'vue-router'
import { langOf, setLang } from './i18n'

export const pages = [
  { path: '/', name: 'overview', component: () => import('./views/OverviewView.vue') },
  { path: '/map', name: 'map', component: () => import('./views/MapView.vue') },
  { path: '/chain', name: 'chain', component: () => import('./views/ChainView.vue') },
  { path: '/flows', name: 'flows', component: () => import('./views/FlowsView.vue') },
  { path: '/matchmaking', name: 'match', component: () => import('./views/MatchView.vue') },
  { path: '/resilience', name: 'resilience', component: () => import('./views/ResilienceView.vue') },
  { path: '/investment', name: 'invest', component: () => import('./views/InvestView.vue') },
] as const

export const router = createRouter({
  history: createWebHistory(),
  routes: [...pages, { path: '/:rest(.*)*', redirect: '/' }],
})

router.beforeEach((to, from) => {
  // A link inside the app without ?lang keeps the language the user chose.
  if (to.query.lang === undefined && from.query.lang !== undefined && from.matched.length > 0)
    return { ...to, query: { ...to.query, lang: from.query.lang } }
  return true
})

router.afterEach((to) => setLang(langOf(to.query.lang)))
