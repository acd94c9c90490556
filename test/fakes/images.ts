/** Real image bytes for tests: a 1×1 PNG, and padding to reach a size without changing the type. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

/** A PNG signature followed by zeros: `size` bytes that sniff as image/png. */
export function pngOfSize(size: number): Buffer {
  const out = Buffer.alloc(size)
  PNG_1X1.copy(out, 0, 0, Math.min(size, PNG_1X1.length))
  return out
}
