/**
 * The build's `index.html` as the gateway serves it: its `./` links made absolute under the base path
 * (the page is also served at deep routes such as `/chat/main`), the base path announced on `<html>`
 * for the UI's own router, and a Content-Security-Policy that admits exactly its inline scripts.
 */
export interface RenderedIndex {
  html: string
  csp: string
}

export function renderIndex(source: string, basePath: string): RenderedIndex {
  const html = source
    .replace(/<html\b/, `<html data-openclaw-control-ui-base-path="${basePath}" data-openclaw-terminal-enabled="false"`)
    .replace(/\b(href|src)="\.\//g, `$1="${basePath}/`)
  return { html, csp: contentSecurityPolicy(inlineScriptHashes(html)) }
}

/** Inline scripts are allowed by hash, so nothing injected later can run. */
function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = []
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    hashes.push(`'sha256-${new Bun.CryptoHasher('sha256').update(m[1]!).digest('base64')}'`)
  }
  return hashes
}

function contentSecurityPolicy(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "frame-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')} 'wasm-unsafe-eval'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self'",
    "worker-src 'self'",
    "connect-src 'self' ws: wss: data:",
  ].join('; ')
}
