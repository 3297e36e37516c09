CREATE TABLE "case_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"aggregate_id" text NOT NULL,
	"aggregate" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"business_time" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_user_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_dept" text,
	"payload" jsonb NOT NULL,
	"blzt" integer,
	"step_key" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_material" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_material_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"application_id" text NOT NULL,
	"material_id" text NOT NULL,
	"source" text NOT NULL,
	"ref" text,
	"sha256" text,
	"file_name" text,
	"size" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_case" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"project_code" text NOT NULL,
	"case_number" text,
	"item_code" text NOT NULL,
	"department" text NOT NULL,
	"region_code" text NOT NULL,
	"stage_no" integer NOT NULL,
	"state" text NOT NULL,
	"decision" text,
	"accepted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"last_hash" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_clock" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"department" text NOT NULL,
	"status" text NOT NULL,
	"events" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"owner_name" text NOT NULL,
	"owner_uscc" text NOT NULL,
	"region_code" text NOT NULL,
	"flow_type" text NOT NULL,
	"applicant_user_id" text,
	"contact_phone" text,
	"process_instance_key" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_document" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"doc_number" text NOT NULL,
	"certificate_id" text,
	"file_hash" text,
	"file_url" text,
	"status" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "special_procedure" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"type" text NOT NULL,
	"limit_days" integer NOT NULL,
	"unit" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"result" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "stage_application" (
	"id" text PRIMARY KEY NOT NULL,
	"project_code" text NOT NULL,
	"stage_no" integer NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"catalog_version" text NOT NULL,
	"region_code" text NOT NULL,
	"lead_department" text NOT NULL,
	"contact_phone" text,
	"process_instance_key" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"last_hash" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "case_event_seq" ON "case_event" USING btree ("aggregate_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "case_event_step" ON "case_event" USING btree ("aggregate_id","step_key");--> statement-breakpoint
CREATE INDEX "case_event_type_time" ON "case_event" USING btree ("type","recorded_at");--> statement-breakpoint
CREATE INDEX "case_material_application" ON "case_material" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "item_case_application" ON "item_case" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "item_case_dept_state" ON "item_case" USING btree ("department","state");--> statement-breakpoint
CREATE UNIQUE INDEX "item_case_number" ON "item_case" USING btree ("case_number");--> statement-breakpoint
CREATE INDEX "legal_clock_status" ON "legal_clock" USING btree ("status");--> statement-breakpoint
CREATE INDEX "legal_clock_case" ON "legal_clock" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "result_document_case" ON "result_document" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "special_procedure_case" ON "special_procedure" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "stage_application_project" ON "stage_application" USING btree ("project_code");