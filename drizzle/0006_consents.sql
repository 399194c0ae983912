CREATE TABLE `consents` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`recipient_agency_id` text,
	`recipient_agency_kind` text,
	`categories` text NOT NULL,
	`purpose` text NOT NULL,
	`signed_on` text NOT NULL,
	`valid_until` text,
	`until_exit` integer DEFAULT false NOT NULL,
	`starts_at` integer NOT NULL,
	`expires_at` integer,
	`renewed_on` text,
	`renewed_at` integer,
	`renewed_by_user_id` text,
	`revoked_at` integer,
	`revoked_by_user_id` text,
	`revoke_reason` text,
	`expiry_announced_at` integer,
	`created_by_user_id` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "consents_one_recipient" CHECK(("consents"."recipient_agency_id" is null) <> ("consents"."recipient_agency_kind" is null)),
	CONSTRAINT "consents_one_end" CHECK(("consents"."valid_until" is null) = ("consents"."until_exit" = 1))
);
--> statement-breakpoint
CREATE INDEX `consents_participant` ON `consents` (`participant_id`);--> statement-breakpoint
CREATE INDEX `consents_expiry` ON `consents` (`expires_at`);