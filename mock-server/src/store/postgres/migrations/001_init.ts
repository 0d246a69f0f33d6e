/*
 * 001: a table per aggregate (SPEC D-13). Keys that order results are COLLATE "C" so the order is
 * the code-point order every engine uses, whatever the database's default collation. Instants are
 * timestamptz; months (`YYYY-MM`) and calendar dates (`YYYY-MM-DD`) are text, as in the API.
 * No foreign keys: the repositories delete what belongs together (an account's links and
 * challenges), and records may name accounts before they exist exactly as in the other engines.
 */
export default /* sql */ `
CREATE TABLE billing_groups (
  id                text COLLATE "C" PRIMARY KEY,
  customer_number   text NOT NULL,
  name              text NOT NULL,
  kana              text NOT NULL,
  bank              jsonb NOT NULL,
  paper_stop        jsonb NOT NULL,
  call_records_from text
);

CREATE TABLE contracts (
  contract_number      text COLLATE "C" PRIMARY KEY,
  billing_group_id     text COLLATE "C" NOT NULL,
  seq                  bigint GENERATED ALWAYS AS IDENTITY,
  contract_group       text NOT NULL,
  customer_name        text NOT NULL,
  customer_kana        text NOT NULL,
  registered_address   jsonb NOT NULL,
  installation_address jsonb NOT NULL,
  service_name         text NOT NULL,
  access_line          jsonb,
  hikari_phone         jsonb NOT NULL,
  options              jsonb NOT NULL
);
CREATE INDEX contracts_by_group ON contracts (billing_group_id, seq);

CREATE TABLE accounts (
  id                      text COLLATE "C" PRIMARY KEY,
  access_id               text COLLATE "C" NOT NULL,
  billing_group_id        text COLLATE "C" NOT NULL,
  email                   text NOT NULL,
  -- the address as compared: trimmed and lower-cased by the engine (the same function as the others)
  email_key               text COLLATE "C" NOT NULL,
  name                    text NOT NULL,
  role                    text NOT NULL,
  notify                  boolean NOT NULL,
  status                  text NOT NULL,
  password_hash           text,
  temporary_password_hash text,
  created_at              timestamptz NOT NULL,
  failed_count            integer NOT NULL DEFAULT 0,
  failed_since            timestamptz,
  locked_until            timestamptz,
  CONSTRAINT accounts_access_id_key UNIQUE (access_id)
);
CREATE UNIQUE INDEX accounts_email_in_group ON accounts (billing_group_id, email_key);
CREATE INDEX accounts_by_email ON accounts (email_key) WHERE status = 'active';
CREATE INDEX accounts_by_group ON accounts (billing_group_id, created_at, access_id);

-- Failed logins of access IDs that name no account (the throttle must not reveal which exist).
CREATE TABLE login_failures (
  key          text COLLATE "C" PRIMARY KEY,
  count        integer NOT NULL,
  since        timestamptz,
  locked_until timestamptz,
  forget_after timestamptz NOT NULL
);
CREATE INDEX login_failures_forget ON login_failures (forget_after);

CREATE TABLE sessions (
  token_hash   text COLLATE "C" PRIMARY KEY,
  account_id   text COLLATE "C" NOT NULL,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE links (
  token_hash text COLLATE "C" PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL,
  purpose    text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX links_by_account ON links (account_id, purpose);
CREATE INDEX links_unused_expiry ON links (expires_at) WHERE used_at IS NULL;
CREATE INDEX links_used ON links (used_at) WHERE used_at IS NOT NULL;

CREATE TABLE challenges (
  id         text COLLATE "C" PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL,
  otp_hash   text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts   integer NOT NULL,
  used_at    timestamptz,
  voided_at  timestamptz
);
CREATE INDEX challenges_by_account ON challenges (account_id);
CREATE INDEX challenges_expiry ON challenges (expires_at);

CREATE TABLE bills (
  billing_group_id text COLLATE "C" NOT NULL,
  month            text COLLATE "C" NOT NULL,
  billing_id       text COLLATE "C" NOT NULL UNIQUE,
  issued_on        text NOT NULL,
  due_date         text NOT NULL,
  items            jsonb NOT NULL,
  published_at     timestamptz NOT NULL,
  PRIMARY KEY (billing_group_id, month)
);

-- Running numbers (ご請求番号): allocated in the publishing transaction, so none is skipped.
CREATE TABLE counters (
  name  text PRIMARY KEY,
  value bigint NOT NULL
);
INSERT INTO counters (name, value) VALUES ('billing', 0);

CREATE TABLE opening_notices (
  contract_number text COLLATE "C" NOT NULL,
  date            text COLLATE "C" NOT NULL,
  published_at    timestamptz NOT NULL,
  PRIMARY KEY (contract_number, date)
);

CREATE TABLE documents (
  kind       text NOT NULL,
  key        text COLLATE "C" NOT NULL,
  version    integer NOT NULL,
  sha256     text NOT NULL,
  created_at timestamptz NOT NULL,
  source     text,
  bytes      bytea NOT NULL,
  PRIMARY KEY (kind, key, version)
);

CREATE TABLE call_records (
  id               text COLLATE "C" PRIMARY KEY,
  billing_group_id text COLLATE "C" NOT NULL,
  month            text COLLATE "C" NOT NULL,
  contract_number  text COLLATE "C" NOT NULL,
  started_at       timestamptz NOT NULL,
  usage_type       text NOT NULL,
  from_number      text NOT NULL,
  to_number        text NOT NULL,
  duration_seconds integer NOT NULL,
  charge           bigint NOT NULL
);
-- paging, counting, streaming and summing a group's month, in (started_at, id) order
CREATE INDEX call_records_by_month ON call_records (billing_group_id, month, started_at, id);

CREATE TABLE inquiries (
  id               text COLLATE "C" PRIMARY KEY,
  billing_group_id text COLLATE "C" NOT NULL,
  account_id       text COLLATE "C" NOT NULL,
  category         text NOT NULL,
  subject          text NOT NULL,
  body             text NOT NULL,
  kind             text NOT NULL,
  status           text NOT NULL,
  created_at       timestamptz NOT NULL,
  resolved_at      timestamptz,
  effective_from   text
);
CREATE INDEX inquiries_by_group ON inquiries (billing_group_id, created_at, id);
CREATE INDEX inquiries_by_status ON inquiries (status, created_at, id);

CREATE TABLE news (
  id               text COLLATE "C" PRIMARY KEY,
  billing_group_id text COLLATE "C",
  title            text NOT NULL,
  body             text NOT NULL,
  published_at     timestamptz NOT NULL
);
CREATE INDEX news_by_group ON news (billing_group_id, published_at);

CREATE TABLE idempotency (
  caller       text COLLATE "C" NOT NULL,
  key          text COLLATE "C" NOT NULL,
  body_hash    text NOT NULL,
  expires_at   timestamptz NOT NULL,
  response     jsonb,
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_expiry ON idempotency (expires_at);
`;
