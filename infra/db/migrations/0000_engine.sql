CREATE SEQUENCE "public"."engine_key_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "engine_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "engine_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"element_type" text NOT NULL,
	"event" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_incident" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"job_key" bigint,
	"error_type" text NOT NULL,
	"error_message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "engine_job" (
	"key" bigint PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"process_definition_version" integer NOT NULL,
	"retries" integer NOT NULL,
	"custom_headers" jsonb NOT NULL,
	"worker" text,
	"deadline" timestamp with time zone,
	"retry_at" timestamp with time zone,
	"error_message" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_message" (
	"key" bigint PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"correlation_key" text NOT NULL,
	"message_id" text,
	"variables" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"correlated_to" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_message_subscription" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"message_name" text NOT NULL,
	"correlation_key" text NOT NULL,
	"process_instance_key" bigint,
	"element_instance_key" bigint,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"element_id" text NOT NULL,
	"interrupting" boolean DEFAULT true NOT NULL,
	"opened_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_process_definition" (
	"key" bigint PRIMARY KEY NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"version" integer NOT NULL,
	"resource_key" bigint NOT NULL,
	"checksum" text NOT NULL,
	"deployed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_process_instance" (
	"key" bigint PRIMARY KEY NOT NULL,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"version" integer NOT NULL,
	"state" text NOT NULL,
	"parent_process_instance_key" bigint,
	"parent_element_instance_key" bigint,
	"document" jsonb NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "engine_resource" (
	"key" bigint PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"checksum" text NOT NULL,
	"xml" text NOT NULL,
	"deployed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_timer" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"process_instance_key" bigint,
	"element_instance_key" bigint,
	"process_definition_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"repetitions" integer DEFAULT 1 NOT NULL,
	"interval" text
);
--> statement-breakpoint
CREATE TABLE "engine_user_task" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"name" text,
	"assignee" text,
	"candidate_groups" jsonb NOT NULL,
	"candidate_users" jsonb NOT NULL,
	"due_date" text,
	"follow_up_date" text,
	"form_key" text,
	"custom_headers" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "engine_history_instance" ON "engine_history" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "engine_incident_instance" ON "engine_incident" USING btree ("process_instance_key","state");--> statement-breakpoint
CREATE INDEX "engine_job_activatable" ON "engine_job" USING btree ("type","state");--> statement-breakpoint
CREATE INDEX "engine_message_lookup" ON "engine_message" USING btree ("name","correlation_key","expires_at");--> statement-breakpoint
CREATE INDEX "engine_message_subscription_lookup" ON "engine_message_subscription" USING btree ("message_name","correlation_key","state");--> statement-breakpoint
CREATE UNIQUE INDEX "engine_process_definition_id_version" ON "engine_process_definition" USING btree ("bpmn_process_id","version");--> statement-breakpoint
CREATE INDEX "engine_process_instance_parent" ON "engine_process_instance" USING btree ("parent_process_instance_key");--> statement-breakpoint
CREATE INDEX "engine_process_instance_state" ON "engine_process_instance" USING btree ("state","bpmn_process_id");--> statement-breakpoint
CREATE INDEX "engine_timer_due" ON "engine_timer" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "engine_user_task_state" ON "engine_user_task" USING btree ("state","assignee");--> statement-breakpoint
CREATE INDEX "engine_user_task_instance" ON "engine_user_task" USING btree ("process_instance_key");