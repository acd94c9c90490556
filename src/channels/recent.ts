/** A small map that forgets its oldest entries beyond `max` (recent ids, authors of recent messages). */
export function createRecent<V>(max: number) {
  const entries = new Map<string, V>()
  return {
    get: (key: string): V | undefined => entries.get(key),
    has: (key: string): boolean => entries.has(key),
    delete: (key: string): boolean => entries.delete(key),
    set(key: string, value: V): void {
      entries.delete(key)
      entries.set(key, value)
      if (entries.size > max) entries.delete(entries.keys().next().value!)
    },
  }
}
