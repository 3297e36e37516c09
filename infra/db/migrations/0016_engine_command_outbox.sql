CREATE TABLE "engine_command_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "engine_command_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"leased_until" timestamp with time zone,
	"done_at" timestamp with time zone,
	"result_key" text,
	"last_error" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "engine_command_outbox_dedupe" ON "engine_command_outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "engine_command_outbox_pending" ON "engine_command_outbox" USING btree ("next_attempt_at") WHERE "engine_command_outbox"."done_at" is null;