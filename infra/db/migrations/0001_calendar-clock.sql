CREATE TABLE "calendar_declared_year" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_override" (
	"region_code" text NOT NULL,
	"date" date NOT NULL,
	"working" boolean NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_override_region_code_date_pk" PRIMARY KEY("region_code","date"),
	CONSTRAINT "calendar_override_region_code" CHECK ("calendar_override"."region_code" ~ '^[0-9]{6}$')
);
--> statement-breakpoint
CREATE TABLE "clock_ladder_ledger" (
	"clock_id" text NOT NULL,
	"rung_id" text NOT NULL,
	"epoch" integer NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "clock_ladder_ledger_clock_id_rung_id_epoch_pk" PRIMARY KEY("clock_id","rung_id","epoch")
);
