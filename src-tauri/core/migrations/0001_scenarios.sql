-- Schema 1: saved scenarios. Inputs are stored as the JSON of `ScenarioInput` (the public
-- contract), so a scenario reads back exactly as it was saved; the total is cached for lists.
PRAGMA application_id = 1129530192; -- 0x43534350, "CSCP": marks the file as Costscope's

CREATE TABLE scenarios (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    description    TEXT NOT NULL DEFAULT '',
    origin         TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('preset', 'user', 'import')),
    input_json     TEXT NOT NULL CHECK (json_valid(input_json)),
    total_cost_usd REAL,
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- Deleting moves a scenario to the trash; only purging removes the row.
    deleted_at     TEXT
);

-- Names are unique among live scenarios, ignoring case; the trash may hold the same name.
CREATE UNIQUE INDEX scenarios_live_name ON scenarios (name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX scenarios_updated ON scenarios (updated_at DESC);
