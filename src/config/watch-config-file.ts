/**
 * Watches the config file for edits, debounced. The directory is watched, not the file: editors that
 * save by writing a temp file and renaming it over the original replace the inode a file watch would
 * follow, while truncate-and-write editors change it in place; both show up as events on the
 * directory naming the file. A burst of events (temp write, rename, chmod) settles into one call.
 */
import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'

const DEBOUNCE_MS = 20

export function watchConfigFile(path: string, onChange: () => void): { close(): void } {
  const name = basename(path)
  let timer: ReturnType<typeof setTimeout> | undefined
  let watcher: FSWatcher | undefined
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file !== null && file !== name) return
      clearTimeout(timer)
      timer = setTimeout(onChange, DEBOUNCE_MS)
    })
  } catch {
    // No directory yet (the first write creates it): nothing to watch; method writes still apply.
  }
  return {
    close() {
      clearTimeout(timer)
      watcher?.close()
    },
  }
}
