CREATE TABLE IF NOT EXISTS tn_dataset (name VARCHAR(200) NOT NULL PRIMARY KEY, mapping_json TEXT NOT NULL, mapping_version VARCHAR(128) NOT NULL, variables TEXT NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS tn_transition (id BIGINT NOT NULL PRIMARY KEY, dataset VARCHAR(200) NOT NULL, subject VARCHAR(255) NOT NULL, site VARCHAR(255) NOT NULL, identity_key VARCHAR(64) NOT NULL, import_id VARCHAR(36) NOT NULL, payload TEXT NOT NULL, imported_at TIMESTAMP NOT NULL, CONSTRAINT tn_transition_identity UNIQUE (identity_key));
CREATE INDEX IF NOT EXISTS tn_transition_dataset ON tn_transition (dataset, id);
CREATE TABLE IF NOT EXISTS tn_import_report (import_id VARCHAR(36) NOT NULL PRIMARY KEY, dataset VARCHAR(200) NOT NULL, created_at TIMESTAMP NOT NULL, report_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tn_import_report_dataset ON tn_import_report (dataset);
CREATE TABLE IF NOT EXISTS tn_sequence (seq_name VARCHAR(64) NOT NULL PRIMARY KEY, seq_value BIGINT NOT NULL);
INSERT INTO tn_sequence (seq_name, seq_value) SELECT 'tn_transition_ids', 0 WHERE NOT EXISTS (SELECT 1 FROM tn_sequence WHERE seq_name = 'tn_transition_ids');
CREATE TABLE IF NOT EXISTS tn_privacy_charge (id VARCHAR(36) NOT NULL PRIMARY KEY, consortium VARCHAR(200) NOT NULL, job_id VARCHAR(200) NOT NULL, dp_level VARCHAR(16) NOT NULL, steps BIGINT NOT NULL, sampling_rate DOUBLE PRECISION NOT NULL, noise_multiplier DOUBLE PRECISION NOT NULL, description VARCHAR(500) NOT NULL, charged_at TIMESTAMP NOT NULL);
