import { describe, expect, it } from 'vitest'
import { formatCount, formatDays, formatMoney, formatMoneyIn, formatPercent, formatVehicles, moneyUnitFor } from '../src/lib/format'

describe('money units', () => {
  it('picks 亿元 for a column of billions and 万元 for a column of millions in Chinese', () => {
    expect(moneyUnitFor([2.07e9, 4.2e8, 1.5e9], 'zh').label).toBe('亿元')
    expect(moneyUnitFor([2.3e6, 8.8e5, 4.4e6], 'zh').label).toBe('万元')
    expect(moneyUnitFor([45372.87, 320, 168], 'zh').label).toBe('元') // median 320 yuan
    expect(moneyUnitFor([], 'zh').label).toBe('元')
  })
  it('uses the median so that one outlier does not set the unit', () => {
    expect(moneyUnitFor([5e4, 6e4, 7e4, 9e11], 'zh').label).toBe('万元')
  })
  it('picks bn, M, k yuan in English', () => {
    expect(moneyUnitFor([1.15e9], 'en').label).toBe('bn yuan')
    expect(moneyUnitFor([2.5e7], 'en').label).toBe('M yuan')
    expect(moneyUnitFor([4537.28], 'en').label).toBe('k yuan')
  })
  it('writes values in the column unit without the unit, with 3 significant digits or more', () => {
    expect(formatMoneyIn(123456789, { divisor: 1e8, label: '亿元' }, 'zh')).toBe('1.23')
    expect(formatMoneyIn(123456789, { divisor: 1e4, label: '万元' }, 'zh')).toBe('12,346')
    expect(formatMoneyIn(15.4e8, { divisor: 1e8, label: '亿元' }, 'zh')).toBe('15.4')
    expect(formatMoneyIn(0, { divisor: 1e8, label: '亿元' }, 'zh')).toBe('0')
    expect(formatMoneyIn(null, { divisor: 1, label: '元' }, 'zh')).toBe('—')
  })
  it('writes single figures with their unit', () => {
    expect(formatMoney(1150000260, 'zh')).toBe('11.5 亿元')
    expect(formatMoney(1150000260, 'en')).toBe('1.15 bn yuan')
    expect(formatMoney(62449646248, 'zh')).toBe('624 亿元')
    expect(formatMoney(-2.39e9, 'zh')).toBe('-23.9 亿元')
  })
})

describe('other numbers', () => {
  it('formats shares as percentages', () => {
    expect(formatPercent(0.699999782762049, 'zh')).toBe('70.0%')
    expect(formatPercent(0.29934595, 'en')).toBe('29.9%')
    expect(formatPercent(1.19, 'en', 0)).toBe('119%')
    expect(formatPercent(undefined, 'en')).toBe('—')
    expect(formatPercent(Number.NaN, 'en')).toBe('—')
  })
  it('groups counts', () => {
    expect(formatCount(1409469, 'zh')).toBe('1,409,469')
    expect(formatCount(1409469, 'en')).toBe('1,409,469')
  })
  it('counts vehicles in 万辆 and millions', () => {
    expect(formatVehicles(3.2e6, 'zh')).toBe('320 万辆')
    expect(formatVehicles(3.29e6, 'en')).toBe('3.29 M vehicles')
  })
  it('writes days, infinity for an unbounded time', () => {
    expect(formatDays(3.46, 'zh')).toBe('3.5 天')
    expect(formatDays(86.25, 'en')).toBe('86 days')
    expect(formatDays(1, 'en')).toBe('1 day')
    expect(formatDays(Infinity, 'zh')).toBe('∞ 天')
  })
})
