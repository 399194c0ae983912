CREATE TABLE `action_items` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`agenda_item_id` text NOT NULL,
	`participant_id` text,
	`what` text NOT NULL,
	`owner_agency_id` text NOT NULL,
	`owner_user_id` text,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`done_at` integer,
	`done_by_user_id` text,
	`created_by_user_id` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `action_items_open` ON `action_items` (`jurisdiction_id`,`status`);--> statement-breakpoint
CREATE INDEX `action_items_meeting` ON `action_items` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `action_items_participant` ON `action_items` (`participant_id`);--> statement-breakpoint
CREATE TABLE `agenda_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`agenda_item_id` text NOT NULL,
	`author_user_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agenda_comments_item` ON `agenda_comments` (`agenda_item_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `agenda_items` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`participant_id` text,
	`planned_minutes` integer NOT NULL,
	`spent_seconds` integer DEFAULT 0 NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`created_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agenda_items_meeting` ON `agenda_items` (`meeting_id`,`position`);--> statement-breakpoint
CREATE TABLE `discussion_flags` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`flagged_by_user_id` text NOT NULL,
	`agency_kind` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`cleared_at` integer,
	`cleared_by_meeting_id` text
);
--> statement-breakpoint
CREATE INDEX `discussion_flags_open` ON `discussion_flags` (`jurisdiction_id`,`cleared_at`);--> statement-breakpoint
CREATE TABLE `meeting_attendance` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`user_id` text NOT NULL,
	`source` text NOT NULL,
	`in_room` integer DEFAULT false NOT NULL,
	`marked_by_user_id` text,
	`first_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_attendance_person` ON `meeting_attendance` (`meeting_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `meeting_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`agenda_item_id` text NOT NULL,
	`participant_id` text,
	`kind` text,
	`text` text NOT NULL,
	`agreeing_agency_ids` text NOT NULL,
	`recorded_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meeting_decisions_meeting` ON `meeting_decisions` (`meeting_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `meeting_decisions_participant` ON `meeting_decisions` (`participant_id`);--> statement-breakpoint
CREATE TABLE `meeting_note_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`state` blob NOT NULL,
	`text` text NOT NULL,
	`created_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meeting_note_versions_meeting` ON `meeting_note_versions` (`meeting_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `meetings` ADD `call_link` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `organizer_user_id` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `invited_agency_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `invited_user_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `current_item_id` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `current_item_started_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `started_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `ended_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `approved_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `approved_by_user_id` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `version` integer DEFAULT 1 NOT NULL;