/** Longest detail kept: an error page's HTML or a stack trace in a body says nothing more past it. */
const MAX_DETAIL_CHARS = 300

/**
 * What an upstream's error answer says, for the message that reports it: `error.message`, `error` or
 * `message` of the JSON error body OpenAI-compatible APIs share, else the raw text; '' for an empty body.
 * @example errorDetail('{"error":{"message":"model not found"}}') // 'model not found'
 */
export function errorDetail(body: string): string {
  let detail = body
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string } | null
    detail = (typeof parsed?.error === 'string' ? parsed.error : parsed?.error?.message) ?? parsed?.message ?? body
  } catch {
    // not JSON: the raw text
  }
  return String(detail).slice(0, MAX_DETAIL_CHARS)
}
