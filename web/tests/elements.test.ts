// Every <el-…> tag in the dashboard's templates resolves to a registered component. Vue renders an
// unregistered one as plain markup (in a production build without a warning): the respond dialog once sat
// open at the bottom of the matchmaking page for every role because ElDialog was not registered.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from 'vue'
import { describe, expect, it } from 'vitest'
import { elementComponents } from '../src/elements'

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? vueFiles(join(dir, e.name)) : e.name.endsWith('.vue') ? [join(dir, e.name)] : [])
}

const pascal = (tag: string): string => tag.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')

describe('Element Plus registration', () => {
  const app = createApp({})
  for (const c of elementComponents) app.use(c)
  const used = new Map<string, string>() // tag → first file using it
  for (const file of vueFiles(join(__dirname, '../src'))) {
    const template = readFileSync(file, 'utf8').split('<template>').slice(1).join('<template>')
    for (const m of template.matchAll(/<(el-[a-z-]+)/g)) if (!used.has(m[1])) used.set(m[1], file)
  }
  it('finds the templates', () => {
    expect(used.size).toBeGreaterThan(20)
    expect(used.has('el-dialog')).toBe(true)
  })
  for (const [tag, file] of used)
    it(`registers <${tag}>`, () => {
      expect(app.component(pascal(tag)), `<${tag}> in ${file} is not registered (src/elements.ts)`).toBeTruthy()
    })
})
