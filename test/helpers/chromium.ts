/**
 * Headless Chromium for browser tests. CI installs Debian's chromium and sets OPENCLAW_REQUIRE_BROWSER=1,
 * so there a missing browser fails the test; elsewhere the test is skipped with a note saying why.
 */
import { test } from 'bun:test'
import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'

const CHROMIUM = process.env.OPENCLAW_CHROMIUM ?? '/usr/bin/chromium'
const available = existsSync(CHROMIUM)
const required = process.env.OPENCLAW_REQUIRE_BROWSER === '1'

if (!available && !required) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)

/** A test that runs in headless Chromium (a minute: starting the browser alone takes seconds on a busy 2-core machine): skipped without a browser, failed without one when required. */
export function browserTest(name: string, fn: () => Promise<void>, timeoutMs = 60_000): void {
  if (available || required) test(name, fn, timeoutMs)
  else test.skip(`${name} (no Chromium)`, fn)
}

/** Launches Chromium (playwright gives it a fresh temporary profile) without background networking: this machine's network is closed. */
export async function launchChromium(): Promise<Browser> {
  if (!available) throw new Error(`Chromium is required here but ${CHROMIUM} does not exist`)
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  })
}
