import { describe, expect, it } from 'vitest'
import { parseQuery, toQuery } from '../src/lib/urlState'

const defaults = { measure: 'makers', component: '', top: 30, pilot: false }

describe('URL state', () => {
  it('keeps only what differs from the defaults', () => {
    expect(toQuery({ ...defaults }, defaults)).toEqual({})
    expect(toQuery({ ...defaults, component: 'BAT-PACK', top: 10, pilot: true }, defaults)).toEqual({
      component: 'BAT-PACK',
      top: '10',
      pilot: '1',
    })
  })
  it('reads back what it wrote (round trip)', () => {
    const state = { measure: 'coverage', component: 'EDS-MOT', top: 5, pilot: true }
    expect(parseQuery(toQuery(state, defaults), defaults)).toEqual(state)
  })
  it('parses each field to its default type and ignores malformed values', () => {
    expect(parseQuery({ top: 'abc', pilot: 'maybe', measure: ['purchases', 'x'] }, defaults)).toEqual({
      ...defaults,
      measure: 'purchases',
    })
    expect(parseQuery({ top: '', pilot: '0' }, defaults)).toEqual(defaults)
    expect(parseQuery({ top: '12', pilot: 'true' }, defaults)).toEqual({ ...defaults, top: 12, pilot: true })
  })
  it('ignores keys it does not own (the language)', () => {
    expect(parseQuery({ lang: 'en', unknown: 'x' }, defaults)).toEqual(defaults)
  })
})
