-- Paved schema v1. Times are INTEGER unix seconds UTC; NULL means "not known / not yet".
-- Records are keyed by the forge's own ids so re-storing a record updates it in place.

-- +goose Up
CREATE TABLE sources (
    name       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    base_url   TEXT NOT NULL DEFAULT '',
    org        TEXT NOT NULL DEFAULT '',
    updated_at INTEGER
);

CREATE TABLE repos (
    id             INTEGER PRIMARY KEY,
    source         TEXT    NOT NULL,
    forge_id       INTEGER NOT NULL,
    full_name      TEXT    NOT NULL,
    default_branch TEXT    NOT NULL DEFAULT '',
    archived       INTEGER NOT NULL DEFAULT 0,
    fork           INTEGER NOT NULL DEFAULT 0,
    html_url       TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER,
    updated_at     INTEGER,
    UNIQUE (source, forge_id)
);
CREATE INDEX repos_full_name ON repos (source, full_name);

CREATE TABLE forge_teams (
    id       INTEGER PRIMARY KEY,
    source   TEXT    NOT NULL,
    forge_id INTEGER NOT NULL,
    slug     TEXT    NOT NULL,
    name     TEXT    NOT NULL DEFAULT '',
    UNIQUE (source, forge_id)
);

CREATE TABLE forge_team_repos (
    team_id INTEGER NOT NULL REFERENCES forge_teams (id) ON DELETE CASCADE,
    repo_id INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, repo_id)
) WITHOUT ROWID;
CREATE INDEX forge_team_repos_repo ON forge_team_repos (repo_id);

-- Teams from the config file, with their resolved membership.
CREATE TABLE teams (
    slug       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    updated_at INTEGER
);

CREATE TABLE team_repos (
    team_slug TEXT    NOT NULL REFERENCES teams (slug) ON DELETE CASCADE,
    repo_id   INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    PRIMARY KEY (team_slug, repo_id)
) WITHOUT ROWID;
CREATE INDEX team_repos_repo ON team_repos (repo_id);

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    repo_id         INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    forge_id        INTEGER NOT NULL,
    name            TEXT    NOT NULL DEFAULT '',
    head_branch     TEXT    NOT NULL DEFAULT '',
    head_sha        TEXT    NOT NULL DEFAULT '',
    event           TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT '',
    conclusion      TEXT    NOT NULL DEFAULT '',
    attempt         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER,
    started_at      INTEGER,
    updated_at      INTEGER,
    completed_at    INTEGER,
    pr_numbers      TEXT    NOT NULL DEFAULT '', -- comma list
    scan_categories TEXT    NOT NULL DEFAULT '', -- comma list, sorted
    jobs_fetched    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (repo_id, forge_id)
);
CREATE INDEX runs_repo_created ON runs (repo_id, created_at);

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    repo_id         INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    forge_id        INTEGER NOT NULL,
    run_forge_id    INTEGER NOT NULL,
    name            TEXT    NOT NULL DEFAULT '',
    steps           TEXT    NOT NULL DEFAULT '', -- newline-joined step names
    report_types    TEXT    NOT NULL DEFAULT '', -- comma list
    status          TEXT    NOT NULL DEFAULT '',
    conclusion      TEXT    NOT NULL DEFAULT '',
    started_at      INTEGER,
    completed_at    INTEGER,
    scan_categories TEXT    NOT NULL DEFAULT '', -- comma list, sorted
    -- A job never changes run, so keying it under its run is as unique as
    -- (repo_id, forge_id) and also serves "the jobs of a run" without a second index.
    UNIQUE (repo_id, run_forge_id, forge_id)
);

CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    repo_id     INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    forge_id    TEXT    NOT NULL,
    category    TEXT    NOT NULL DEFAULT '',
    severity    TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL DEFAULT '',
    reason      TEXT    NOT NULL DEFAULT '',
    outcome     TEXT    NOT NULL DEFAULT '',
    tool        TEXT    NOT NULL DEFAULT '',
    rule        TEXT    NOT NULL DEFAULT '',
    rule_text   TEXT    NOT NULL DEFAULT '',
    location    TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER,
    updated_at  INTEGER,
    resolved_at INTEGER,
    due_at      INTEGER,
    html_url    TEXT    NOT NULL DEFAULT '',
    UNIQUE (repo_id, kind, forge_id)
);
CREATE INDEX findings_repo_created ON findings (repo_id, created_at);
CREATE INDEX findings_repo_due ON findings (repo_id, due_at);
CREATE INDEX findings_repo_resolved ON findings (repo_id, resolved_at);

CREATE TABLE analyses (
    id         INTEGER PRIMARY KEY,
    repo_id    INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    forge_id   INTEGER NOT NULL,
    tool       TEXT    NOT NULL DEFAULT '',
    category   TEXT    NOT NULL DEFAULT '',
    ref        TEXT    NOT NULL DEFAULT '',
    created_at INTEGER,
    UNIQUE (repo_id, forge_id)
);
CREATE INDEX analyses_repo_created ON analyses (repo_id, created_at);

CREATE TABLE pull_requests (
    id            INTEGER PRIMARY KEY,
    repo_id       INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    forge_id      INTEGER NOT NULL,
    title         TEXT    NOT NULL DEFAULT '',
    author        TEXT    NOT NULL DEFAULT '',
    author_is_bot INTEGER NOT NULL DEFAULT 0,
    state         TEXT    NOT NULL DEFAULT '',
    draft         INTEGER NOT NULL DEFAULT 0,
    base_branch   TEXT    NOT NULL DEFAULT '',
    head_sha      TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER,
    updated_at    INTEGER,
    ready_at      INTEGER,
    merged_at     INTEGER,
    closed_at     INTEGER,
    UNIQUE (repo_id, number)
);
CREATE INDEX pull_requests_repo_created ON pull_requests (repo_id, created_at);
CREATE INDEX pull_requests_repo_merged ON pull_requests (repo_id, merged_at);

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    repo_id       INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL,
    forge_id      INTEGER NOT NULL,
    pr_number     INTEGER NOT NULL,
    author        TEXT    NOT NULL DEFAULT '',
    author_is_bot INTEGER NOT NULL DEFAULT 0,
    state         TEXT    NOT NULL DEFAULT '',
    submitted_at  INTEGER,
    UNIQUE (repo_id, kind, forge_id)
);
CREATE INDEX reviews_repo_pr ON reviews (repo_id, pr_number);

CREATE TABLE deployments (
    id               INTEGER PRIMARY KEY,
    repo_id          INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    forge_id         INTEGER NOT NULL,
    environment      TEXT    NOT NULL DEFAULT '',
    environment_tier TEXT    NOT NULL DEFAULT '',
    ref              TEXT    NOT NULL DEFAULT '',
    sha              TEXT    NOT NULL DEFAULT '',
    created_at       INTEGER,
    status           TEXT    NOT NULL DEFAULT '',
    status_at        INTEGER,
    UNIQUE (repo_id, forge_id)
);
CREATE INDEX deployments_repo_created ON deployments (repo_id, created_at);

CREATE TABLE deployment_statuses (
    id                  INTEGER PRIMARY KEY,
    repo_id             INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    forge_id            INTEGER NOT NULL,
    deployment_forge_id INTEGER NOT NULL,
    state               TEXT    NOT NULL DEFAULT '',
    created_at          INTEGER,
    UNIQUE (repo_id, forge_id)
);
CREATE INDEX deployment_statuses_repo_deployment ON deployment_statuses (repo_id, deployment_forge_id);

CREATE TABLE observations (
    id          INTEGER PRIMARY KEY,
    repo_id     INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    feature     TEXT    NOT NULL,
    enabled     INTEGER NOT NULL,
    observed_at INTEGER NOT NULL,
    UNIQUE (repo_id, feature, observed_at)
);

-- One row per source × repo × resource; repo is '' for source-wide resources.
CREATE TABLE sync_cursors (
    source        TEXT    NOT NULL,
    repo          TEXT    NOT NULL,
    resource      TEXT    NOT NULL,
    watermark     INTEGER,
    position      TEXT    NOT NULL DEFAULT '',
    etag          TEXT    NOT NULL DEFAULT '',
    last_success  INTEGER,
    last_error    TEXT    NOT NULL DEFAULT '',
    last_error_at INTEGER,
    items         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, repo, resource)
) WITHOUT ROWID;

-- scope is a team slug or "org"; body is the scorecard as JSON.
CREATE TABLE scorecards (
    scope  TEXT    NOT NULL,
    as_of  INTEGER NOT NULL,
    level  INTEGER,
    score  INTEGER,
    body   TEXT    NOT NULL,
    PRIMARY KEY (scope, as_of)
);

CREATE TABLE digest_deliveries (
    week         TEXT    NOT NULL, -- ISO week, e.g. 2026-W07
    channel      TEXT    NOT NULL, -- email, slack, teams
    status       TEXT    NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT    NOT NULL DEFAULT '',
    delivered_at INTEGER,
    PRIMARY KEY (week, channel)
);

-- +goose Down
DROP TABLE digest_deliveries;
DROP TABLE scorecards;
DROP TABLE sync_cursors;
DROP TABLE observations;
DROP TABLE deployment_statuses;
DROP TABLE deployments;
DROP TABLE reviews;
DROP TABLE pull_requests;
DROP TABLE analyses;
DROP TABLE findings;
DROP TABLE jobs;
DROP TABLE runs;
DROP TABLE team_repos;
DROP TABLE teams;
DROP TABLE forge_team_repos;
DROP TABLE forge_teams;
DROP TABLE repos;
DROP TABLE sources;
