CREATE TABLE "sync_anomaly" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_anomaly_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text DEFAULT 'A10' NOT NULL,
	"outbox_id" bigint NOT NULL,
	"dfsjzj" text NOT NULL,
	"case_id" text,
	"detected_at" timestamp with time zone NOT NULL,
	"rule_version" text NOT NULL,
	"params_snapshot" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_lag_incident" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_lag_incident_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"scope" text DEFAULT 'province' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"oldest_age_seconds" integer NOT NULL,
	"backlog" integer NOT NULL,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"position" bigserial NOT NULL,
	"ordering_key" text NOT NULL,
	"after_key" text,
	"case_id" text,
	"spgl_table" text NOT NULL,
	"op" text NOT NULL,
	"dfsjzj" text NOT NULL,
	"data" jsonb NOT NULL,
	"sjyxbs" smallint DEFAULT 1 NOT NULL,
	"sjwxyy" text,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"sbyy" text,
	"reject_code" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"leased_until" timestamp with time zone,
	"lease_owner" text,
	"last_error" text,
	"msg_id" text,
	"acked_at" timestamp with time zone,
	"parked_at" timestamp with time zone,
	"supersedes_id" bigint
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sync_anomaly_outbox" ON "sync_anomaly" USING btree ("outbox_id","code");--> statement-breakpoint
CREATE INDEX "sync_anomaly_case" ON "sync_anomaly" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_lag_incident_open" ON "sync_lag_incident" USING btree ("scope") WHERE cleared_at is null;--> statement-breakpoint
CREATE INDEX "sync_outbox_pending" ON "sync_outbox" USING btree ("position","id") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "sync_outbox_open_by_key" ON "sync_outbox" USING btree ("ordering_key","position","id") WHERE status in ('PENDING', 'PARKED');--> statement-breakpoint
CREATE INDEX "sync_outbox_pending_age" ON "sync_outbox" USING btree ("recorded_at") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "sync_outbox_dfsjzj" ON "sync_outbox" USING btree ("dfsjzj");