import { describe, expect, it } from 'vitest'
import { en, zh } from '../src/i18n/messages'
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
