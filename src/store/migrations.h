// store: the numbered schema migrations, shared by every SQL store: each in SQLite's and PostgreSQL's words.
// A migration is never edited once released; a change to the schema is a new entry at the end.
#pragma once

#include <span>
#include <string_view>

namespace chainscope {

/// One step of the schema, written for each engine: the same tables, columns, keys and checks, in each
/// engine's types (PostgreSQL: bigint, double precision, boolean, date, timestamptz; an identity column
/// `row_order` where SQLite orders by rowid).
struct Migration {
  int version;
  std::string_view description;
  std::string_view sqlite;
  std::string_view postgresql;
};

inline constexpr Migration kMigrations[] = {
    {1, "chain model tables of DESIGN §6 and the dataset document", R"SQL(
CREATE TABLE dataset_meta (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
CREATE TABLE places (code TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT NOT NULL, province TEXT NOT NULL,
  lat REAL, lon REAL);
CREATE TABLE parks (id TEXT PRIMARY KEY, name TEXT NOT NULL, place TEXT NOT NULL REFERENCES places(code));
CREATE TABLE components (code TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT NOT NULL, assembly TEXT NOT NULL,
  direction TEXT NOT NULL, powertrain TEXT NOT NULL, unit TEXT NOT NULL, unit_price_yuan REAL NOT NULL,
  typical_qty_per_vehicle REAL NOT NULL);
CREATE TABLE component_inputs (component TEXT NOT NULL REFERENCES components(code),
  input_component TEXT NOT NULL REFERENCES components(code), qty_per_unit REAL NOT NULL,
  PRIMARY KEY (component, input_component));
CREATE TABLE enterprises (id TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT NOT NULL, role TEXT NOT NULL,
  place TEXT NOT NULL REFERENCES places(code), park TEXT REFERENCES parks(id), certifications TEXT NOT NULL,
  ttr_days REAL NOT NULL, employees INTEGER NOT NULL, synthetic INTEGER NOT NULL);
CREATE INDEX enterprises_place ON enterprises(place);
CREATE TABLE vehicle_lines (id TEXT PRIMARY KEY, oem TEXT NOT NULL REFERENCES enterprises(id),
  place TEXT NOT NULL REFERENCES places(code), powertrain TEXT NOT NULL, annual_volume INTEGER NOT NULL,
  unit_price_yuan REAL NOT NULL);
CREATE TABLE bom (vehicle_line TEXT NOT NULL REFERENCES vehicle_lines(id),
  component TEXT NOT NULL REFERENCES components(code), qty_per_vehicle REAL NOT NULL,
  PRIMARY KEY (vehicle_line, component));
CREATE TABLE capabilities (supplier TEXT NOT NULL REFERENCES enterprises(id),
  component TEXT NOT NULL REFERENCES components(code), annual_capacity INTEGER NOT NULL,
  committed INTEGER NOT NULL, unit_price_yuan REAL NOT NULL, lead_time_days REAL NOT NULL, quality REAL NOT NULL,
  inventory_days REAL NOT NULL, PRIMARY KEY (supplier, component));
CREATE TABLE links (buyer TEXT NOT NULL REFERENCES enterprises(id), supplier TEXT NOT NULL REFERENCES enterprises(id),
  component TEXT NOT NULL REFERENCES components(code), annual_volume INTEGER NOT NULL,
  unit_price_yuan REAL NOT NULL, buyer_inventory_days REAL NOT NULL, in_transit_days REAL NOT NULL,
  PRIMARY KEY (buyer, supplier, component));
CREATE INDEX links_supplier ON links(supplier);
CREATE TABLE demands (id TEXT PRIMARY KEY, buyer TEXT NOT NULL REFERENCES enterprises(id),
  component TEXT NOT NULL REFERENCES components(code), annual_quantity INTEGER NOT NULL, start_date TEXT NOT NULL,
  max_distance_km REAL, required_certs TEXT NOT NULL, prefer_local INTEGER NOT NULL, max_share REAL NOT NULL);
CREATE TABLE offers (id TEXT PRIMARY KEY, supplier TEXT NOT NULL REFERENCES enterprises(id),
  component TEXT NOT NULL REFERENCES components(code), annual_capacity INTEGER NOT NULL,
  unit_price_yuan REAL NOT NULL, valid_until TEXT);
CREATE TABLE distribution (dealer TEXT NOT NULL REFERENCES enterprises(id), oem TEXT NOT NULL REFERENCES enterprises(id),
  annual_volume INTEGER NOT NULL, PRIMARY KEY (dealer, oem));
)SQL",
     R"SQL(
CREATE TABLE dataset_meta (id integer PRIMARY KEY CHECK (id = 1), json text NOT NULL);
CREATE TABLE places (row_order bigint GENERATED ALWAYS AS IDENTITY, code text PRIMARY KEY, name text NOT NULL,
  name_zh text NOT NULL, province text NOT NULL, lat double precision, lon double precision);
CREATE TABLE parks (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY, name text NOT NULL,
  place text NOT NULL REFERENCES places(code));
CREATE TABLE components (row_order bigint GENERATED ALWAYS AS IDENTITY, code text PRIMARY KEY, name text NOT NULL,
  name_zh text NOT NULL, assembly text NOT NULL, direction text NOT NULL, powertrain text NOT NULL, unit text NOT NULL,
  unit_price_yuan double precision NOT NULL, typical_qty_per_vehicle double precision NOT NULL);
CREATE TABLE component_inputs (row_order bigint GENERATED ALWAYS AS IDENTITY,
  component text NOT NULL REFERENCES components(code), input_component text NOT NULL REFERENCES components(code),
  qty_per_unit double precision NOT NULL, PRIMARY KEY (component, input_component));
CREATE TABLE enterprises (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY, name text NOT NULL,
  name_zh text NOT NULL, role text NOT NULL, place text NOT NULL REFERENCES places(code), park text REFERENCES parks(id),
  certifications text NOT NULL, ttr_days double precision NOT NULL, employees bigint NOT NULL,
  synthetic boolean NOT NULL);
CREATE INDEX enterprises_place ON enterprises(place);
CREATE TABLE vehicle_lines (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  oem text NOT NULL REFERENCES enterprises(id), place text NOT NULL REFERENCES places(code), powertrain text NOT NULL,
  annual_volume bigint NOT NULL, unit_price_yuan double precision NOT NULL);
CREATE TABLE bom (row_order bigint GENERATED ALWAYS AS IDENTITY, vehicle_line text NOT NULL REFERENCES vehicle_lines(id),
  component text NOT NULL REFERENCES components(code), qty_per_vehicle double precision NOT NULL,
  PRIMARY KEY (vehicle_line, component));
CREATE TABLE capabilities (row_order bigint GENERATED ALWAYS AS IDENTITY,
  supplier text NOT NULL REFERENCES enterprises(id), component text NOT NULL REFERENCES components(code),
  annual_capacity bigint NOT NULL, committed bigint NOT NULL, unit_price_yuan double precision NOT NULL,
  lead_time_days double precision NOT NULL, quality double precision NOT NULL, inventory_days double precision NOT NULL,
  PRIMARY KEY (supplier, component));
CREATE TABLE links (row_order bigint GENERATED ALWAYS AS IDENTITY, buyer text NOT NULL REFERENCES enterprises(id),
  supplier text NOT NULL REFERENCES enterprises(id), component text NOT NULL REFERENCES components(code),
  annual_volume bigint NOT NULL, unit_price_yuan double precision NOT NULL,
  buyer_inventory_days double precision NOT NULL, in_transit_days double precision NOT NULL,
  PRIMARY KEY (buyer, supplier, component));
CREATE INDEX links_supplier ON links(supplier);
CREATE TABLE demands (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  buyer text NOT NULL REFERENCES enterprises(id), component text NOT NULL REFERENCES components(code),
  annual_quantity bigint NOT NULL, start_date date NOT NULL, max_distance_km double precision,
  required_certs text NOT NULL, prefer_local boolean NOT NULL, max_share double precision NOT NULL);
CREATE TABLE offers (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  supplier text NOT NULL REFERENCES enterprises(id), component text NOT NULL REFERENCES components(code),
  annual_capacity bigint NOT NULL, unit_price_yuan double precision NOT NULL, valid_until date);
CREATE TABLE distribution (row_order bigint GENERATED ALWAYS AS IDENTITY, dealer text NOT NULL REFERENCES enterprises(id),
  oem text NOT NULL REFERENCES enterprises(id), annual_volume bigint NOT NULL, PRIMARY KEY (dealer, oem));
)SQL"},
    {2, "open/closed status of demands and offers", R"SQL(
ALTER TABLE demands ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE offers ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
)SQL",
     R"SQL(
ALTER TABLE demands ADD COLUMN status text NOT NULL DEFAULT 'open';
ALTER TABLE offers ADD COLUMN status text NOT NULL DEFAULT 'open';
)SQL"},
    {3, "investment focus of places (component codes)", R"SQL(
ALTER TABLE places ADD COLUMN focus TEXT NOT NULL DEFAULT '';
)SQL",
     R"SQL(
ALTER TABLE places ADD COLUMN focus text NOT NULL DEFAULT '';
)SQL"},
    {4, "store revision (seen by other servers and processes) and record id sequences", R"SQL(
CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL,
  chain_revision INTEGER NOT NULL);
INSERT INTO store_revision (id, revision, chain_revision) VALUES (1, 1, 1);
CREATE TABLE record_sequences (kind TEXT PRIMARY KEY, last INTEGER NOT NULL);
)SQL",
     R"SQL(
CREATE TABLE store_revision (id integer PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL,
  chain_revision bigint NOT NULL);
INSERT INTO store_revision (id, revision, chain_revision) VALUES (1, 1, 1);
CREATE TABLE record_sequences (kind text PRIMARY KEY, last bigint NOT NULL);
)SQL"},
    {5, "platform accounts (Argon2id password hashes only)", R"SQL(
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'member')), enterprise TEXT,
  disabled INTEGER NOT NULL DEFAULT 0, password_hash TEXT NOT NULL, created_at TEXT NOT NULL,
  CHECK ((role = 'member') = (enterprise IS NOT NULL)));
)SQL",
     R"SQL(
CREATE TABLE users (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'analyst', 'member')), enterprise text,
  disabled boolean NOT NULL DEFAULT FALSE, password_hash text NOT NULL, created_at timestamptz NOT NULL,
  CHECK ((role = 'member') = (enterprise IS NOT NULL)));
)SQL"},
    {6, "sign-in sessions and API tokens (hashes of the secrets only)", R"SQL(
CREATE TABLE credentials (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('session', 'token')), name TEXT NOT NULL DEFAULT '',
  secret_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, last_used_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX credentials_user ON credentials(user_id);
)SQL",
     R"SQL(
CREATE TABLE credentials (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id), kind text NOT NULL CHECK (kind IN ('session', 'token')),
  name text NOT NULL DEFAULT '', secret_hash text NOT NULL UNIQUE, created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL, last_used_at timestamptz, revoked boolean NOT NULL DEFAULT FALSE);
CREATE INDEX credentials_user ON credentials(user_id);
)SQL"},
    {7, "whether an offer's price is shown to other enterprises", R"SQL(
ALTER TABLE offers ADD COLUMN price_public INTEGER NOT NULL DEFAULT 0;
)SQL",
     R"SQL(
ALTER TABLE offers ADD COLUMN price_public boolean NOT NULL DEFAULT FALSE;
)SQL"},
    {8, "the audit trail: append-only, each row hash-chained to the one before", R"SQL(
CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, enterprise TEXT NOT NULL,
  request_id TEXT NOT NULL, client TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL,
  before_json TEXT NOT NULL, after_json TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_log_entity ON audit_log(entity);
CREATE INDEX audit_log_actor ON audit_log(actor);
CREATE INDEX audit_log_at ON audit_log(at);
)SQL",
     R"SQL(
CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL, enterprise text NOT NULL,
  request_id text NOT NULL, client text NOT NULL, action text NOT NULL, entity text NOT NULL,
  before_json text NOT NULL, after_json text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL);
CREATE INDEX audit_log_entity ON audit_log(entity);
CREATE INDEX audit_log_actor ON audit_log(actor);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)SQL"},
    {9, "suppliers' responses to demands, and the deals made by accepting them", R"SQL(
CREATE TABLE responses (id TEXT PRIMARY KEY, demand TEXT NOT NULL, buyer TEXT NOT NULL, supplier TEXT NOT NULL,
  component TEXT NOT NULL, annual_quantity INTEGER NOT NULL CHECK (annual_quantity > 0),
  unit_price_yuan REAL NOT NULL CHECK (unit_price_yuan > 0), lead_time_days REAL NOT NULL,
  message TEXT NOT NULL, status TEXT NOT NULL
  CHECK (status IN ('submitted', 'shortlisted', 'declined', 'accepted', 'withdrawn')),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX responses_demand ON responses(demand);
CREATE INDEX responses_supplier ON responses(supplier);
CREATE TABLE deals (id TEXT PRIMARY KEY, response TEXT NOT NULL UNIQUE REFERENCES responses(id),
  demand TEXT NOT NULL, buyer TEXT NOT NULL, supplier TEXT NOT NULL, component TEXT NOT NULL,
  annual_quantity INTEGER NOT NULL CHECK (annual_quantity > 0), unit_price_yuan REAL NOT NULL,
  start_date TEXT NOT NULL, buyer_confirmed INTEGER NOT NULL, supplier_confirmed INTEGER NOT NULL,
  linked INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX deals_buyer ON deals(buyer);
CREATE INDEX deals_supplier ON deals(supplier);
)SQL",
     R"SQL(
CREATE TABLE responses (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY, demand text NOT NULL,
  buyer text NOT NULL, supplier text NOT NULL, component text NOT NULL,
  annual_quantity bigint NOT NULL CHECK (annual_quantity > 0),
  unit_price_yuan double precision NOT NULL CHECK (unit_price_yuan > 0), lead_time_days double precision NOT NULL,
  message text NOT NULL, status text NOT NULL
  CHECK (status IN ('submitted', 'shortlisted', 'declined', 'accepted', 'withdrawn')),
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE INDEX responses_demand ON responses(demand);
CREATE INDEX responses_supplier ON responses(supplier);
CREATE TABLE deals (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  response text NOT NULL UNIQUE REFERENCES responses(id), demand text NOT NULL, buyer text NOT NULL,
  supplier text NOT NULL, component text NOT NULL, annual_quantity bigint NOT NULL CHECK (annual_quantity > 0),
  unit_price_yuan double precision NOT NULL, start_date date NOT NULL, buyer_confirmed boolean NOT NULL,
  supplier_confirmed boolean NOT NULL, linked boolean NOT NULL, created_at timestamptz NOT NULL);
CREATE INDEX deals_buyer ON deals(buyer);
CREATE INDEX deals_supplier ON deals(supplier);
)SQL"},
    {10, "when each demand and offer was posted (or first imported)", R"SQL(
CREATE TABLE record_times (kind TEXT NOT NULL, id TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (kind, id));
)SQL",
     R"SQL(
CREATE TABLE record_times (kind text NOT NULL, id text NOT NULL, created_at timestamptz NOT NULL,
  PRIMARY KEY (kind, id));
)SQL"},
    {11, "enterprise inboxes, match thresholds, webhooks (sealed secrets) and their delivery log", R"SQL(
CREATE TABLE notifications (id INTEGER PRIMARY KEY, enterprise TEXT NOT NULL, event TEXT NOT NULL,
  entity TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL, read_at TEXT);
CREATE INDEX notifications_enterprise ON notifications(enterprise, id);
CREATE TABLE enterprise_settings (enterprise TEXT PRIMARY KEY, match_threshold REAL NOT NULL);
CREATE TABLE webhooks (id INTEGER PRIMARY KEY, enterprise TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL,
  sealed_secret TEXT NOT NULL, active INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX webhooks_enterprise ON webhooks(enterprise);
CREATE TABLE webhook_deliveries (id INTEGER PRIMARY KEY, webhook INTEGER NOT NULL REFERENCES webhooks(id),
  notification INTEGER NOT NULL REFERENCES notifications(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')), attempts INTEGER NOT NULL,
  next_attempt_at TEXT NOT NULL, last_http_status INTEGER NOT NULL, last_error TEXT NOT NULL,
  delivered_at TEXT, created_at TEXT NOT NULL);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook, id);
)SQL",
     R"SQL(
CREATE TABLE notifications (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, enterprise text NOT NULL,
  event text NOT NULL, entity text NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL,
  read_at timestamptz);
CREATE INDEX notifications_enterprise ON notifications(enterprise, id);
CREATE TABLE enterprise_settings (enterprise text PRIMARY KEY, match_threshold double precision NOT NULL);
CREATE TABLE webhooks (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, enterprise text NOT NULL,
  url text NOT NULL, events text NOT NULL, sealed_secret text NOT NULL, active boolean NOT NULL,
  created_at timestamptz NOT NULL);
CREATE INDEX webhooks_enterprise ON webhooks(enterprise);
CREATE TABLE webhook_deliveries (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  webhook bigint NOT NULL REFERENCES webhooks(id), notification bigint NOT NULL REFERENCES notifications(id),
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')), attempts integer NOT NULL,
  next_attempt_at timestamptz NOT NULL, last_http_status integer NOT NULL, last_error text NOT NULL,
  delivered_at timestamptz, created_at timestamptz NOT NULL);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook, id);
)SQL"},
    {12, "an enterprise's administrator (a member who reads the enterprise's audit trail)", R"SQL(
ALTER TABLE users ADD COLUMN enterprise_admin INTEGER NOT NULL DEFAULT 0;
)SQL",
     R"SQL(
ALTER TABLE users ADD COLUMN enterprise_admin boolean NOT NULL DEFAULT FALSE;
)SQL"},
    {13, "jobs any server can claim: a job, its parts (slices of a sweep and the assembly) under leases",
     R"SQL(
CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, owner TEXT NOT NULL, request TEXT NOT NULL,
  chain_revision INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'cancelled', 'failed')),
  parts INTEGER NOT NULL CHECK (parts > 0), result TEXT, error TEXT NOT NULL, created_at TEXT NOT NULL,
  finished_at TEXT);
CREATE INDEX jobs_state ON jobs(state);
CREATE TABLE job_parts (job TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, part INTEGER NOT NULL,
  node_first INTEGER NOT NULL, node_last INTEGER NOT NULL, done INTEGER NOT NULL, total INTEGER NOT NULL,
  finished INTEGER NOT NULL, worker TEXT NOT NULL, lease_until TEXT, attempts INTEGER NOT NULL, result TEXT,
  PRIMARY KEY (job, part));
CREATE INDEX job_parts_open ON job_parts(finished, job, part);
)SQL",
     R"SQL(
CREATE TABLE jobs (id text PRIMARY KEY, kind text NOT NULL, owner text NOT NULL, request text NOT NULL,
  chain_revision bigint NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'cancelled', 'failed')),
  parts integer NOT NULL CHECK (parts > 0), result text, error text NOT NULL, created_at timestamptz NOT NULL,
  finished_at timestamptz);
CREATE INDEX jobs_state ON jobs(state);
CREATE TABLE job_parts (job text NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, part integer NOT NULL,
  node_first bigint NOT NULL, node_last bigint NOT NULL, done bigint NOT NULL, total bigint NOT NULL,
  finished boolean NOT NULL, worker text NOT NULL, lease_until timestamptz, attempts integer NOT NULL, result text,
  PRIMARY KEY (job, part));
CREATE INDEX job_parts_open ON job_parts(finished, job, part);
)SQL"},
    {14, "token buckets every server shares (failed sign-ins by address and by account)", R"SQL(
CREATE TABLE rate_limits (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at_ms INTEGER NOT NULL);
)SQL",
     R"SQL(
CREATE TABLE rate_limits (key text PRIMARY KEY, tokens double precision NOT NULL, at_ms bigint NOT NULL);
)SQL"},
    {15, "bureau (of one place) and coordinator accounts", R"SQL(
CREATE TABLE users_v15 (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'member', 'bureau', 'coordinator')), enterprise TEXT,
  disabled INTEGER NOT NULL DEFAULT 0, password_hash TEXT NOT NULL, created_at TEXT NOT NULL,
  enterprise_admin INTEGER NOT NULL DEFAULT 0, place TEXT,
  CHECK ((role = 'member') = (enterprise IS NOT NULL)), CHECK ((role = 'bureau') = (place IS NOT NULL)));
INSERT INTO users_v15 (id, email, role, enterprise, disabled, password_hash, created_at, enterprise_admin)
  SELECT id, email, role, enterprise, disabled, password_hash, created_at, enterprise_admin FROM users;
CREATE TABLE credentials_v15 (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users_v15(id),
  kind TEXT NOT NULL CHECK (kind IN ('session', 'token')), name TEXT NOT NULL DEFAULT '',
  secret_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, last_used_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0);
INSERT INTO credentials_v15 SELECT id, user_id, kind, name, secret_hash, created_at, expires_at, last_used_at,
  revoked FROM credentials;
DROP TABLE credentials;
DROP TABLE users;
ALTER TABLE users_v15 RENAME TO users;
ALTER TABLE credentials_v15 RENAME TO credentials;
CREATE INDEX credentials_user ON credentials(user_id);
)SQL",
     R"SQL(
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('admin', 'analyst', 'member', 'bureau', 'coordinator'));
ALTER TABLE users ADD COLUMN place text;
ALTER TABLE users ADD CONSTRAINT users_place_check CHECK ((role = 'bureau') = (place IS NOT NULL));
)SQL"},
    {16, "joint investment promotion: leads, their components, clashes and events; policies; settings",
     R"SQL(
CREATE TABLE leads (id TEXT PRIMARY KEY, place TEXT NOT NULL, investor TEXT,
  investor_name_zh TEXT NOT NULL, investor_name_en TEXT NOT NULL, investor_uscc TEXT NOT NULL,
  components TEXT NOT NULL, project TEXT NOT NULL, investment_yuan REAL NOT NULL CHECK (investment_yuan >= 0),
  annual_capacity INTEGER NOT NULL, jobs INTEGER NOT NULL, expected_decision TEXT, contact TEXT NOT NULL,
  notes TEXT NOT NULL, stage TEXT NOT NULL CHECK (stage IN ('lead', 'negotiating', 'signed', 'registered', 'construction', 'production', 'on_hold', 'lost')),
  stage_date TEXT NOT NULL, reported_on TEXT NOT NULL, contract_value_yuan REAL NOT NULL, signed_on TEXT,
  funds_secured_yuan REAL NOT NULL, shares TEXT NOT NULL, contested INTEGER NOT NULL, joined_into TEXT,
  closed_reason TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  version INTEGER NOT NULL);
CREATE INDEX leads_place ON leads(place);
CREATE TABLE lead_components (lead TEXT NOT NULL REFERENCES leads(id), component TEXT NOT NULL,
  ordinal INTEGER NOT NULL, PRIMARY KEY (component, lead));
CREATE INDEX lead_components_lead ON lead_components(lead);
CREATE TABLE lead_clashes (lead TEXT NOT NULL REFERENCES leads(id), other TEXT NOT NULL REFERENCES leads(id),
  PRIMARY KEY (lead, other));
CREATE TABLE lead_events (id INTEGER PRIMARY KEY, lead TEXT NOT NULL REFERENCES leads(id), kind TEXT NOT NULL,
  stage TEXT NOT NULL, date TEXT, amount_yuan REAL NOT NULL, detail TEXT NOT NULL, actor TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE INDEX lead_events_lead ON lead_events(lead, id);
CREATE TABLE policies (id TEXT PRIMARY KEY, place TEXT NOT NULL, kind TEXT NOT NULL,
  title_zh TEXT NOT NULL, title_en TEXT NOT NULL, text_zh TEXT NOT NULL, text_en TEXT NOT NULL,
  valid_from TEXT NOT NULL, valid_until TEXT);
CREATE INDEX policies_place ON policies(place);
CREATE TABLE promotion_settings (id INTEGER PRIMARY KEY CHECK (id = 1), protection_threshold_yuan REAL NOT NULL,
  stage_probability TEXT NOT NULL);
CREATE TABLE promotion_revision (id INTEGER PRIMARY KEY CHECK (id = 1), registry TEXT NOT NULL,
  revision INTEGER NOT NULL);
INSERT INTO promotion_revision (id, registry, revision) VALUES (1, lower(hex(randomblob(16))), 1);
)SQL",
     R"SQL(
CREATE TABLE leads (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  place text NOT NULL, investor text, investor_name_zh text NOT NULL,
  investor_name_en text NOT NULL, investor_uscc text NOT NULL, components text NOT NULL, project text NOT NULL,
  investment_yuan double precision NOT NULL CHECK (investment_yuan >= 0), annual_capacity bigint NOT NULL,
  jobs bigint NOT NULL, expected_decision date, contact text NOT NULL, notes text NOT NULL,
  stage text NOT NULL CHECK (stage IN ('lead', 'negotiating', 'signed', 'registered', 'construction', 'production', 'on_hold', 'lost')),
  stage_date date NOT NULL, reported_on date NOT NULL, contract_value_yuan double precision NOT NULL,
  signed_on date, funds_secured_yuan double precision NOT NULL, shares text NOT NULL, contested boolean NOT NULL,
  joined_into text, closed_reason text NOT NULL, created_by text NOT NULL, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL, version bigint NOT NULL);
CREATE INDEX leads_place ON leads(place);
CREATE TABLE lead_components (lead text NOT NULL REFERENCES leads(id), component text NOT NULL,
  ordinal integer NOT NULL, PRIMARY KEY (component, lead));
CREATE INDEX lead_components_lead ON lead_components(lead);
CREATE TABLE lead_clashes (lead text NOT NULL REFERENCES leads(id), other text NOT NULL REFERENCES leads(id),
  PRIMARY KEY (lead, other));
CREATE TABLE lead_events (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  lead text NOT NULL REFERENCES leads(id), kind text NOT NULL, stage text NOT NULL, date date,
  amount_yuan double precision NOT NULL, detail text NOT NULL, actor text NOT NULL, at timestamptz NOT NULL);
CREATE INDEX lead_events_lead ON lead_events(lead, id);
CREATE TABLE policies (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  place text NOT NULL, kind text NOT NULL, title_zh text NOT NULL, title_en text NOT NULL,
  text_zh text NOT NULL, text_en text NOT NULL, valid_from date NOT NULL, valid_until date);
CREATE INDEX policies_place ON policies(place);
CREATE TABLE promotion_settings (id integer PRIMARY KEY CHECK (id = 1),
  protection_threshold_yuan double precision NOT NULL, stage_probability text NOT NULL);
CREATE TABLE promotion_revision (id integer PRIMARY KEY CHECK (id = 1), registry text NOT NULL,
  revision bigint NOT NULL);
INSERT INTO promotion_revision (id, registry, revision)
  VALUES (1, md5(random()::text || clock_timestamp()::text), 1);
)SQL"},
    {17, "policies' terms for site selection: land discount and investment subsidy",
     R"SQL(
ALTER TABLE policies ADD COLUMN land_discount REAL;
ALTER TABLE policies ADD COLUMN subsidy_rate REAL;
ALTER TABLE policies ADD COLUMN subsidy_cap_yuan REAL;
ALTER TABLE policies ADD COLUMN subsidy_min_investment_yuan REAL;
)SQL",
     R"SQL(
ALTER TABLE policies ADD COLUMN land_discount double precision;
ALTER TABLE policies ADD COLUMN subsidy_rate double precision;
ALTER TABLE policies ADD COLUMN subsidy_cap_yuan double precision;
ALTER TABLE policies ADD COLUMN subsidy_min_investment_yuan double precision;
)SQL"},
    {18, "an enterprise's unified social credit code, one company per code",
     R"SQL(
ALTER TABLE enterprises ADD COLUMN uscc TEXT;
CREATE UNIQUE INDEX enterprises_uscc ON enterprises(uscc);
)SQL",
     R"SQL(
ALTER TABLE enterprises ADD COLUMN uscc text;
CREATE UNIQUE INDEX enterprises_uscc ON enterprises(uscc);
)SQL"},
    {19, "enterprises' own registrations (with the licence scan) and one-time set-password links",
     R"SQL(
CREATE TABLE registrations (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')), name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL, uscc TEXT NOT NULL, place TEXT NOT NULL, role TEXT NOT NULL, components TEXT NOT NULL,
  applicant_name TEXT NOT NULL, applicant_email TEXT NOT NULL, claim TEXT NOT NULL, client TEXT NOT NULL,
  licence_type TEXT NOT NULL, licence_bytes INTEGER NOT NULL, licence TEXT NOT NULL, decided_at TEXT NOT NULL,
  decided_by TEXT NOT NULL, reason TEXT NOT NULL, enterprise TEXT NOT NULL, user_id INTEGER NOT NULL);
CREATE INDEX registrations_status ON registrations(status, id);
CREATE TABLE one_time_tokens (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
  purpose TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
  used_at TEXT NOT NULL);
)SQL",
     R"SQL(
CREATE TABLE registrations (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, created_at text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')), name_zh text NOT NULL,
  name_en text NOT NULL, uscc text NOT NULL, place text NOT NULL, role text NOT NULL, components text NOT NULL,
  applicant_name text NOT NULL, applicant_email text NOT NULL, claim text NOT NULL, client text NOT NULL,
  licence_type text NOT NULL, licence_bytes bigint NOT NULL, licence text NOT NULL, decided_at text NOT NULL,
  decided_by text NOT NULL, reason text NOT NULL, enterprise text NOT NULL, user_id bigint NOT NULL);
CREATE INDEX registrations_status ON registrations(status, id);
CREATE TABLE one_time_tokens (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id), purpose text NOT NULL, token_hash text NOT NULL UNIQUE,
  created_at text NOT NULL, expires_at text NOT NULL, used_at text NOT NULL);
)SQL"},
    {20, "R&D, testing and talent services: services, requests, providers' interest and bookings",
     R"SQL(
CREATE TABLE services (id TEXT PRIMARY KEY, provider TEXT NOT NULL, kind TEXT NOT NULL, title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL, standards TEXT NOT NULL, components TEXT NOT NULL, cnas TEXT NOT NULL, cma TEXT NOT NULL,
  equipment TEXT NOT NULL, lead_time_days REAL NOT NULL, price_min_yuan REAL NOT NULL, price_max_yuan REAL NOT NULL,
  rush_surcharge REAL NOT NULL, capacity_hours_per_year REAL NOT NULL, bookable INTEGER NOT NULL,
  places INTEGER NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, closed INTEGER NOT NULL,
  synthetic INTEGER NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  version INTEGER NOT NULL, bookings_written INTEGER NOT NULL DEFAULT 0);
CREATE INDEX services_provider ON services(provider);
CREATE TABLE service_requests (id TEXT PRIMARY KEY, requester TEXT NOT NULL, kind TEXT NOT NULL,
  standards TEXT NOT NULL, component TEXT NOT NULL, needed_by TEXT NOT NULL, budget_yuan REAL NOT NULL,
  anonymous INTEGER NOT NULL, note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'closed')), accepted_interest TEXT NOT NULL,
  accepted_provider TEXT NOT NULL, synthetic INTEGER NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX service_requests_requester ON service_requests(requester);
CREATE TABLE service_interests (id TEXT PRIMARY KEY, request TEXT NOT NULL REFERENCES service_requests(id),
  service TEXT NOT NULL REFERENCES services(id), provider TEXT NOT NULL, note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'withdrawn')), created_by TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE INDEX service_interests_request ON service_interests(request);
CREATE TABLE bookings (id TEXT PRIMARY KEY, service TEXT NOT NULL REFERENCES services(id), provider TEXT NOT NULL,
  booker TEXT NOT NULL, request TEXT NOT NULL, start_at TEXT NOT NULL, end_at TEXT NOT NULL, note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'cancelled')), synthetic INTEGER NOT NULL,
  created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, CHECK (start_at < end_at));
CREATE INDEX bookings_service ON bookings(service, start_at);
)SQL",
     R"SQL(
CREATE TABLE services (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY, provider text NOT NULL,
  kind text NOT NULL, title_zh text NOT NULL, title_en text NOT NULL, standards text NOT NULL,
  components text NOT NULL, cnas text NOT NULL, cma text NOT NULL, equipment text NOT NULL,
  lead_time_days double precision NOT NULL, price_min_yuan double precision NOT NULL,
  price_max_yuan double precision NOT NULL, rush_surcharge double precision NOT NULL,
  capacity_hours_per_year double precision NOT NULL, bookable boolean NOT NULL, places bigint NOT NULL,
  starts_on text NOT NULL, ends_on text NOT NULL, closed boolean NOT NULL, synthetic boolean NOT NULL,
  created_by text NOT NULL, created_at text NOT NULL, updated_at text NOT NULL, version bigint NOT NULL,
  bookings_written bigint NOT NULL DEFAULT 0);
CREATE INDEX services_provider ON services(provider);
CREATE TABLE service_requests (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  requester text NOT NULL, kind text NOT NULL, standards text NOT NULL, component text NOT NULL,
  needed_by text NOT NULL, budget_yuan double precision NOT NULL, anonymous boolean NOT NULL, note text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'accepted', 'closed')), accepted_interest text NOT NULL,
  accepted_provider text NOT NULL, synthetic boolean NOT NULL, created_by text NOT NULL, created_at text NOT NULL,
  updated_at text NOT NULL, version bigint NOT NULL);
CREATE INDEX service_requests_requester ON service_requests(requester);
CREATE TABLE service_interests (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  request text NOT NULL REFERENCES service_requests(id), service text NOT NULL REFERENCES services(id),
  provider text NOT NULL, note text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'accepted', 'withdrawn')), created_by text NOT NULL,
  created_at text NOT NULL);
CREATE INDEX service_interests_request ON service_interests(request);
CREATE TABLE bookings (row_order bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY,
  service text NOT NULL REFERENCES services(id), provider text NOT NULL, booker text NOT NULL,
  request text NOT NULL, start_at text NOT NULL, end_at text NOT NULL, note text NOT NULL,
  status text NOT NULL CHECK (status IN ('requested', 'confirmed', 'cancelled')), synthetic boolean NOT NULL,
  created_by text NOT NULL, created_at text NOT NULL, updated_at text NOT NULL, CHECK (start_at < end_at));
CREATE INDEX bookings_service ON bookings(service, start_at);
)SQL"},
    {21, "notice work: a posted demand's or offer's notices, owed by the write and computed off its path",
     R"SQL(
CREATE TABLE notice_work (id INTEGER PRIMARY KEY, event TEXT NOT NULL, entity TEXT NOT NULL,
  created_at TEXT NOT NULL, claimed_until TEXT NOT NULL DEFAULT '');
)SQL",
     R"SQL(
CREATE TABLE notice_work (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, event text NOT NULL,
  entity text NOT NULL, created_at text NOT NULL, claimed_until text NOT NULL DEFAULT '');
)SQL"},
};

inline std::span<const Migration> Migrations() {
  return kMigrations;
}

}  // namespace chainscope
