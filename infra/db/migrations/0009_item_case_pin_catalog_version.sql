-- Cases pin the catalogue version they were accepted under: an item case takes its application's
-- version (filled in when not given, refused when different), and neither version changes afterwards.
UPDATE item_case SET catalog_version = stage_application.catalog_version
  FROM stage_application WHERE stage_application.id = item_case.application_id AND item_case.catalog_version IS NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION item_case_pin_catalog_version() RETURNS trigger AS $$
DECLARE
  pinned text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.catalog_version IS DISTINCT FROM OLD.catalog_version THEN
      RAISE EXCEPTION 'item_case % is pinned to catalogue version %', OLD.id, OLD.catalog_version USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
  END IF;
  SELECT catalog_version INTO pinned FROM stage_application WHERE id = NEW.application_id;
  IF pinned IS NULL THEN
    RAISE EXCEPTION 'item_case %: application % not found', NEW.id, NEW.application_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF NEW.catalog_version IS NULL THEN
    NEW.catalog_version := pinned;
  ELSIF NEW.catalog_version <> pinned THEN
    RAISE EXCEPTION 'item_case %: catalogue version % differs from its application''s %', NEW.id, NEW.catalog_version, pinned USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER item_case_pin_catalog_version BEFORE INSERT OR UPDATE ON item_case FOR EACH ROW EXECUTE FUNCTION item_case_pin_catalog_version();
--> statement-breakpoint
ALTER TABLE item_case ALTER COLUMN catalog_version SET NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stage_application_pin_catalog_version() RETURNS trigger AS $$
BEGIN
  IF NEW.catalog_version IS DISTINCT FROM OLD.catalog_version THEN
    RAISE EXCEPTION 'stage_application % is pinned to catalogue version %', OLD.id, OLD.catalog_version USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stage_application_pin_catalog_version BEFORE UPDATE ON stage_application FOR EACH ROW EXECUTE FUNCTION stage_application_pin_catalog_version();
--> statement-breakpoint
-- 办件编号 serials now come from case_number_counter (one per day).
DROP SEQUENCE IF EXISTS case_number_seq;
