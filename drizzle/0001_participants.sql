CREATE TABLE `change_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`kind` text NOT NULL,
	`category` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `change_log_jurisdiction` ON `change_log` (`jurisdiction_id`,`seq`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`kind` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`author_user_id` text NOT NULL,
	`note` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_participant` ON `contacts` (`participant_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `eligibility_rule_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`key` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`rules` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eligibility_rule_sets_version` ON `eligibility_rule_sets` (`jurisdiction_id`,`version`);--> statement-breakpoint
CREATE TABLE `eligibility_screenings` (
	`id` text PRIMARY KEY NOT NULL,
	`referral_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`result` text NOT NULL,
	`reasons` text NOT NULL,
	`rule_set_key` text NOT NULL,
	`rule_set_version` integer NOT NULL,
	`overridden_by_user_id` text,
	`override_reason` text,
	`overridden_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eligibility_screenings_referral_id_unique` ON `eligibility_screenings` (`referral_id`);--> statement-breakpoint
CREATE INDEX `eligibility_screenings_participant` ON `eligibility_screenings` (`participant_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`result` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`key`, `user_id`)
);
--> statement-breakpoint
CREATE TABLE `legal_matters` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`case_number` text NOT NULL,
	`court` text NOT NULL,
	`charge` text NOT NULL,
	`next_court_date` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`charging_decision` text DEFAULT 'pending' NOT NULL,
	`charging_decision_note` text,
	`charging_decision_by_user_id` text,
	`created_by_user_id` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_matters_participant` ON `legal_matters` (`participant_id`,`next_court_date`);--> statement-breakpoint
CREATE TABLE `participant_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participant_id` text NOT NULL,
	`kind` text NOT NULL,
	`category` text NOT NULL,
	`actor_user_id` text NOT NULL,
	`actor_agency_kind` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participant_events_participant` ON `participant_events` (`participant_id`,`id`);--> statement-breakpoint
CREATE TABLE `participant_updates` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`author_user_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participant_updates_participant` ON `participant_updates` (`participant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`code` text NOT NULL,
	`legal_name` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`date_of_birth` text,
	`race_ethnicity` text,
	`gender` text,
	`case_manager_user_id` text,
	`defender_user_id` text,
	`status` text DEFAULT 'referred' NOT NULL,
	`exit_reason` text,
	`status_changed_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_jurisdiction_code` ON `participants` (`jurisdiction_id`,`code`);--> statement-breakpoint
CREATE INDEX `participants_jurisdiction_status` ON `participants` (`jurisdiction_id`,`status`);--> statement-breakpoint
CREATE INDEX `participants_case_manager` ON `participants` (`case_manager_user_id`);--> statement-breakpoint
CREATE TABLE `plan_goals` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`domain` text NOT NULL,
	`description` text NOT NULL,
	`status` text DEFAULT 'not_started' NOT NULL,
	`target_date` text,
	`created_by_user_id` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_goals_participant` ON `plan_goals` (`participant_id`);--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`pathway` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`referring_user_id` text NOT NULL,
	`offence` text,
	`offence_category` text,
	`neighbourhood` text,
	`narrative` text,
	`screening_facts` text NOT NULL,
	`assessment_due_at` integer,
	`assessment_completed_at` integer,
	`deadline_outcome` text,
	`deadline_outcome_note` text,
	`deadline_outcome_at` integer,
	`deadline_outcome_user_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `referrals_participant` ON `referrals` (`participant_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `status_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`exit_reason` text,
	`reason` text NOT NULL,
	`changed_by_user_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `status_changes_participant` ON `status_changes` (`participant_id`,`created_at`);