// The one formatter of numbers in the dashboard: counts, money (万/亿 yuan in Chinese, k/M/bn in English),
// percentages, days, distances. Tables and charts pick one money unit per column (named in the header)
// so that every row of a column is read in the same unit.

export type Lang = 'zh' | 'en'

export interface MoneyUnit {
  /** Yuan per displayed unit: 1, 1e4 (万), 1e8 (亿) in Chinese; 1, 1e3, 1e6, 1e9 in English. */
  divisor: number
  /** The unit's name for a column header, e.g. "万元" or "M yuan". */
  label: string
}

const zhUnits: MoneyUnit[] = [
  { divisor: 1e8, label: '亿元' },
  { divisor: 1e4, label: '万元' },
  { divisor: 1, label: '元' },
]
const enUnits: MoneyUnit[] = [
  { divisor: 1e9, label: 'bn yuan' },
  { divisor: 1e6, label: 'M yuan' },
  { divisor: 1e3, label: 'k yuan' },
  { divisor: 1, label: 'yuan' },
]

/**
 * The unit for a column of yuan amounts: the largest unit in which the column's typical (median of the
 * non-zero magnitudes) value is at least 1, so most cells show 1–9,999 of the unit.
 */
export function moneyUnitFor(valuesYuan: readonly number[], lang: Lang): MoneyUnit {
  const units = lang === 'zh' ? zhUnits : enUnits
  const mags = valuesYuan.filter((v) => Number.isFinite(v) && v !== 0).map((v) => Math.abs(v))
  if (mags.length === 0) return units[units.length - 1]
  mags.sort((a, b) => a - b)
  const typical = mags[Math.floor(mags.length / 2)]
  return units.find((u) => typical >= u.divisor) ?? units[units.length - 1]
}

function locale(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en-GB'
}

/** A plain count or quantity with grouping: 1,234,567. */
export function formatCount(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 }).format(n)
}

/** A number with up to `digits` decimals (no trailing zeros), grouped. */
export function formatNumber(n: number | null | undefined, lang: Lang, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(n)
}

/**
 * Yuan in a given unit, without the unit (it is in the header): 3 significant digits at least, at
 * most 2 decimals. 123456789 in 亿元 → "1.23"; in 万元 → "12,345.68".
 */
export function formatMoneyIn(yuan: number | null | undefined, unit: MoneyUnit, lang: Lang): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return '—'
  const v = yuan / unit.divisor
  const abs = Math.abs(v)
  const digits = abs === 0 ? 0 : abs >= 100 ? 0 : abs >= 10 ? 1 : 2
  return new Intl.NumberFormat(locale(lang), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v)
}

/**
 * A tick of a logarithmic money axis in the axis unit: ticks span decades, so below one unit they keep their
 * first significant digit (0.001, 0.01, 0.1, 1, 10 …) where formatMoneyIn's two decimals would write "0.00".
 */
export function formatAxisIn(yuan: number, unit: MoneyUnit, lang: Lang): string {
  const v = yuan / unit.divisor
  if (!Number.isFinite(v) || v === 0 || Math.abs(v) >= 1) return formatMoneyIn(yuan, unit, lang)
  const digits = Math.min(12, Math.ceil(-Math.log10(Math.abs(v)) + 1e-9))
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits, maximumSignificantDigits: 2 }).format(v)
}

/** Yuan with its own unit, for single figures (KPIs, cards): "1.15 亿元", "115 M yuan". */
export function formatMoney(yuan: number | null | undefined, lang: Lang): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return '—'
  const unit = moneyUnitFor([yuan], lang)
  return `${formatMoneyIn(yuan, unit, lang)} ${unit.label}`
}

/** A share in [0, 1] as a percentage with one decimal: 0.6994 → "69.9%". */
export function formatPercent(share: number | null | undefined, lang: Lang, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—'
  return `${new Intl.NumberFormat(locale(lang), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share * 100)}%`
}

/** Days, one decimal when under 10: "3.5 天" / "3.5 days"; ∞ for an unbounded time. */
export function formatDays(days: number | null | undefined, lang: Lang): string {
  if (days === null || days === undefined || Number.isNaN(days)) return '—'
  const unit = lang === 'zh' ? '天' : days === 1 ? 'day' : 'days'
  if (!Number.isFinite(days)) return `∞ ${unit}`
  const text = formatNumber(days, lang, Math.abs(days) < 10 ? 1 : 0)
  return `${text} ${unit}`
}

/** A count of vehicles in millions for the headline: 3.20 M / 320.0 万辆. */
export function formatVehicles(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  if (lang === 'zh') return `${formatNumber(n / 1e4, lang, 1)} 万辆`
  return `${formatNumber(n / 1e6, lang, 2)} M vehicles`
}
