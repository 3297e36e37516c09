CREATE TABLE "anomaly_flag" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "anomaly_flag_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"rule" text NOT NULL,
	"rule_version" integer NOT NULL,
	"case_id" text NOT NULL,
	"key" text NOT NULL,
	"item_code" text NOT NULL,
	"department" text NOT NULL,
	"region_code" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"params" jsonb NOT NULL,
	"evidence_seqs" jsonb NOT NULL,
	"source" text NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"status_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "completion_check" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "completion_check_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"dwell_seconds" integer,
	"outcome" text NOT NULL,
	"override_code_id" bigint,
	"reason" text,
	"params" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flag_transition" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "flag_transition_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"flag_id" bigint NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"note" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monthly_report" (
	"month" text NOT NULL,
	"version" integer NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"rule_versions" jsonb NOT NULL,
	"report" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	CONSTRAINT "monthly_report_month_version_pk" PRIMARY KEY("month","version")
);
--> statement-breakpoint
CREATE TABLE "override_code" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "override_code_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"issued_by" text NOT NULL,
	"reason" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" text
);
--> statement-breakpoint
CREATE TABLE "supervision_watermark" (
	"name" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "anomaly_flag_identity" ON "anomaly_flag" USING btree ("rule","case_id","key");--> statement-breakpoint
CREATE INDEX "anomaly_flag_region_status" ON "anomaly_flag" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "anomaly_flag_detected" ON "anomaly_flag" USING btree ("detected_at");--> statement-breakpoint
CREATE INDEX "completion_check_case" ON "completion_check" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "flag_transition_flag" ON "flag_transition" USING btree ("flag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "override_code_hash" ON "override_code" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "override_code_case" ON "override_code" USING btree ("case_id");--> statement-breakpoint
-- hand-written: nothing of supervision is ever deleted; histories and archives are append-only.
CREATE OR REPLACE FUNCTION supervision_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER flag_transition_no_update BEFORE UPDATE OR DELETE ON flag_transition FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER flag_transition_no_truncate BEFORE TRUNCATE ON flag_transition FOR EACH STATEMENT EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER monthly_report_no_update BEFORE UPDATE OR DELETE ON monthly_report FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER monthly_report_no_truncate BEFORE TRUNCATE ON monthly_report FOR EACH STATEMENT EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER completion_check_no_update BEFORE UPDATE OR DELETE ON completion_check FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER completion_check_no_truncate BEFORE TRUNCATE ON completion_check FOR EACH STATEMENT EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER anomaly_flag_no_delete BEFORE DELETE ON anomaly_flag FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER anomaly_flag_no_truncate BEFORE TRUNCATE ON anomaly_flag FOR EACH STATEMENT EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER override_code_no_delete BEFORE DELETE ON override_code FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
-- A flag changes only its status, and only to the state its latest transition row names.
CREATE OR REPLACE FUNCTION anomaly_flag_status_only() RETURNS trigger AS $$
DECLARE latest text;
BEGIN
  IF (to_jsonb(NEW) - 'status' - 'status_at') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'status_at') THEN
    RAISE EXCEPTION 'anomaly_flag: only status changes' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT to_status INTO latest FROM flag_transition WHERE flag_id = NEW.id ORDER BY id DESC LIMIT 1;
  IF latest IS DISTINCT FROM NEW.status THEN
    RAISE EXCEPTION 'anomaly_flag: status % without its transition row', NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER anomaly_flag_status_only BEFORE UPDATE ON anomaly_flag FOR EACH ROW EXECUTE FUNCTION anomaly_flag_status_only();
--> statement-breakpoint
-- An override code is used once: only used_at / used_by, only from null.
CREATE OR REPLACE FUNCTION override_code_use_once() RETURNS trigger AS $$
BEGIN
  IF OLD.used_at IS NOT NULL OR (to_jsonb(NEW) - 'used_at' - 'used_by') IS DISTINCT FROM (to_jsonb(OLD) - 'used_at' - 'used_by') THEN
    RAISE EXCEPTION 'override_code: a code is used once and never changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER override_code_use_once BEFORE UPDATE ON override_code FOR EACH ROW EXECUTE FUNCTION override_code_use_once();
