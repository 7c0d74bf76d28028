/**
 * PostgreSQL schema, as numbered forward-only migrations (applied under an advisory lock, see
 * migrate.ts). Never edit a migration that has shipped: add the next number. Times are epoch
 * milliseconds (BIGINT) like the SQLite dialect, so both share one row mapping. Documents that come
 * from outside (events, rules, sent messages) are JSON text, as on SQLite (migration 3); JSONB is kept
 * for internal ones (keywords, attempts).
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: "init",
    sql: `
CREATE TABLE credentials (
  name TEXT PRIMARY KEY,
  sealed TEXT NOT NULL,
  hint TEXT NOT NULL,
  has_secret BOOLEAN NOT NULL,
  keywords JSONB NOT NULL,
  rate_messages INTEGER NOT NULL,
  rate_per_seconds INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE notifications (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  credential TEXT NOT NULL,
  rule JSONB NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE api_tokens (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE TABLE events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source TEXT NOT NULL,
  dedup_key TEXT,
  event JSONB NOT NULL,
  received_at BIGINT NOT NULL,
  expanded BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX events_dedup ON events (source, dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX events_unexpanded ON events (id) WHERE NOT expanded;
CREATE TABLE rejected_hooks (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source TEXT NOT NULL,
  reason TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  excerpt TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE TABLE deliveries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events (id),
  notification_id TEXT NOT NULL,
  credential TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  task TEXT NOT NULL,
  event_status TEXT NOT NULL,
  rule JSONB NOT NULL,
  state TEXT NOT NULL,
  message JSONB,
  attempts JSONB NOT NULL DEFAULT '[]'::jsonb,
  tries INTEGER NOT NULL DEFAULT 0,
  run_at BIGINT NOT NULL,
  last_error TEXT,
  fix TEXT,
  merged_into BIGINT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX deliveries_lane ON deliveries (credential, state, id);
CREATE INDEX deliveries_state ON deliveries (state, id);
CREATE INDEX deliveries_created ON deliveries (created_at);
CREATE INDEX deliveries_event ON deliveries (event_id);
CREATE TABLE lanes (
  credential TEXT PRIMARY KEY,
  lease_owner TEXT,
  lease_until BIGINT NOT NULL DEFAULT 0,
  not_before BIGINT NOT NULL DEFAULT 0,
  paused_until BIGINT NOT NULL DEFAULT 0,
  pause_reason TEXT,
  claimed_at BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE send_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  credential TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX send_log_lane ON send_log (credential, at);
`,
  },
  {
    version: 2,
    name: "event_trail",
    // The event trail lists events by source, pipeline, status and time; webhook bodies are deduplicated by
    // their hash within a window. Columns are filled on insert and backfilled from the stored JSON here.
    sql: `
ALTER TABLE events ADD COLUMN body_hash TEXT;
ALTER TABLE events ADD COLUMN pipeline TEXT;
ALTER TABLE events ADD COLUMN status TEXT;
UPDATE events SET pipeline = event->'pipeline'->>'name', status = event->'task'->>'status';
CREATE INDEX events_body ON events (source, body_hash, received_at) WHERE body_hash IS NOT NULL;
CREATE INDEX events_source ON events (source, id);
CREATE INDEX events_pipeline ON events (pipeline, id);
CREATE INDEX events_received ON events (received_at);
`,
  },
  {
    version: 3,
    name: "run_state",
    // Run state: per run the state of each task (a JSON document the pure src/runs/state.ts folds events
    // into), per repository + branch + pipeline + task the last outcome, and each event's transition
    // (broken, fixed, still_failing), all written when the event is expanded.
    sql: `
CREATE TABLE runs (
  run_key TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  run_id TEXT NOT NULL,
  state JSONB NOT NULL,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX runs_pipeline ON runs (pipeline, updated_at);
CREATE INDEX runs_updated ON runs (updated_at);
CREATE TABLE task_outcomes (
  outcome_key TEXT PRIMARY KEY,
  repo TEXT NOT NULL,
  branch TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  task TEXT NOT NULL,
  outcome TEXT NOT NULL,
  run_number BIGINT,
  event_id BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
ALTER TABLE events ADD COLUMN transition TEXT;
`,
  },
  {
    version: 4,
    name: "documents as text",
    // JSONB refuses the escape \u0000 (an event from a webhook with a NUL byte was a 500) and
    // re-orders keys and spacing (the message "exactly as sent" was not): store the JSON text, as the
    // SQLite dialect does; the run state joins them, so a task name with a NUL byte cannot fail expansion.
    // Nothing queries inside these documents any more (version 2 backfilled its columns from them before).
    sql: `
ALTER TABLE events ALTER COLUMN event TYPE TEXT USING event::text;
ALTER TABLE notifications ALTER COLUMN rule TYPE TEXT USING rule::text;
ALTER TABLE deliveries ALTER COLUMN rule TYPE TEXT USING rule::text;
ALTER TABLE deliveries ALTER COLUMN message TYPE TEXT USING message::text;
ALTER TABLE runs ALTER COLUMN state TYPE TEXT USING state::text;
`,
  },
  {
    version: 5,
    name: "credential kind",
    sql: `
ALTER TABLE credentials ADD COLUMN kind TEXT NOT NULL DEFAULT 'dingtalk';
`,
  },
  {
    version: 6,
    name: "robot lanes",
    // As SQLite's migration 5 (robot lanes): lanes, send log and throttles keyed by the real robot.
    sql: `
ALTER TABLE credentials ADD COLUMN robot_key TEXT;
CREATE INDEX credentials_robot ON credentials (robot_key);
ALTER TABLE deliveries ADD COLUMN lane TEXT;
UPDATE deliveries SET lane = credential;
ALTER TABLE deliveries ALTER COLUMN lane SET NOT NULL;
DROP INDEX deliveries_lane;
CREATE INDEX deliveries_lane ON deliveries (lane, state, id);
CREATE INDEX deliveries_credential ON deliveries (credential, state);
ALTER TABLE lanes RENAME COLUMN credential TO lane;
ALTER TABLE lanes ADD COLUMN last_sent_at BIGINT;
ALTER TABLE lanes ADD COLUMN last_error TEXT;
ALTER TABLE lanes ADD COLUMN last_error_at BIGINT;
ALTER TABLE send_log RENAME COLUMN credential TO lane;
`,
  },
  {
    version: 7,
    name: "token life cycle",
    // Named tokens that can be revoked: where each came from ("env": DINGPIPE_ADMIN_TOKEN, replaced when
    // it changes; "generated": printed on the first start; "created": `dingpipe token create` or the
    // API; "legacy": stored before this migration), a hint to recognize it, and when it was revoked.
    // Active names are unique, so a token is revoked by its name: later duplicates get their id appended.
    sql: `
ALTER TABLE api_tokens ADD COLUMN source TEXT NOT NULL DEFAULT 'legacy';
ALTER TABLE api_tokens ADD COLUMN hint TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT;
UPDATE api_tokens SET name = name || '-' || id
  WHERE id NOT IN (SELECT MIN(id) FROM api_tokens GROUP BY name);
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;
`,
  },
  {
    version: 8,
    name: "run cards",
    // One row per run card (style run_card): the run version it must show and the one it shows, whether
    // DingTalk has it, a send left without an answer, and the lease that serializes its requests.
    sql: `
CREATE TABLE run_cards (
  card_biz_id TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL,
  credential TEXT NOT NULL,
  run_key TEXT NOT NULL,
  wanted_version INTEGER NOT NULL,
  shown_version INTEGER NOT NULL DEFAULT 0,
  created SMALLINT NOT NULL DEFAULT 0,
  send_uncertain SMALLINT NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending',
  tries INTEGER NOT NULL DEFAULT 0,
  run_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_error TEXT,
  fix TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX run_cards_due ON run_cards (state, run_at);
CREATE INDEX run_cards_run ON run_cards (run_key);
`,
  },
  {
    version: 9,
    name: "event queue",
    // The events waiting for expansion are rows of their own, deleted as they are expanded. They were a
    // flag on the event: setting it wrote every event a second time — a new version of the whole row and
    // an entry in each of its indexes, since the flag was in an index's predicate (no HOT update) — a
    // third of the server's time under ingest. The queue has no foreign key: a check per insert would
    // lock the event's row; only the expansion deletes from it. A trigger queues every row inserted, once
    // per statement (from its transition table): so does an insert by a process of an older version still
    // running against this database, whose events would otherwise be accepted and never expanded.
    sql: `
CREATE TABLE event_queue (id BIGINT PRIMARY KEY);
CREATE FUNCTION dingpipe_queue_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_queue (id) SELECT id FROM added;
  RETURN NULL;
END $$;
CREATE TRIGGER events_queue AFTER INSERT ON events REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION dingpipe_queue_events();
INSERT INTO event_queue (id) SELECT id FROM events WHERE NOT expanded;
DROP INDEX events_unexpanded;
ALTER TABLE events DROP COLUMN expanded;
`,
  },
];
