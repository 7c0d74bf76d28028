/**
 * SQLite schema, as numbered forward-only migrations. Never edit a migration that has shipped: add
 * the next number. Times are epoch milliseconds (INTEGER), documents JSON text.
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
  has_secret INTEGER NOT NULL,
  keywords TEXT NOT NULL,
  rate_messages INTEGER NOT NULL,
  rate_per_seconds INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  credential TEXT NOT NULL,
  rule TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  dedup_key TEXT,
  event TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  expanded INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX events_dedup ON events (source, dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX events_unexpanded ON events (id) WHERE expanded = 0;
CREATE TABLE rejected_hooks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  reason TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  excerpt TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL REFERENCES events (id),
  notification_id TEXT NOT NULL,
  credential TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  task TEXT NOT NULL,
  event_status TEXT NOT NULL,
  rule TEXT NOT NULL,
  state TEXT NOT NULL,
  message TEXT,
  attempts TEXT NOT NULL DEFAULT '[]',
  tries INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  last_error TEXT,
  fix TEXT,
  merged_into INTEGER,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX deliveries_lane ON deliveries (credential, state, id);
CREATE INDEX deliveries_state ON deliveries (state, id);
CREATE INDEX deliveries_created ON deliveries (created_at);
CREATE INDEX deliveries_event ON deliveries (event_id);
CREATE TABLE lanes (
  credential TEXT PRIMARY KEY,
  lease_owner TEXT,
  lease_until INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL DEFAULT 0,
  paused_until INTEGER NOT NULL DEFAULT 0,
  pause_reason TEXT,
  claimed_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE send_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  credential TEXT NOT NULL,
  at INTEGER NOT NULL
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
UPDATE events SET pipeline = json_extract(event, '$.pipeline.name'), status = json_extract(event, '$.task.status');
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
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
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
  run_number INTEGER,
  event_id INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
ALTER TABLE events ADD COLUMN transition TEXT;
`,
  },
  {
    version: 4,
    name: "credential kind",
    sql: `
ALTER TABLE credentials ADD COLUMN kind TEXT NOT NULL DEFAULT 'dingtalk';
`,
  },
  {
    version: 5,
    name: "robot lanes",
    // Lanes, send log and throttles belong to the real robot (credentials.robot_key, a keyed hash of
    // the robot's identity: DingTalk access token, WeCom key or Feishu hook token), not to a
    // credential's name: credentials on one robot share one window.
    // A credential without a robot key yet (rows from before this migration, until the service
    // assigns the keys at start) keeps its name as its lane, so existing data keeps working.
    sql: `
ALTER TABLE credentials ADD COLUMN robot_key TEXT;
CREATE INDEX credentials_robot ON credentials (robot_key);
ALTER TABLE deliveries ADD COLUMN lane TEXT NOT NULL DEFAULT '';
UPDATE deliveries SET lane = credential;
DROP INDEX deliveries_lane;
CREATE INDEX deliveries_lane ON deliveries (lane, state, id);
CREATE INDEX deliveries_credential ON deliveries (credential, state);
ALTER TABLE lanes RENAME COLUMN credential TO lane;
ALTER TABLE lanes ADD COLUMN last_sent_at INTEGER;
ALTER TABLE lanes ADD COLUMN last_error TEXT;
ALTER TABLE lanes ADD COLUMN last_error_at INTEGER;
ALTER TABLE send_log RENAME COLUMN credential TO lane;
`,
  },
  {
    version: 6,
    name: "token life cycle",
    // Named tokens that can be revoked: where each came from ("env": DINGPIPE_ADMIN_TOKEN, replaced when
    // it changes; "generated": printed on the first start; "created": `dingpipe token create` or the
    // API; "legacy": stored before this migration), a hint to recognize it, and when it was revoked.
    // Active names are unique, so a token is revoked by its name: later duplicates get their id appended.
    sql: `
ALTER TABLE api_tokens ADD COLUMN source TEXT NOT NULL DEFAULT 'legacy';
ALTER TABLE api_tokens ADD COLUMN hint TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at INTEGER;
UPDATE api_tokens SET name = name || '-' || id
  WHERE id NOT IN (SELECT MIN(id) FROM api_tokens GROUP BY name);
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;
`,
  },
  {
    version: 7,
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
  created INTEGER NOT NULL DEFAULT 0,
  send_uncertain INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending',
  tries INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  fix TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX run_cards_due ON run_cards (state, run_at);
CREATE INDEX run_cards_run ON run_cards (run_key);
`,
  },
];
