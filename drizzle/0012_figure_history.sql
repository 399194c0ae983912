CREATE TABLE `participant_figure_history` (
	`participant_id` text PRIMARY KEY NOT NULL,
	`doc` text NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `participants_jurisdiction_id` ON `participants` (`jurisdiction_id`,`id`);
--> statement-breakpoint
-- Each person's history as the program figures count it, as one JSON document of small arrays:
-- changes [to, exit reason, at]; referrals [pathway, at, referrer, assessment due, completed,
-- deadline outcome, screening, overridden]; goals [domain, created, met]; decisions [decision, at];
-- and the times of the contacts the figures count, by kind, as comma-separated text (read without
-- making a number object for each). Times are milliseconds.
CREATE VIEW `participant_figure_docs` AS SELECT p.`id` AS `participant_id`, json_object(
	'changes', (SELECT json_group_array(json_array(s.`to_status`, s.`exit_reason`, s.`created_at`))
		FROM `status_changes` s WHERE s.`participant_id` = p.`id`),
	'referrals', (SELECT json_group_array(json_array(r.`pathway`, r.`occurred_at`, r.`referring_user_id`,
			r.`assessment_due_at`, r.`assessment_completed_at`, r.`deadline_outcome`, e.`result`,
			e.`overridden_at` IS NOT NULL))
		FROM `referrals` r LEFT JOIN `eligibility_screenings` e ON e.`referral_id` = r.`id`
		WHERE r.`participant_id` = p.`id`),
	'goals', (SELECT json_group_array(json_array(g.`domain`, g.`created_at`, g.`met_at`))
		FROM `plan_goals` g WHERE g.`participant_id` = p.`id`),
	'decisions', (SELECT json_group_array(json_array(m.`charging_decision`, m.`charging_decision_at`))
		FROM `legal_matters` m WHERE m.`participant_id` = p.`id` AND m.`charging_decision_at` IS NOT NULL),
	'contacts', json_object(
		'case_management', (SELECT coalesce(group_concat(c.`occurred_at`), '') FROM `contacts` c
			WHERE c.`participant_id` = p.`id` AND c.`kind` = 'case_management'),
		'police_social_contact', (SELECT coalesce(group_concat(c.`occurred_at`), '') FROM `contacts` c
			WHERE c.`participant_id` = p.`id` AND c.`kind` = 'police_social_contact'),
		'police_new_arrest', (SELECT coalesce(group_concat(c.`occurred_at`), '') FROM `contacts` c
			WHERE c.`participant_id` = p.`id` AND c.`kind` = 'police_new_arrest'))
) AS `doc` FROM `participants` p;
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
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_contacts_update` AFTER UPDATE OF `participant_id`, `kind`, `occurred_at` ON `contacts`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = new.`participant_id`;
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id` AND old.`participant_id` IS NOT new.`participant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `figure_history_contacts_delete` AFTER DELETE ON `contacts`
BEGIN
	INSERT OR REPLACE INTO `participant_figure_history` (`participant_id`, `doc`)
		SELECT `participant_id`, `doc` FROM `participant_figure_docs` WHERE `participant_id` = old.`participant_id`;
END;
--> statement-breakpoint
-- The people recorded before this migration.
INSERT INTO `participant_figure_history` (`participant_id`, `doc`)
	SELECT d.`participant_id`, d.`doc` FROM `participant_figure_docs` d
	WHERE EXISTS (SELECT 1 FROM `status_changes` s WHERE s.`participant_id` = d.`participant_id`)
		OR EXISTS (SELECT 1 FROM `referrals` r WHERE r.`participant_id` = d.`participant_id`)
		OR EXISTS (SELECT 1 FROM `plan_goals` g WHERE g.`participant_id` = d.`participant_id`)
		OR EXISTS (SELECT 1 FROM `legal_matters` m WHERE m.`participant_id` = d.`participant_id`)
		OR EXISTS (SELECT 1 FROM `contacts` c WHERE c.`participant_id` = d.`participant_id`);
