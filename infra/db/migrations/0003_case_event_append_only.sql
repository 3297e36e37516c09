-- 全程留痕: the case event log is append-only. UPDATE and DELETE are refused for every role.
CREATE OR REPLACE FUNCTION case_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'case_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER case_event_no_update BEFORE UPDATE OR DELETE ON case_event FOR EACH ROW EXECUTE FUNCTION case_event_append_only();
--> statement-breakpoint
-- 办件编号: ZH + yyyymmdd + a city-wide serial.
CREATE SEQUENCE IF NOT EXISTS case_number_seq START 1;
