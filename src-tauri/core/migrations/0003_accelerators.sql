-- Schema 3: accelerators the user added to the catalog (issue 10). Each is the JSON of
-- `catalog::Gpu`, checked by `catalog::check_user_accelerator` before it is written; `key` is the
-- id as the catalog compares ids (case, spaces, dashes and underscores ignored), so `MyChip` and
-- `my-chip` cannot both exist. Scenarios that use one carry their own copy (`custom_gpu`), so
-- removing an accelerator never changes a saved scenario.
CREATE TABLE accelerators (
    key        TEXT PRIMARY KEY,
    gpu_json   TEXT NOT NULL CHECK (json_valid(gpu_json)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
