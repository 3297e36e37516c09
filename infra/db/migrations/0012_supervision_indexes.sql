CREATE INDEX "item_case_project" ON "item_case" USING btree ("project_code","item_code");--> statement-breakpoint
CREATE INDEX "item_case_accepted" ON "item_case" USING btree ("accepted_at");--> statement-breakpoint
CREATE INDEX "sync_outbox_case" ON "sync_outbox" USING btree ("case_id");