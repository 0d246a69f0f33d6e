/*
 * 003: request limits shared by every instance on the database (security/limits.ts): one row per
 * (hashed) key with its fixed window's end and count. Rows whose window is over are deleted by the
 * instances as they go (postgres/repositories.ts).
 */
export default /* sql */ `
CREATE TABLE rate_windows (
  key     text COLLATE "C" PRIMARY KEY,
  ends_at timestamptz NOT NULL,
  count   integer NOT NULL
);
CREATE INDEX rate_windows_ends ON rate_windows (ends_at);
`;
