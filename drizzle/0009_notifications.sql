CREATE TABLE `notification_preferences` (
	`user_id` text PRIMARY KEY NOT NULL,
	`in_app` text NOT NULL,
	`digest` text NOT NULL,
	`digest_sent_on` text,
	`digest_sent_at` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`participant_id` text,
	`meeting_id` text,
	`day` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`read_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once_a_day` ON `notifications` (`user_id`,`kind`,`subject_id`,`day`);--> statement-breakpoint
CREATE INDEX `notifications_person` ON `notifications` (`user_id`,`created_at`);