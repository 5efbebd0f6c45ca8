// One description of a table's columns, used to display, sort and export (CSV and XLSX) the same rows
// with the same units: a money column is shown and exported in the one unit its header names.
import { formatCount, formatMoneyIn, formatNumber, formatPercent, moneyUnitFor, type Lang, type MoneyUnit } from './format'

export type ColumnKind = 'text' | 'count' | 'number' | 'money' | 'percent' | 'days' | 'bool'
export type Cell = string | number | boolean | null | undefined

export interface Column<Row> {
  key: string
  /** Header without unit; the unit is added from the kind (money: the column's unit). */
  label: string
  kind: ColumnKind
  value: (row: Row) => Cell
  /** Extra unit text for count/number columns, e.g. "units/yr", "km". */
  unit?: string
  /** Minimum width in px in the on-screen table. */
  width?: number
  /** Money per unit (a price): its own money unit. Every other money column of a table shares one unit. */
  perUnit?: boolean
}

export interface ResolvedColumn<Row> extends Column<Row> {
  header: string
  money: MoneyUnit | null
}

/**
 * Fixes the money units from the rows shown — one for all the table's amounts (so adjacent columns never
 * read 亿元 beside 万元), one for each price column — and writes every header with its unit.
 */
export function resolveColumns<Row>(columns: Column<Row>[], rows: readonly Row[], lang: Lang): ResolvedColumn<Row>[] {
  const amounts = columns.filter((c) => c.kind === 'money' && !c.perUnit)
  const shared = moneyUnitFor(amounts.flatMap((c) => rows.map((r) => Number(c.value(r) ?? 0))), lang)
  return columns.map((c) => {
    let money: MoneyUnit | null = null
    let unit = c.unit ?? ''
    if (c.kind === 'money') {
      money = c.perUnit ? moneyUnitFor(rows.map((r) => Number(c.value(r) ?? 0)), lang) : shared
      unit = money.label
    } else if (c.kind === 'percent') unit = '%'
    else if (c.kind === 'days') unit = lang === 'zh' ? '天' : 'days'
    const header = unit ? (lang === 'zh' ? `${c.label}（${unit}）` : `${c.label} (${unit})`) : c.label
    return { ...c, header, money }
  })
}

/** The text a cell shows on screen. */
export function displayCell<Row>(c: ResolvedColumn<Row>, row: Row, lang: Lang, yes: string, no: string): string {
  const v = c.value(row)
  if (v === null || v === undefined || v === '') return '—'
  switch (c.kind) {
    case 'count':
      return formatCount(Number(v), lang)
    case 'number':
      return formatNumber(Number(v), lang)
    case 'money':
      return formatMoneyIn(Number(v), c.money!, lang)
    case 'percent':
      return formatPercent(Number(v), lang).replace('%', '')
    case 'days':
      return Number.isFinite(Number(v)) ? formatNumber(Number(v), lang, 1) : '∞'
    case 'bool':
      return v ? yes : no
    default:
      return String(v)
  }
}

/** The value a cell exports: numbers stay numbers, in the column's unit (money) or in % (shares). */
export function exportCell<Row>(c: ResolvedColumn<Row>, row: Row, yes: string, no: string): string | number | null {
  const v = c.value(row)
  if (v === null || v === undefined || v === '') return null
  switch (c.kind) {
    case 'money':
      return Math.round((Number(v) / c.money!.divisor) * 1e4) / 1e4
    case 'percent':
      return Math.round(Number(v) * 1e6) / 1e4
    case 'count':
    case 'number':
    case 'days':
      return Number.isFinite(Number(v)) ? Number(v) : null
    case 'bool':
      return v ? yes : no
    default:
      return String(v)
  }
}

/** Sorts a copy of rows by one column: numbers numerically, text by the locale's collation. */
export function sortRows<Row>(rows: readonly Row[], column: Column<Row> | undefined, descending: boolean, lang: Lang): Row[] {
  if (!column) return [...rows]
  const collator = new Intl.Collator(lang === 'zh' ? 'zh-CN' : 'en', { numeric: true })
  const sign = descending ? -1 : 1
  return [...rows].sort((a, b) => {
    const x = column.value(a)
    const y = column.value(b)
    if (x === y) return 0
    if (x === null || x === undefined || x === '') return 1
    if (y === null || y === undefined || y === '') return -1
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y)
    if (typeof x === 'boolean' && typeof y === 'boolean') return sign * (Number(x) - Number(y))
    return sign * collator.compare(String(x), String(y))
  })
}

function csvField(v: string | number | null): string {
  if (v === null) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * CSV text for Excel on Chinese Windows: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting,
 * one header line with units.
 */
export function toCsv<Row>(columns: ResolvedColumn<Row>[], rows: readonly Row[], yes: string, no: string): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')]
  for (const r of rows) lines.push(columns.map((c) => csvField(exportCell(c, r, yes, no))).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** A file name safe on every system: the view's name, the data version, the extension. */
export function exportFileName(base: string, dataVersion: string | number | null, ext: 'csv' | 'xlsx'): string {
  const safe = base.replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '') || 'chainscope'
  return dataVersion === null ? `${safe}.${ext}` : `${safe}_r${dataVersion}.${ext}`
}

/** Starts a browser download of a blob. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export async function downloadCsv<Row>(columns: ResolvedColumn<Row>[], rows: readonly Row[], fileName: string, yes: string, no: string): Promise<void> {
  download(new Blob([toCsv(columns, rows, yes, no)], { type: 'text/csv;charset=utf-8' }), fileName)
}

/** XLSX with a data sheet (header with units, numbers as numbers) and an "about" sheet (version, source, filters). */
export async function downloadXlsx<Row>(
  columns: ResolvedColumn<Row>[],
  rows: readonly Row[],
  fileName: string,
  about: [string, string][],
  yes: string,
  no: string,
): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  type XCell = { value: string | number; type?: typeof String | typeof Number; fontWeight?: 'bold' } | null
  const header: XCell[] = columns.map((c) => ({ value: c.header, fontWeight: 'bold' }))
  const body: XCell[][] = rows.map((r) =>
    columns.map((c) => {
      const v = exportCell(c, r, yes, no)
      if (v === null) return null
      return typeof v === 'number' ? { value: v, type: Number } : { value: v, type: String }
    }),
  )
  const aboutRows: XCell[][] = about.map(([k, v]) => [{ value: k, fontWeight: 'bold' }, { value: v, type: String }])
  const blob = await writeXlsxFile([
    {
      sheet: 'data',
      data: [header, ...body],
      columns: columns.map((c) => ({ width: Math.max(10, Math.min(40, c.header.length + 4)) })),
      stickyRowsCount: 1,
    },
    { sheet: 'about', data: aboutRows, columns: [{ width: 24 }, { width: 60 }] },
  ]).toBlob()
  download(blob, fileName)
}
