-- The program figures read every person of a jurisdiction with a few columns of their record and
-- their kept history. The index below holds those columns, so that read stays in the index; the
-- history is kept by person id alone (no separate row number), so each person is one lookup. The
-- triggers that keep the history are made again around the new table, unchanged except that a
-- contact of a kind the figures do not count no longer rebuilds its person's history.
DROP INDEX `participants_jurisdiction_id`;
--> statement-breakpoint
CREATE INDEX `participants_figure_columns` ON `participants` (`jurisdiction_id`,`id`,`merged_into_id`,`race_ethnicity`,`gender`,`case_manager_user_id`,`status`,`created_at`);
--> statement-breakpoint
DROP TRIGGER `figure_history_status_changes_insert`;
--> statement-breakpoint
DROP TRIGGER `figure_history_status_changes_update`;
--> statement-breakpoint
DROP TRIGGER `figure_history_status_changes_delete`;
--> statement-breakpoint
DROP TRIGGER `figure_history_referrals_insert`;
--> statement-breakpoint
DROP TRIGGER `figure_history_referrals_update`;
--> statement-breakpoint
DROP TRIGGER `figure_history_referrals_delete`;
--> statement-breakpoint
DROP TRIGGER `figure_history_eligibility_screenings_insert`;
--> statement-breakpoint
DROP TRIGGER `figure_history_eligibility_screenings_update`;
--> statement-breakpoint
DROP TRIGGER `figure_history_eligibility_screenings_delete`;
--> statement-breakpoint
DROP TRIGGER `figure_history_plan_goals_insert`;
--> statement-breakpoint
DROP TRIGGER `figure_history_plan_goals_update`;
--> statement-breakpoint
DROP TRIGGER `figure_history_plan_goals_delete`;
--> statement-breakpoint
DROP TRIGGER `figure_history_legal_matters_insert`;
--> statement-breakpoint
DROP TRIGGER `figure_history_legal_matters_update`;
--> statement-breakpoint
DROP TRIGGER `figure_history_legal_matters_delete`;
--> statement-breakpoint
DROP TRIGGER `figure_history_contacts_insert`;
--> statement-breakpoint
DROP TRIGGER `figure_history_contacts_update`;
--> statement-breakpoint
DROP TRIGGER `figure_history_contacts_delete`;
--> statement-breakpoint
CREATE TABLE `__new_participant_figure_history` (
	`participant_id` text PRIMARY KEY NOT NULL,
	`doc` text NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_participant_figure_history` (`participant_id`, `doc`)
	SELECT `participant_id`, `doc` FROM `participant_figure_history`;
--> statement-breakpoint
DROP TABLE `participant_figure_history`;
--> statement-breakpoint
ALTER TABLE `__new_participant_figure_history` RENAME TO `participant_figure_history`;
--> statement-breakpoint
CREATE TRIGGER `figure_history_status_changes_insert` AFTER INSERT ON `status_changes`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_status_changes_update` AFTER UPDATE OF `participant_id`, `to_status`, `exit_reason`, `created_at` ON `status_changes`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id` AND old.`participant_id` IS NOT new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_status_changes_delete` AFTER DELETE ON `status_changes`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_referrals_insert` AFTER INSERT ON `referrals`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_referrals_update` AFTER UPDATE OF `participant_id`, `pathway`, `occurred_at`, `referring_user_id`, `assessment_due_at`, `assessment_completed_at`, `deadline_outcome` ON `referrals`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id` AND old.`participant_id` IS NOT new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_referrals_delete` AFTER DELETE ON `referrals`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_eligibility_screenings_insert` AFTER INSERT ON `eligibility_screenings`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_eligibility_screenings_update` AFTER UPDATE OF `participant_id`, `referral_id`, `result`, `overridden_at` ON `eligibility_screenings`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id` AND old.`participant_id` IS NOT new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_eligibility_screenings_delete` AFTER DELETE ON `eligibility_screenings`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_plan_goals_insert` AFTER INSERT ON `plan_goals`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_plan_goals_update` AFTER UPDATE OF `participant_id`, `domain`, `created_at`, `met_at` ON `plan_goals`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id` AND old.`participant_id` IS NOT new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_plan_goals_delete` AFTER DELETE ON `plan_goals`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_legal_matters_insert` AFTER INSERT ON `legal_matters`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_legal_matters_update` AFTER UPDATE OF `participant_id`, `charging_decision`, `charging_decision_at` ON `legal_matters`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id` AND old.`participant_id` IS NOT new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_legal_matters_delete` AFTER DELETE ON `legal_matters`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_contacts_insert` AFTER INSERT ON `contacts`
WHEN new.`kind` IN ('case_management', 'police_social_contact', 'police_new_arrest')
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_contacts_update` AFTER UPDATE OF `participant_id`, `kind`, `occurred_at` ON `contacts`
WHEN old.`kind` IN ('case_management', 'police_social_contact', 'police_new_arrest') OR new.`kind` IN ('case_management', 'police_social_contact', 'police_new_arrest')
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id` AND old.`participant_id` IS NOT new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_contacts_delete` AFTER DELETE ON `contacts`
WHEN old.`kind` IN ('case_management', 'police_social_contact', 'police_new_arrest')
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id`;
END;
