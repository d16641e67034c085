-- Schema 2: the trash's expiry (scenarios deleted more than 30 days ago are removed when the
-- store opens) looks rows up by deletion time. From this version on, seeding the presets runs in
-- the same transaction as the migration (see store/open.rs).
CREATE INDEX scenarios_deleted ON scenarios (deleted_at) WHERE deleted_at IS NOT NULL;
