CREATE TABLE `evaluation_studies` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`name` text NOT NULL,
	`purpose` text NOT NULL,
	`secret` blob NOT NULL,
	`created_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evaluation_studies_jurisdiction_name` ON `evaluation_studies` (`jurisdiction_id`,`name`);