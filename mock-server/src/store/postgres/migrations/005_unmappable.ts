import type pg from 'pg';
import { unmappableIn } from '../../../csv/cp932.js';

/*
 * 005: each call record keeps how many of its characters CP932 cannot write (csv/unmappable.ts),
 * so the Shift_JIS export's `X-Unmappable-Chars` (D-5) is a sum under the export's WHERE instead
 * of a second pass over the month. Almost every record has none: the partial index holds only the
 * few that have some, with the columns the export filters on, so the sum is an index-only scan of
 * those few rows.
 *
 * The column is added with 0 for the rows already there (no table rewrite), then the default is
 * dropped: an INSERT that does not give the count fails instead of storing a wrong 0. The rows
 * already there are then counted by `fill` below, in JavaScript, with the encoder's own table
 * (PostgreSQL's Shift_JIS conversion is not the encoder, and the database may not be UTF-8).
 */
export default /* sql */ `
ALTER TABLE call_records ADD COLUMN unmappable integer NOT NULL DEFAULT 0;
ALTER TABLE call_records ALTER COLUMN unmappable DROP DEFAULT;
CREATE INDEX call_records_unmappable ON call_records (billing_group_id, month) INCLUDE (contract_number, from_number, unmappable) WHERE unmappable > 0;
`;

/**
 * Counts the rows stored before this migration, in its transaction. A row's count is the sum of
 * its three text cells' counts (unmappableInCallRecord), and they take few distinct values (a handful of usage types, the
 * customers' numbers): one scan collects the distinct cell values that are not plain ASCII (ASCII
 * is always writable), each is counted once here, and only the rows holding a value with a count
 * are updated — usually none.
 */
export async function fill(client: pg.PoolClient): Promise<void> {
  const values = (
    await client.query<{ v: string }>(
      `SELECT DISTINCT x.v FROM call_records, LATERAL (VALUES (usage_type), (from_number), (to_number)) AS x(v) WHERE x.v ~ '[^\\x01-\\x7f]'`,
    )
  ).rows.map((r) => r.v);
  const counted = values.map((v) => [v, unmappableIn(v)] as const).filter(([, n]) => n > 0);
  if (counted.length === 0) return;
  await client.query(
    `WITH m(v, n) AS (SELECT * FROM unnest($1::text[], $2::int[]))
     UPDATE call_records c SET unmappable = coalesce((SELECT n FROM m WHERE m.v = c.usage_type), 0)
                                          + coalesce((SELECT n FROM m WHERE m.v = c.from_number), 0)
                                          + coalesce((SELECT n FROM m WHERE m.v = c.to_number), 0)
     WHERE c.usage_type = ANY($1) OR c.from_number = ANY($1) OR c.to_number = ANY($1)`,
    [counted.map(([v]) => v), counted.map(([, n]) => n)],
  );
}
