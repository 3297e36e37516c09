CREATE TABLE "catalog_version" (
	"version" text PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"checksum" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "department" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"region_code" text NOT NULL,
	"catalog_version" text NOT NULL,
	CONSTRAINT "department_region_code" CHECK ("department"."region_code" ~ '^[0-9]{6}$')
);
--> statement-breakpoint
ALTER TABLE "department" ADD CONSTRAINT "department_catalog_version_catalog_version_version_fk" FOREIGN KEY ("catalog_version") REFERENCES "public"."catalog_version"("version") ON DELETE no action ON UPDATE no action;