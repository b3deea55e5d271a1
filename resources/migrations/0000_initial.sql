CREATE TABLE `alert_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`contact_id` integer,
	`name` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`reply_code` text,
	`confirmed_at` integer,
	`confirmed_via` text,
	`declined_at` integer,
	`stand_down_sent_at` integer,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_recipients_alert_contact_uq` ON `alert_recipients` (`alert_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `alert_recipients_state_idx` ON `alert_recipients` (`alert_id`,`state`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`launch_key` text NOT NULL,
	`title` text NOT NULL,
	`template_id` integer,
	`voice_text` text DEFAULT '' NOT NULL,
	`sms_text` text DEFAULT '' NOT NULL,
	`language` text DEFAULT 'sv' NOT NULL,
	`state` text NOT NULL,
	`drill` integer DEFAULT false NOT NULL,
	`channels` text NOT NULL,
	`policy` text NOT NULL,
	`content_sha256` text,
	`schedule_id` integer,
	`created_by` integer,
	`approved_by` integer,
	`canceled_by` integer,
	`created_at` integer NOT NULL,
	`approved_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`expires_at` integer,
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`canceled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_launch_key_uq` ON `alerts` (`launch_key`);--> statement-breakpoint
CREATE INDEX `alerts_state_idx` ON `alerts` (`state`);--> statement-breakpoint
CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`details` text DEFAULT '{}' NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`);--> statement-breakpoint
CREATE TABLE `burn_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`burn_after` text NOT NULL,
	`burn_at` integer,
	`content_sha256` text NOT NULL,
	`burned_at` integer,
	`burned_by` integer,
	`carrier_redacted_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`burned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `carrier_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` integer,
	`sid` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`sequence` integer,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `dispatch_attempts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `carrier_events_sid_kind_status_uq` ON `carrier_events` (`sid`,`kind`,`status`);--> statement-breakpoint
CREATE INDEX `carrier_events_attempt_idx` ON `carrier_events` (`attempt_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`organisation` text DEFAULT '' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`language` text DEFAULT 'sv' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`external_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contacts_name_idx` ON `contacts` (`name`);--> statement-breakpoint
CREATE INDEX `contacts_external_idx` ON `contacts` (`external_id`);--> statement-breakpoint
CREATE TABLE `dispatch_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`recipient_id` integer NOT NULL,
	`channel` text NOT NULL,
	`e164` text NOT NULL,
	`cycle` integer DEFAULT 0 NOT NULL,
	`attempt_no` integer DEFAULT 0 NOT NULL,
	`state` text NOT NULL,
	`status_rank` integer DEFAULT 0 NOT NULL,
	`carrier_account` text,
	`carrier_sid` text,
	`answered_by` text,
	`error_code` text,
	`error_message` text,
	`not_before` integer NOT NULL,
	`queued_at` integer NOT NULL,
	`submitting_at` integer,
	`submitted_at` integer,
	`answered_at` integer,
	`finished_at` integer,
	`duration_s` integer,
	`segments` integer,
	`price_micros` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `alert_recipients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dispatch_attempts_identity_uq` ON `dispatch_attempts` (`recipient_id`,`channel`,`e164`,`cycle`,`attempt_no`);--> statement-breakpoint
CREATE INDEX `dispatch_attempts_work_idx` ON `dispatch_attempts` (`state`,`not_before`);--> statement-breakpoint
CREATE INDEX `dispatch_attempts_alert_idx` ON `dispatch_attempts` (`alert_id`,`state`);--> statement-breakpoint
CREATE INDEX `dispatch_attempts_sid_idx` ON `dispatch_attempts` (`carrier_sid`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`group_id`, `contact_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_members_contact_idx` ON `group_members` (`contact_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_name_uq` ON `groups` ("name" COLLATE NOCASE);--> statement-breakpoint
CREATE TABLE `phone_numbers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`e164` text NOT NULL,
	`raw` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`priority` integer NOT NULL,
	`voice_capable` integer DEFAULT true NOT NULL,
	`sms_capable` integer DEFAULT false NOT NULL,
	`sms_opted_out` integer DEFAULT false NOT NULL,
	`sms_opted_out_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phone_numbers_contact_e164_uq` ON `phone_numbers` (`contact_id`,`e164`);--> statement-breakpoint
CREATE INDEX `phone_numbers_e164_idx` ON `phone_numbers` (`e164`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer,
	`recipient_id` integer,
	`attempt_id` integer,
	`channel` text NOT NULL,
	`from_e164` text NOT NULL,
	`body` text NOT NULL,
	`meaning` text NOT NULL,
	`carrier_sid` text,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`recipient_id`) REFERENCES `alert_recipients`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`attempt_id`) REFERENCES `dispatch_attempts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `responses_alert_idx` ON `responses` (`alert_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `responses_sid_uq` ON `responses` (`carrier_sid`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`run_at` integer,
	`cron` text,
	`time_zone` text DEFAULT 'Europe/Stockholm' NOT NULL,
	`alert_spec` text NOT NULL,
	`missed_policy` text DEFAULT 'skip' NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`next_run_at` integer,
	`last_run_at` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`client` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`voice_text` text DEFAULT '' NOT NULL,
	`sms_text` text DEFAULT '' NOT NULL,
	`language` text DEFAULT 'sv' NOT NULL,
	`confirm_digit` text DEFAULT '1' NOT NULL,
	`decline_digit` text DEFAULT '2' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `templates_name_uq` ON `templates` ("name" COLLATE NOCASE);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`language` text DEFAULT 'sv' NOT NULL,
	`color_scheme` text DEFAULT 'auto' NOT NULL,
	`last_login_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);