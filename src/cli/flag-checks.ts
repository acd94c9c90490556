/**
 * Value checks for flags, run by the parser where the value is read (so the message names the flag).
 * Each returns what is wrong with the value, or undefined when it is fine.
 */

export function checkPort(value: string): string | undefined {
  const n = Number(value)
  return /^\d+$/.test(value) && n <= 65535 ? undefined : `not a TCP port (0-65535): ${value}`
}

export function checkPositiveInteger(value: string): string | undefined {
  return /^\d+$/.test(value) && Number(value) > 0 && Number.isSafeInteger(Number(value)) ? undefined : `not a positive whole number: ${value}`
}

/** Seconds where 0 means "no limit" (the agent's --timeout). */
export function checkWholeNumber(value: string): string | undefined {
  return /^\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? undefined : `not a whole number: ${value}`
}

export function checkGatewayUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return `not a URL: ${value} (expected ws://host:port or wss://host:port)`
  const { protocol } = new URL(value)
  return protocol === 'ws:' || protocol === 'wss:' ? undefined : `not a ws:// or wss:// URL: ${value}`
}

export function checkJson(value: string): string | undefined {
  try {
    JSON.parse(value)
    return undefined
  } catch (err) {
    return `not valid JSON: ${(err as Error).message}`
  }
}
