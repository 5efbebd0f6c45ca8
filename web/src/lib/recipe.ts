// The multi-tier recipe of a component (pack ← cell ← cathode) as a tree, from the taxonomy's inputs.
import type { ComponentType } from '../api/types'

export interface RecipeNode {
  code: string
  qty: number
  children: RecipeNode[]
}

/**
 * What one unit of `code` is made of, tier by tier. A component met again on its own path (a cycle in bad
 * data) is cut there, so the tree is always finite.
 */
export function recipeTree(code: string, components: ReadonlyMap<string, Pick<ComponentType, 'inputs'>>, qty = 1, path: string[] = []): RecipeNode {
  const inputs = path.includes(code) ? [] : (components.get(code)?.inputs ?? [])
  return {
    code,
    qty,
    children: inputs.map((i) => recipeTree(i.component, components, i.qty_per_unit, [...path, code])),
  }
}

/** The components that use `code` as a direct input. */
export function usedIn(code: string, components: ReadonlyMap<string, Pick<ComponentType, 'inputs' | 'code'>>): string[] {
  return [...components.values()].filter((c) => c.inputs.some((i) => i.component === code)).map((c) => c.code)
}
