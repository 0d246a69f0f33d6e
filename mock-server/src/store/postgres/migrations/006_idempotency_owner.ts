/*
 * 006: a stored request (D-12) names the request that reserved it (`owner`): only that request
 * completes or releases it, so one that finishes after its lease ran out and another request took
 * the key over changes nothing. While in progress, `expires_at` is the end of the reservation's
 * lease (IDEMPOTENCY_LEASE_MS, five minutes), not the answer's day: a key whose server died in the
 * middle of the request is free again soon after. Reservations in progress when this runs (none
 * has an owner, so none could be completed any more) are given that lease from now.
 */
export default /* sql */ `
ALTER TABLE idempotency ADD COLUMN owner text;
UPDATE idempotency SET expires_at = LEAST(expires_at, now() + interval '5 minutes') WHERE response IS NULL;
`;
