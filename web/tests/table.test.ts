import { describe, expect, it } from 'vitest'
import { exportFileName, resolveColumns, sortRows, toCsv, type Column } from '../src/lib/table'

interface Row { name: string; value: number; share: number; local: boolean }
const rows: Row[] = [
  { name: '长安汽车', value: 2.07e9, share: 0.4941, local: true },
  { name: 'Seres, "Sokon"', value: 1.15e9, share: 0.3, local: false },
  { name: '赛力斯', value: 4.2e8, share: 0.125, local: true },
]
const columns: Column<Row>[] = [
  { key: 'name', label: '企业', kind: 'text', value: (r) => r.name },
  { key: 'value', label: '采购额', kind: 'money', value: (r) => r.value },
  { key: 'share', label: '占比', kind: 'percent', value: (r) => r.share },
  { key: 'local', label: '本地', kind: 'bool', value: (r) => r.local },
]

describe('table export', () => {
  it('names each column with its one unit', () => {
    expect(resolveColumns(columns, rows, 'zh').map((c) => c.header)).toEqual(['企业', '采购额（亿元）', '占比（%）', '本地'])
    expect(resolveColumns(columns, rows, 'en').map((c) => c.header)).toEqual(['企业', '采购额 (bn yuan)', '占比 (%)', '本地'])
  })
  it('gives all the amounts of a table one unit, and each price column its own', () => {
    // The investment table once showed 亿元 and 万元 in adjacent columns.
    type Target = { addressable: number; moved: number; price: number }
    const targets: Target[] = [{ addressable: 3.3e10, moved: 1.1e9, price: 45000 }, { addressable: 1.28e10, moved: 1.48e9, price: 52000 }]
    const cols: Column<Target>[] = [
      { key: 'addressable', label: '可承接采购额', kind: 'money', value: (r) => r.addressable },
      { key: 'moved', label: '可转移采购额', kind: 'money', value: (r) => r.moved },
      { key: 'price', label: '单价', kind: 'money', value: (r) => r.price, perUnit: true },
    ]
    expect(resolveColumns(cols, targets, 'zh').map((c) => c.header)).toEqual(['可承接采购额（亿元）', '可转移采购额（亿元）', '单价（万元）'])
  })
  it('writes CSV for Excel: BOM, CRLF, quoting, numbers in the column unit', () => {
    const csv = toCsv(resolveColumns(columns, rows, 'zh'), rows, '是', '否')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.slice(1).split('\r\n')
    expect(lines).toEqual([
      '企业,采购额（亿元）,占比（%）,本地',
      '长安汽车,20.7,49.41,是',
      '"Seres, ""Sokon""",11.5,30,否',
      '赛力斯,4.2,12.5,是',
      '',
    ])
  })
  it('sorts numbers numerically and text by the locale, blanks last', () => {
    const byValue = sortRows(rows, columns[1], false, 'zh').map((r) => r.value)
    expect(byValue).toEqual([4.2e8, 1.15e9, 2.07e9])
    const withBlank = [...rows, { name: '', value: 0, share: 0, local: false }]
    expect(sortRows(withBlank, columns[0], false, 'en').at(-1)!.name).toBe('')
    expect(sortRows(withBlank, columns[0], true, 'en').at(-1)!.name).toBe('')
  })
  it('makes safe file names with the data version', () => {
    expect(exportFileName('candidates_DM00001', 7, 'csv')).toBe('candidates_DM00001_r7.csv')
    expect(exportFileName('../a b/c', null, 'xlsx')).toBe('a_b_c.xlsx')
  })
})
