/**
 * The emoji a running tool shows as the turn's status reaction, by what its name says it does (the
 * original's categories, tried in this order): deploying 🛫, building 🏗️, driving a browser page 💁,
 * the web 🌐, code and files 💻, anything else 🛠️. A tool the original draws with an emoji of its
 * own shows that one (of this gateway's tools, only `canvas` has one).
 */
const CATEGORIES: [emoji: string, tokens: string[]][] = [
  ['🛫', ['fastlane', 'deploy', 'upload', 'testflight', 'ship', 'release', 'publish', 'distribute']],
  ['🏗️', ['build', 'compile', 'xcode', 'swift', 'gradle', 'cargo', 'make', 'cmake', 'webpack', 'vite', 'tsc', 'lint']],
  ['💁', ['navigate', 'click', 'fill', 'screenshot', 'scroll', 'page', 'form', 'puppeteer', 'playwright', 'selenium', 'chromedp']],
  ['🌐', ['web_search', 'web-search', 'web_fetch', 'web-fetch', 'browser']],
  ['💻', ['exec', 'process', 'read', 'write', 'edit', 'session_status', 'bash']],
]

const OWN: Record<string, string> = { canvas: '🖼️' }

const TOOL_EMOJI = '🛠️'

/** @example toolEmoji('web_fetch') === '🌐'; toolEmoji('lookup_weather') === '🛠️' */
export function toolEmoji(name: string): string {
  const n = name.trim().toLowerCase()
  if (Object.hasOwn(OWN, n)) return OWN[n]!
  return CATEGORIES.find(([, tokens]) => tokens.some((t) => n.includes(t)))?.[0] ?? TOOL_EMOJI
}
