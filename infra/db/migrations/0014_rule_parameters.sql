CREATE TABLE "rule_parameter" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rule_parameter_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"rule" text NOT NULL,
	"scope" text NOT NULL,
	"params" jsonb NOT NULL,
	"set_by" text NOT NULL,
	"reason" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rule_parameter_rule_scope" ON "rule_parameter" USING btree ("rule","scope","id");--> statement-breakpoint
CREATE TRIGGER rule_parameter_no_update BEFORE UPDATE OR DELETE ON rule_parameter FOR EACH ROW EXECUTE FUNCTION supervision_append_only();
--> statement-breakpoint
CREATE TRIGGER rule_parameter_no_truncate BEFORE TRUNCATE ON rule_parameter FOR EACH STATEMENT EXECUTE FUNCTION supervision_append_only();
