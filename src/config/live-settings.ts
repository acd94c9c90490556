/**
 * The settings in force right now. The config reloader replaces them when the file changes; every
 * service reads `live.current` when it acts (each turn, message, request) instead of keeping a copy,
 * so an edit takes effect at the next use without restarting anything.
 *
 * @example const model = live.current.agent.primary   // at the start of a turn, not at start-up
 */
import type { GatewaySettings } from './settings.ts'

export interface LiveSettings {
  /** The current settings. Read it at each use; do not keep it. */
  readonly current: GatewaySettings
  /** Swaps in new settings, then tells the listeners. */
  replace(next: GatewaySettings): void
  /** Called after each replace with the new and the previous settings; returns an unsubscribe. */
  onChange(listener: (next: GatewaySettings, previous: GatewaySettings) => void): () => void
}

export function createLiveSettings(initial: GatewaySettings): LiveSettings {
  let current = initial
  const listeners = new Set<(next: GatewaySettings, previous: GatewaySettings) => void>()
  return {
    get current() {
      return current
    },
    replace(next) {
      const previous = current
      current = next
      for (const listener of listeners) listener(next, previous)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
