-- The working-day calendar as data the city maintains: versioned notices replace the override and
-- declared-year tables, which nothing but tests ever wrote (no route or command called them).
CREATE TABLE "calendar_notice" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"holidays" jsonb NOT NULL,
	"working_days" jsonb NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "calendar_notice_region_code_year_version_pk" PRIMARY KEY("region_code","year","version"),
	CONSTRAINT "calendar_notice_region_code" CHECK ("calendar_notice"."region_code" ~ '^[0-9]{6}$'),
	CONSTRAINT "calendar_notice_version" CHECK ("calendar_notice"."version" >= 1)
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION calendar_notice_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'calendar_notice is append-only: load a new version instead';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER calendar_notice_no_update BEFORE UPDATE OR DELETE ON calendar_notice FOR EACH ROW EXECUTE FUNCTION calendar_notice_append_only();
--> statement-breakpoint
CREATE TRIGGER calendar_notice_no_truncate BEFORE TRUNCATE ON calendar_notice FOR EACH STATEMENT EXECUTE FUNCTION calendar_notice_append_only();
--> statement-breakpoint
DROP TABLE "calendar_declared_year" CASCADE;--> statement-breakpoint
DROP TABLE "calendar_override" CASCADE;--> statement-breakpoint
ALTER TABLE "special_procedure" ALTER COLUMN "deadline" DROP NOT NULL;
