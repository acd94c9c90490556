/**
 * Which bytes may go to a model as an image. OpenAI and Anthropic both take JPEG, PNG, GIF and WebP
 * inline; anything else (HEIC, SVG, a login page served instead of a file) is described in text.
 * The type comes from the bytes, not from the sender's label, so a mislabelled file cannot make the
 * provider reject the whole request.
 */

const SIGNATURES: { mime: string; test: (b: Uint8Array) => boolean }[] = [
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { mime: 'image/gif', test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 },
  { mime: 'image/webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
]

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to))
}

/** The image type of `bytes` when a model can take it inline, else undefined. */
export function sniffImageMime(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.mime
}

/** `1.2 MB`, `340 KB`, `12 B`: sizes as the model and the logs read them. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`
  if (n >= 1024) return `${Math.round(n / 1024)} KB`
  return `${n} B`
}
