/**
 * Which folders an iMessage attachment may be read from (`channels.imessage.attachmentRoots`, which
 * extend the original's default `/Users/*\/Library/Messages/Attachments`). A `*` stands for one path
 * segment. The match here only picks the folder; the file is then read through the one confinement
 * rule below it (media/local-file.ts), so `..` or a symlink cannot lead out of it.
 */
import { expandHome } from '../../config/paths.ts'

export const DEFAULT_ATTACHMENT_ROOTS = ['/Users/*/Library/Messages/Attachments']

/** The folder `path` lies in, the pattern's `*` filled in from the path, or undefined. */
export function attachmentRootOf(path: string, roots: string[]): string | undefined {
  const parts = expandHome(path).split('/')
  for (const root of roots) {
    const pattern = root.replace(/\/+$/, '').split('/')
    if (pattern.length >= parts.length) continue
    const matches = pattern.every((seg, i) => (seg === '*' ? !['', '.', '..'].includes(parts[i]!) : seg === parts[i]))
    if (matches) return parts.slice(0, pattern.length).join('/')
  }
  return undefined
}
