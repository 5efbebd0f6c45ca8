// Loading state of one view's request: the data, whether it is loading, and the error to show (the API's
// message). A newer run supersedes an older one (its result is dropped), so fast filter changes never
// show stale data.
import { shallowRef, ref, type Ref, type ShallowRef } from 'vue'
import { ApiError } from '../api/client'

export interface AsyncState<T> {
  data: ShallowRef<T | null>
  loading: Ref<boolean>
  error: ShallowRef<ApiError | Error | null>
  run: () => Promise<void>
}

export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>): AsyncState<T> {
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | Error | null>(null)
  let controller: AbortController | null = null
  async function run(): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    try {
      const result = await load(mine.signal)
      if (controller !== mine) return
      data.value = result
    } catch (e) {
      if (controller !== mine) return
      if (e instanceof DOMException && e.name === 'AbortError') return
      error.value = e instanceof Error ? e : new Error(String(e))
    } finally {
      if (controller === mine) loading.value = false
    }
  }
  return { data, loading, error, run }
}
