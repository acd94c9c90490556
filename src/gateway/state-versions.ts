/** `stateVersion` counters attached to `presence` and `health` broadcasts; both start at 1. */
export interface StateVersions {
  presence: number
  health: number
}

export const createStateVersions = (): StateVersions => ({ presence: 1, health: 1 })
