-- Fast recovery (ADR 001): each engine incarnation registers as a lease owner and beats; a job records
-- the owner that activated it, so the jobs of a dead owner are activatable again at once, not after the lease.
-- Demo time (DEMO_TIME) keeps its advance across a restart: one row, restored on start (infra/demo-clock.ts).
CREATE TABLE "demo_clock" (
	"id" text PRIMARY KEY NOT NULL,
	"advanced_ms" bigint NOT NULL,
	"advanced_to" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "demo_clock_one_row" CHECK ("demo_clock"."id" = 'demo'),
	CONSTRAINT "demo_clock_forward" CHECK ("demo_clock"."advanced_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "engine_owner" (
	"id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"heartbeat_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "engine_job" ADD COLUMN "lease_owner" text;--> statement-breakpoint
CREATE INDEX "engine_job_leased" ON "engine_job" USING btree ("lease_owner") WHERE "engine_job"."state" = 'ACTIVATED';