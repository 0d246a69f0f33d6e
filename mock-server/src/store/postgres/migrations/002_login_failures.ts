/*
 * 002: the failed logins of every access ID live in login_failures, known or not — a failure on a
 * known and on an unknown ID runs the same statements on the same table (ASVS V6.3.8: timing must
 * not tell which IDs exist). The accounts' counts move there (their window end, or their lock end
 * if later, as forget_after), and the accounts lose the columns. Instances of the previous version
 * must be stopped before this runs (they would still write the dropped columns).
 */
export default /* sql */ `
INSERT INTO login_failures (key, count, since, locked_until, forget_after)
SELECT access_id, failed_count, failed_since, locked_until,
       GREATEST(COALESCE(failed_since + interval '15 minutes', locked_until), COALESCE(locked_until, failed_since + interval '15 minutes'))
FROM accounts
WHERE (failed_count > 0 OR locked_until IS NOT NULL) AND (failed_since IS NOT NULL OR locked_until IS NOT NULL)
ON CONFLICT (key) DO UPDATE SET count = EXCLUDED.count, since = EXCLUDED.since, locked_until = EXCLUDED.locked_until, forget_after = EXCLUDED.forget_after;

ALTER TABLE accounts DROP COLUMN failed_count, DROP COLUMN failed_since, DROP COLUMN locked_until;

COMMENT ON TABLE login_failures IS 'failed logins per access ID, whether or not it names an account; forgotten after forget_after';
`;
