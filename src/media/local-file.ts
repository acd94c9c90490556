/**
 * An attachment file that a provider's own program stored on this host (signal-cli's attachments
 * folder, the Messages Attachments folder). The path comes from the provider's event, so it is
 * untrusted: the file is read only when the one confinement rule (platform/confine-path.ts) puts it
 * inside its folder (`..`, or a symlink leading out, is refused), it is a regular file, and it is
 * within the byte limit.
 */
import { realpathSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { isAbsolute, relative, sep } from 'node:path'
import { confinePath } from '../platform/confine-path.ts'
import { mediaFailed } from './download.ts'

export async function readLocalMedia(root: string, path: string, maxBytes: number): Promise<Uint8Array> {
  const outside = () => mediaFailed('the attachment path is outside its folder', 'MEDIA_OUTSIDE_ROOT')
  const rel = relativeTo(root, path)
  if (rel === undefined) throw outside()
  const found = confinePath(root, rel, 'read')
  if (!found.ok && found.status === 403) throw outside()
  if (!found.ok || !found.exists) throw mediaFailed('the attachment file is not there', 'MEDIA_FETCH_FAILED')
  const file = await open(found.path, 'r').catch(() => {
    throw mediaFailed('the attachment file cannot be opened', 'MEDIA_FETCH_FAILED')
  })
  try {
    const stat = await file.stat()
    if (!stat.isFile()) throw mediaFailed('the attachment is not a regular file', 'MEDIA_FETCH_FAILED')
    if (stat.size > maxBytes) throw mediaFailed(`the file is larger than ${maxBytes} bytes`, 'MEDIA_TOO_LARGE')
    const bytes = Buffer.alloc(stat.size)
    const { bytesRead } = await file.read(bytes, 0, stat.size, 0)
    return bytes.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

/**
 * `path` as a `/`-separated path below `root`: a relative one as given (without `..`); an absolute one
 * only when it starts with the folder, as written or as resolved (macOS `/tmp` is `/private/tmp`).
 */
function relativeTo(root: string, path: string): string | undefined {
  if (!isAbsolute(path)) return path.split('/').includes('..') ? undefined : path
  for (const base of new Set([root, realOrSame(root)])) {
    const rel = relative(base, path)
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/')
  }
  return undefined
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}
