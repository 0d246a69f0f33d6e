/*
 * 004: a data version per billing group, bumped in the same transaction by every statement that
 * changes what the group's bill breakdown is computed from (its bills, its call records, its
 * contracts). An instance keeps computed bills keyed by (group, month, version) (domain/bill-cache.ts);
 * `sessions.resolve` reads the version with the group, so a change committed through any instance
 * gives the very next read on every instance a new key. The triggers are per STATEMENT, with
 * transition tables: loading a chunk of 2,000 call records bumps each group in it once, not per row.
 * Groups are locked in id order so two bulk statements over the same groups cannot deadlock.
 */
/** The three triggers (insert, update, delete) that bump the version of the groups `table`'s rows belong to. */
const bumpTriggers = (table: string) => `CREATE TRIGGER ${table}_bump_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER ${table}_bump_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER ${table}_bump_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
`;

export default /* sql */ `
ALTER TABLE billing_groups ADD COLUMN data_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM billing_groups WHERE id IN (SELECT billing_group_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
    UPDATE billing_groups SET data_version = data_version + 1 WHERE id IN (SELECT billing_group_id FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM 1 FROM billing_groups WHERE id IN (SELECT billing_group_id FROM new_rows UNION SELECT billing_group_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
    UPDATE billing_groups SET data_version = data_version + 1
      WHERE id IN (SELECT billing_group_id FROM new_rows UNION SELECT billing_group_id FROM old_rows);
  ELSE
    PERFORM 1 FROM billing_groups WHERE id IN (SELECT billing_group_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
    UPDATE billing_groups SET data_version = data_version + 1 WHERE id IN (SELECT billing_group_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;

${['bills', 'call_records', 'contracts'].map(bumpTriggers).join('\n')}`;
