import { describe, expect, it } from 'vitest'
import type { Enterprise } from '../src/api/types'
import { en, zh } from '../src/i18n/messages'
import { assemblyOf, filterEnterprises } from '../src/lib/filters'
import { recipeTree, usedIn } from '../src/lib/recipe'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('messages', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
  it('have no empty text', () => {
    for (const m of [zh, en]) for (const k of keys(m)) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], m), k).not.toBe('')
  })
})

const e = (id: string, over: Partial<Enterprise>): Enterprise => ({
  id, name: id, name_zh: id, role: 'tier1', place: '510100', place_name: 'Chengdu', place_name_zh: '成都市', province: 'Sichuan', park: null,
  certifications: [], components: [], ttr_days: 30, employees: 100, synthetic: true, uscc: null, ...over,
})
const all = [
  e('catl', { name: 'CATL Yibin', name_zh: '四川时代', components: ['BAT-CELL'], certifications: ['IATF 16949'], place: '511500' }),
  e('changan', { name: 'Changan Automobile', name_zh: '长安汽车', role: 'oem', province: 'Chongqing', place: 'LIANGJIANG' }),
  e('mot', { name: 'Jiangjin Motor', name_zh: '江津电机', components: ['EDS-MOT'], province: 'Chongqing', place: '500116' }),
]
const assembly = new Map([['BAT-CELL', 'BAT'], ['EDS-MOT', 'EDS']])
const none = { role: '', assembly: '', component: '', province: '', cert: '', place: '', q: '' }

describe('enterprise filters', () => {
  it('filter by each field and by text in Chinese or English', () => {
    expect(filterEnterprises(all, none, assembly).length).toBe(3)
    expect(filterEnterprises(all, { ...none, role: 'oem' }, assembly).map((x) => x.id)).toEqual(['changan'])
    expect(filterEnterprises(all, { ...none, assembly: 'BAT' }, assembly).map((x) => x.id)).toEqual(['catl'])
    expect(filterEnterprises(all, { ...none, province: 'Chongqing', component: 'EDS-MOT' }, assembly).map((x) => x.id)).toEqual(['mot'])
    expect(filterEnterprises(all, { ...none, cert: 'IATF 16949' }, assembly).map((x) => x.id)).toEqual(['catl'])
    expect(filterEnterprises(all, { ...none, q: '长安' }, assembly).map((x) => x.id)).toEqual(['changan'])
    expect(filterEnterprises(all, { ...none, q: 'catl yi' }, assembly).map((x) => x.id)).toEqual(['catl'])
    expect(filterEnterprises(all, { ...none, place: '500116' }, assembly).map((x) => x.id)).toEqual(['mot'])
  })
  it('colour an enterprise by its first component\'s assembly, else by its role group', () => {
    expect(assemblyOf(all[0], assembly)).toBe('BAT')
    expect(assemblyOf(all[1], assembly)).toBe('OEM')
    expect(assemblyOf(e('x', { role: 'dealer' }), assembly)).toBe('OTHER')
  })
})

describe('recipe tree', () => {
  const comps = new Map([
    ['BAT-PACK', { code: 'BAT-PACK', inputs: [{ component: 'BAT-CELL', qty_per_unit: 96 }, { component: 'BAT-BMS', qty_per_unit: 1 }] }],
    ['BAT-CELL', { code: 'BAT-CELL', inputs: [{ component: 'BAT-CATH', qty_per_unit: 1.2 }] }],
    ['BAT-CATH', { code: 'BAT-CATH', inputs: [] }],
    ['BAT-BMS', { code: 'BAT-BMS', inputs: [] }],
    ['LOOP-A', { code: 'LOOP-A', inputs: [{ component: 'LOOP-B', qty_per_unit: 1 }] }],
    ['LOOP-B', { code: 'LOOP-B', inputs: [{ component: 'LOOP-A', qty_per_unit: 1 }] }],
  ])
  it('is pack ← cell ← cathode, tier by tier, with quantities', () => {
    const t = recipeTree('BAT-PACK', comps)
    expect(t.children.map((c) => [c.code, c.qty])).toEqual([['BAT-CELL', 96], ['BAT-BMS', 1]])
    expect(t.children[0].children.map((c) => c.code)).toEqual(['BAT-CATH'])
    expect(usedIn('BAT-CELL', comps)).toEqual(['BAT-PACK'])
  })
  it('stops at a cycle', () => {
    const t = recipeTree('LOOP-A', comps)
    expect(t.children[0].code).toBe('LOOP-B')
    expect(t.children[0].children[0].code).toBe('LOOP-A')
    expect(t.children[0].children[0].children).toEqual([])
  })
})
