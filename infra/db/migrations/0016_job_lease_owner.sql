-- Fast recovery (ADR 001): each engine incarnation registers as a lease owner and beats; a job records
-- the owner that activated it, so the jobs of a dead owner are activatable again at once, not after the lease.
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