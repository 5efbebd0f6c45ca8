// What the engines say to people — reasons, warnings, explanations — arrives as a stable code with named
// parameters beside its English text (the server's core/message.h). This module renders one in the
// dashboard's language: the message `reason.<code>` with its parameters, names in the language shown
// (`x_name` from `x_name_zh` in Chinese), provinces, roles and scripts translated, numbers formatted. A code
// this dashboard does not know yet falls back to the server's English text.
import type { Lang } from './format'
import { formatCount, formatMoney, formatNumber } from './format'
import type { Reason, ChainWarning } from '../api/types'
export type { Reason, ChainWarning } from '../api/types'



type Translate = (key: string, params?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

/** Parameters that name a kind of thing the dashboard translates itself. */
const paramKinds: Record<string, Record<string, 'province' | 'role' | 'script'>> = {
  'dedupe.names_equal': { script: 'script' },
  'dedupe.names_equal_but_generic': { script: 'script' },
  'dedupe.names_similar': { script: 'script' },
  'dedupe.different_provinces': { a: 'province', b: 'province' },
  'dedupe.different_places': { province: 'province' },
  'dedupe.same_role': { role: 'role' },
  'dedupe.maker_roles': { a: 'role', b: 'role' },
  'dedupe.different_roles': { a: 'role', b: 'role' },
}

export function renderReason(r: Reason, t: Translate, te: Exists, lang: Lang, placeName?: (code: string) => string): string {
  let key = `reason.${r.code}`
  if (!te(key)) return r.message
  // An allocation's reason comes without prices to a viewer who may not see the supplier's.
  if (r.code.startsWith('alloc.') && r.params.unit_cost_yuan === undefined && te(`${key}_private`)) key += '_private'
  const p: Record<string, string> = { ...r.params }
  for (const [name, value] of Object.entries(r.params)) {
    if (name.endsWith('_name') && lang === 'zh' && r.params[`${name}_zh`]) p[name] = r.params[`${name}_zh`]
    if (name === 'place' && placeName) p.place_label = placeName(value) || value
    if ((name === 'a' || name === 'b') && r.code === 'dedupe.different_places' && placeName) p[name] = placeName(value) || value
    if (value === '' && (r.code === 'dedupe.different_numbers')) p[name] = t('reason.none')
  }
  if (!p.place_label && p.place) p.place_label = p.place
  for (const [name, kind] of Object.entries(paramKinds[r.code] ?? {}))
    if (r.params[name] !== undefined) p[name] = t(`${kind === 'script' ? 'reason.script' : kind}.${r.params[name]}`)
  if (r.code === 'cost.over_bound' || r.code === 'cost.over_time' || r.code === 'scenario.over_limit') {
    const k = r.params.key
    for (const part of ['what', 'unit', 'change']) p[part] = te(`reason.cost.${part}.${k}`) ? t(`reason.cost.${part}.${k}`) : k
    for (const name of ['cost', 'bound']) if (r.params[name] !== undefined) p[name] = formatCount(Number(r.params[name]), lang)
  }
  if (r.code === 'scenario.unknown_target') {
    p.n = String(Number(r.params.index) + 1)
    p.kind = te(`reason.scenario.kind.${r.params.kind}`) ? t(`reason.scenario.kind.${r.params.kind}`) : r.params.kind
  }
  if (r.code.startsWith('alloc.')) {
    p.nominal_note = r.params.nominal === '1' ? t('reason.alloc.nominal') : ''
    for (const name of ['unit_cost_yuan', 'price_yuan', 'logistics_yuan', 'units'])
      if (r.params[name] !== undefined) p[name] = formatNumber(Number(r.params[name]), lang)
  }
  if (r.code.startsWith('promotion.')) {
    if (r.params.value_yuan !== undefined) p.value_yuan = formatMoney(Number(r.params.value_yuan), lang)
    if (r.params.gain_pp !== undefined) p.gain_pp = formatNumber(Number(r.params.gain_pp), lang, 2)
  }
  if (r.code === 'import.bad_uscc' && r.params.problem)
    p.problem = t(`reason.import.uscc_problem.${r.params.problem}`, { position: r.params.position ?? '' })
  if (r.code === 'import.out_of_range' && !r.params.max) p.max = '∞'
  const limit = r.params.limit ? `reason.alloc.limit_${r.params.limit}` : ''
  return t(key, p) + (limit && te(limit) ? t(limit, p) : '')
}

export function renderReasons(list: readonly Reason[] | undefined, t: Translate, te: Exists, lang: Lang, placeName?: (code: string) => string): string[] {
  return (list ?? []).map((r) => renderReason(r, t, te, lang, placeName))
}

/** A resilience warning as a Reason: its volumes in the language's number format, its unit translated. */
export function warningReason(w: ChainWarning, t: Translate, te: Exists, lang: Lang): Reason {
  return {
    code: `resilience.${w.code}`,
    params: {
      enterprise: w.enterprise,
      enterprise_name: w.enterprise_name,
      enterprise_name_zh: w.enterprise_name_zh,
      component: w.component,
      component_name: w.component_name,
      component_name_zh: w.component_name_zh,
      unit: te(`unit.${w.unit}`) ? t(`unit.${w.unit}`) : w.unit,
      recorded: formatCount(w.recorded_units_per_year, lang),
      needed: formatCount(w.needed_units_per_year, lang),
      assumed: formatCount(w.assumed_units_per_year, lang),
    },
    message: w.message,
  }
}
