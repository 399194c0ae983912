CREATE TABLE `eligibility_rule_drafts` (
	`jurisdiction_id` text PRIMARY KEY NOT NULL,
	`rules` text NOT NULL,
	`based_on_version` integer NOT NULL,
	`proposed_agenda_item_id` text,
	`updated_by_user_id` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `agencies` ADD `colour` text;--> statement-breakpoint
ALTER TABLE `jurisdictions` ADD `settings` text;--> statement-breakpoint
ALTER TABLE `eligibility_rule_sets` ADD `published_by_user_id` text;--> statement-breakpoint
ALTER TABLE `eligibility_rule_sets` ADD `approved_at_meeting_id` text;--> statement-breakpoint
ALTER TABLE `eligibility_rule_sets` ADD `note` text;--> statement-breakpoint
ALTER TABLE `participants` ADD `merged_into_id` text;--> statement-breakpoint
UPDATE `jurisdictions` SET `settings` = json_object('pathways', json((SELECT json_extract(r.`rules`, '$.pathways') FROM `eligibility_rule_sets` r WHERE r.`jurisdiction_id` = `jurisdictions`.`id` ORDER BY r.`version` DESC LIMIT 1))) WHERE EXISTS (SELECT 1 FROM `eligibility_rule_sets` r WHERE r.`jurisdiction_id` = `jurisdictions`.`id`);
--> statement-breakpoint
UPDATE `eligibility_rule_sets` SET `rules` = json_remove(`rules`, '$.pathways');
--> statement-breakpoint
UPDATE `referrals` SET `assessment_due_at` = NULL WHERE `id` IN (SELECT `referral_id` FROM `eligibility_screenings` WHERE `result` = 'ineligible');
--> statement-breakpoint
UPDATE `participants` SET `status` = 'screened_out' WHERE `status` = 'referred' AND (SELECT s.`result` FROM `referrals` r JOIN `eligibility_screenings` s ON s.`referral_id` = r.`id` WHERE r.`participant_id` = `participants`.`id` ORDER BY r.`occurred_at` DESC, r.`created_at` DESC LIMIT 1) = 'ineligible';
