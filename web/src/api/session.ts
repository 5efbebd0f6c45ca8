// Who is signed in, for the whole dashboard: the account (GET /me), sign-in and sign-out. The session itself
// is the server's HttpOnly cookie, which scripts never see; this module only knows what /me answers.
// Which page each role may open mirrors the API's route table (src/server/routes.cpp): the API still
// decides every request, the dashboard only avoids offering what would be refused.
import { computed, shallowRef } from 'vue'
import { request } from './client'
import type { Account } from './types'
export type { AccountRole, Account } from './types'



/**
 * What a page needs: anyone, any signed-in account, chain analytics (analysts, bureaus, coordinators and
 * administrators: the API's "analyst" routes), joint promotion (its KPIs: the same staff), an administrator.
 */
export type PageAccess = 'public' | 'signedIn' | 'analyst' | 'promotion' | 'admin'

/** The signed-in account, null when anonymous (or not yet known: see loadSession). */
export const account = shallowRef<Account | null>(null)

let loaded: Promise<Account | null> | null = null

/** Asks the server who is signed in, once per page load (again after signIn / signOut). */
export function loadSession(): Promise<Account | null> {
  if (!loaded)
    loaded = request<{ user: Account | null }>('/me')
      .then((r) => (account.value = r.user))
      .catch((e: unknown) => {
        loaded = null
        throw e
      })
  return loaded
}

export function allows(who: Account | null, access: PageAccess): boolean {
  switch (access) {
    case 'public':
      return true
    case 'signedIn':
      return who !== null
    case 'analyst':
    case 'promotion':
      return who !== null && who.role !== 'member'
    case 'admin':
      return who?.role === 'admin'
  }
}

/** Staff (analysts, bureaus, coordinators) and administrators read every enterprise's commercial data and the
 *  chain analytics (src/service/access.h Principal::reads_all). */
export const readsAll = (who: Account | null): boolean => allows(who, 'analyst')

export async function signIn(email: string, password: string): Promise<Account> {
  const r = await request<{ user: Account }>('/auth/login', { method: 'POST', body: { email, password } })
  account.value = r.user
  loaded = Promise.resolve(r.user)
  return r.user
}

export async function signOut(): Promise<void> {
  try {
    await request('/auth/logout', { method: 'POST' })
  } finally {
    account.value = null
    loaded = Promise.resolve(null)
  }
}

/** Whether the account may write an enterprise's records (src/service/access.h MayEdit). */
export const mayEdit = (who: Account | null, enterprise: string): boolean =>
  who?.role === 'admin' || (who?.role === 'member' && who.enterprise === enterprise)

/** Whether the account sees an enterprise's confidential fields (src/service/access.h SeesPrivate). */
export const seesPrivate = (who: Account | null, enterprise: string): boolean =>
  readsAll(who) || (who?.role === 'member' && who.enterprise === enterprise)

/** The server no longer knows the session (it answered 401): the dashboard treats the user as anonymous. */
export function forgetSession(): void {
  account.value = null
  loaded = Promise.resolve(null)
}

/** The enterprise a signed-in member acts for (its demands and offers are posted for it); null otherwise. */
export const ownEnterprise = computed(() => (account.value?.role === 'member' ? account.value.enterprise : null))

/** Whether the account posts demands and offers at all: members (for their enterprise) and administrators. */
export const mayPost = computed(() => account.value?.role === 'member' || account.value?.role === 'admin')

/** The lead registry itself: bureaus, coordinators and administrators (analysts see only its KPIs). */
export const usesRegistry = (who: Account | null): boolean =>
  who?.role === 'bureau' || who?.role === 'coordinator' || who?.role === 'admin'
/** Decides clashes and sees every lead in full: coordinators and administrators. */
export const coordinates = (who: Account | null): boolean => who?.role === 'coordinator' || who?.role === 'admin'
