-- Demo time (DEMO_TIME) keeps its advance across a restart: one row, restored on start (infra/demo-clock.ts).
CREATE TABLE "demo_clock" (
	"id" text PRIMARY KEY NOT NULL,
	"advanced_ms" bigint NOT NULL,
	"advanced_to" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "demo_clock_one_row" CHECK ("demo_clock"."id" = 'demo'),
	CONSTRAINT "demo_clock_forward" CHECK ("demo_clock"."advanced_ms" >= 0)
);
