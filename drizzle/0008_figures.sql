CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`revoked_at` integer,
	`revoked_by_user_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_jurisdiction` ON `api_tokens` (`jurisdiction_id`);--> statement-breakpoint
CREATE TABLE `figure_snapshots` (
	`agenda_item_id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`counts` text NOT NULL,
	`created_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `figure_snapshots_meeting` ON `figure_snapshots` (`meeting_id`);--> statement-breakpoint
ALTER TABLE `legal_matters` ADD `charging_decision_at` integer;--> statement-breakpoint
ALTER TABLE `plan_goals` ADD `met_at` integer;--> statement-breakpoint
UPDATE `legal_matters` SET `charging_decision_at` = `updated_at` WHERE `charging_decision` <> 'pending';--> statement-breakpoint
UPDATE `plan_goals` SET `met_at` = `updated_at` WHERE `status` = 'met';
