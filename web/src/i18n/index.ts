// Chinese (default) and English. The language is in the URL (?lang=zh|en), so a shared link opens in the
// sender's language. Place names: official Chinese names in Chinese, pinyin in English (from the API).
import { createI18n } from 'vue-i18n'
import { en, zh } from './messages'
import type { Lang } from '../lib/format'

export const i18n = createI18n({
  legacy: false,
  locale: 'zh',
  fallbackLocale: 'en',
  messages: { zh, en },
  // A label without a message is a defect: reported as a console error (the browser tests fail on it),
  // shown as its key.
  missing: (locale: string, key: string) => {
    console.error(`missing message '${key}' (${locale})`)
    return key
  },
})

export function setLang(lang: Lang): void {
  i18n.global.locale.value = lang
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
}

export function langOf(value: unknown): Lang {
  return value === 'en' ? 'en' : 'zh'
}

/** The name to show for something the API names in both languages. */
export function nameIn(lang: Lang, item: { name?: string | null; name_zh?: string | null } | null | undefined): string {
  if (!item) return ''
  if (lang === 'zh' && item.name_zh) return item.name_zh
  return item.name ?? item.name_zh ?? ''
}
