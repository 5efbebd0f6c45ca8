// The current language as a reactive value for formatting (the i18n locale, set from the URL).
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Lang } from './format'

export function useLang(): ComputedRef<Lang> {
  const { locale } = useI18n()
  return computed(() => (locale.value === 'en' ? 'en' : 'zh'))
}
