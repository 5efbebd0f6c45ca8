// A long-running stress or scenario job: start it, follow its progress (polling every 400 ms while it
// is queued or runs), cancel it. The job id lives in the URL, so a reload or a shared link shows the same job.
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { cancelJob, getJob, startStress } from '../api/chain'
import type { Job } from '../api/types'

/** Not finished yet: queued (no server has taken it) or running. */
export const jobActive = (j: Job<unknown> | null | undefined): boolean => j?.status === 'queued' || j?.status === 'running'

export function useJob<R>(id: Ref<string>, setId: (id: string) => void) {
  const job = shallowRef<Job<R> | null>(null)
  const error = shallowRef<Error | null>(null)
  const starting = ref(false)
  /** The run time the server estimated when it accepted the job (its 202's cost), seconds. */
  const estimatedSeconds = ref<number | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  let alive = true

  async function poll(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    const current = id.value
    if (!current) {
      job.value = null
      return
    }
    try {
      const j = (await getJob(current)) as Job<R>
      if (!alive || current !== id.value) return
      job.value = j
      error.value = null
      if (jobActive(j)) timer = setTimeout(() => void poll(), 400)
    } catch (e) {
      if (!alive || current !== id.value) return
      error.value = e instanceof Error ? e : new Error(String(e))
      job.value = null
    }
  }

  async function start(body: Record<string, unknown>): Promise<void> {
    starting.value = true
    error.value = null
    try {
      const j = await startStress(body)
      const cost = (j as { cost?: { estimated_seconds?: number } }).cost
      estimatedSeconds.value = cost?.estimated_seconds ?? null
      job.value = j as unknown as Job<R>
      setId(j.job)
    } catch (e) {
      error.value = e instanceof Error ? e : new Error(String(e))
    } finally {
      starting.value = false
    }
  }

  async function cancel(): Promise<void> {
    if (!id.value) return
    try {
      await cancelJob(id.value)
    } catch (e) {
      error.value = e instanceof Error ? e : new Error(String(e))
    }
    await poll()
  }

  watch(id, () => void poll(), { immediate: true })
  onBeforeUnmount(() => {
    alive = false
    if (timer) clearTimeout(timer)
  })
  return { job, error, starting, estimatedSeconds, start, cancel, poll }
}
