/**
 * Tool-call arguments arrive as JSON text from the model. Text that does not parse to an object is
 * kept under `_raw`, so the tool can answer with a precise error the model can correct.
 */
export function parseToolArgs(text: string): Record<string, unknown> {
  if (!text.trim()) return {}
  try {
    const parsed = JSON.parse(text)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  } catch {
    // fall through
  }
  return { _raw: text }
}
