/*
 * 004: a data version per billing group, bumped in the same transaction by every statement that
 * changes what the group's bill breakdown is computed from (its bills, its call records, its
 * contracts). An instance keeps computed bills keyed by (group, month, version) (domain/bill-cache.ts);
 * `sessions.resolve` reads the version with the group, so a change committed through any instance
 * gives the very next read on every instance a new key. The triggers are per STATEMENT, with
 * transition tables: loading a chunk of 2,000 call records bumps each group in it once, not per row.
 * Groups are locked in id order so two bulk statements over the same groups cannot deadlock.
 */
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

CREATE TRIGGER bills_bump_insert AFTER INSERT ON bills REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER bills_bump_update AFTER UPDATE ON bills REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER bills_bump_delete AFTER DELETE ON bills REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();

CREATE TRIGGER call_records_bump_insert AFTER INSERT ON call_records REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER call_records_bump_update AFTER UPDATE ON call_records REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER call_records_bump_delete AFTER DELETE ON call_records REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();

CREATE TRIGGER contracts_bump_insert AFTER INSERT ON contracts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER contracts_bump_update AFTER UPDATE ON contracts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER contracts_bump_delete AFTER DELETE ON contracts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
`;
