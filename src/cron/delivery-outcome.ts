/**
 * A cron run's delivery outcome, as the original records it in its run log, its `cron` events and its
 * job state (`lastDeliveryStatus`): an announcing job's reply `delivered`, or `not-delivered` (no route,
 * the channel refused it, or it was empty and so not sent), or `unknown` when the run ended before its
 * reply could go (it failed, or the gateway stopped); a job that does not announce is `not-requested`.
 */
import type { CronRunDelivery } from '../store/cron-store.ts'

export const NOT_REQUESTED: CronRunDelivery = { status: 'not-requested' }

/** The outcome's wire fields: `delivered` only once delivery was decided. */
export function deliveryFields(d: CronRunDelivery) {
  return {
    ...(d.status === 'delivered' && { delivered: true }),
    ...(d.status === 'not-delivered' && { delivered: false }),
    deliveryStatus: d.status,
    ...(d.error && { deliveryError: d.error }),
    ...(d.suppressed && { deliverySuppressionReason: d.suppressed }),
  }
}

/**
 * The original's `completionStatus` (what `openclaw cron run --wait` exits on): whether the run did all
 * it was to do, its delivery included. Here that is its `status`: a failed delivery fails the run unless
 * the job is `bestEffort`, and an empty reply not sent is no failure, as the original counts both.
 */
export const completionOf = (status: string): 'succeeded' | 'failed' => (status === 'ok' ? 'succeeded' : 'failed')
