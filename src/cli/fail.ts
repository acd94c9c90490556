import { log } from '../log.ts'

/** Prints one clear line and exits: the CLI's only way to fail. */
export function fail(message: string, code: number): never {
  log.error(message)
  process.exit(code)
}
