// Submitting a form to the API: its own rules first, then the server's verdict shown at the fields the
// server names (an error naming no field is shown above the form). Nothing is posted while a rule fails.
import { reactive, ref, shallowRef, useTemplateRef } from 'vue'
import type { FormInstance } from 'element-plus'
import { ApiError, fieldErrors } from '../api/client'

/** The form is the element with ref="formEl" in the calling component's template. */
export function useServerForm() {
  const formRef = useTemplateRef<FormInstance>('formEl')
  const serverErrors = reactive<Record<string, string>>({})
  const formError = shallowRef<Error | null>(null)
  const posting = ref(false)

  /** Validates, then runs `post`; resolves true when it succeeded. */
  async function submit(post: () => Promise<unknown>): Promise<boolean> {
    for (const k of Object.keys(serverErrors)) delete serverErrors[k]
    formError.value = null
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return false
    posting.value = true
    try {
      await post()
      return true
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = fieldErrors(e.message)
        Object.assign(serverErrors, fields)
        if (Object.keys(fields).length === 0) formError.value = e
      } else formError.value = e instanceof Error ? e : new Error(String(e))
      return false
    } finally {
      posting.value = false
    }
  }
  return { serverErrors, formError, posting, submit }
}
