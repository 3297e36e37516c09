CREATE TABLE "case_number_counter" (
	"day" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_event" ADD COLUMN "client_ip" text;--> statement-breakpoint
ALTER TABLE "item_case" ADD COLUMN "catalog_version" text;