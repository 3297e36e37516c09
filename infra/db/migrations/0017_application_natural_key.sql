ALTER TABLE "stage_application" ADD COLUMN "item_set" text;--> statement-breakpoint
-- existing applications get their item set; of duplicates still open (submitted twice before this key
-- existed) only the first keeps it, the others stay visible and are left to the operators
UPDATE "stage_application" a SET "item_set" = s.item_set
  FROM (SELECT application_id, string_agg(item_code, ',' ORDER BY item_code) AS item_set FROM "item_case" GROUP BY application_id) s
 WHERE s.application_id = a.id;--> statement-breakpoint
UPDATE "stage_application" a SET "item_set" = NULL
 WHERE a.state NOT IN ('DECIDED', 'WITHDRAWN') AND EXISTS (
   SELECT 1 FROM "stage_application" b
    WHERE b.project_code = a.project_code AND b.stage_no = a.stage_no AND b.item_set = a.item_set
      AND b.state NOT IN ('DECIDED', 'WITHDRAWN') AND (b.submitted_at, b.id) < (a.submitted_at, a.id));--> statement-breakpoint
CREATE UNIQUE INDEX "stage_application_open_item_set" ON "stage_application" USING btree ("project_code","stage_no","item_set") WHERE "stage_application"."state" not in ('DECIDED', 'WITHDRAWN');
