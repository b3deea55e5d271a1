CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`role` text NOT NULL,
	`allowed_methods` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_name_uq` ON `api_keys` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`state` text NOT NULL,
	`format` text NOT NULL,
	`source_key` text NOT NULL,
	`sender` text NOT NULL,
	`external_id` text NOT NULL,
	`msg_type` text NOT NULL,
	`status` text NOT NULL,
	`event` text DEFAULT '' NOT NULL,
	`headline` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`area` text DEFAULT '' NOT NULL,
	`severity` text NOT NULL,
	`urgency` text NOT NULL,
	`rule_id` integer,
	`rule_name` text,
	`template_id` integer,
	`draft` text,
	`alert_id` integer,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`updates` integer DEFAULT 0 NOT NULL,
	`document` text DEFAULT '' NOT NULL,
	`received_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `proposals_external_idx` ON `proposals` (`sender`,`external_id`);--> statement-breakpoint
CREATE INDEX `proposals_state_idx` ON `proposals` (`state`,`received_at`);--> statement-breakpoint
CREATE INDEX `proposals_alert_idx` ON `proposals` (`alert_id`);--> statement-breakpoint
CREATE TABLE `trigger_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 100 NOT NULL,
	`sender` text DEFAULT '' NOT NULL,
	`event` text DEFAULT '' NOT NULL,
	`area` text DEFAULT '' NOT NULL,
	`severities` text DEFAULT '[]' NOT NULL,
	`urgencies` text DEFAULT '[]' NOT NULL,
	`text_match` text DEFAULT '' NOT NULL,
	`template_id` integer,
	`launch_at_once` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `trigger_sources` (
	`name` text PRIMARY KEY NOT NULL,
	`last_seen_at` integer NOT NULL,
	`every_seconds` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`event_type` text NOT NULL,
	`alert_id` integer,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer,
	`lease_until` integer,
	`last_status` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`subscription_id`) REFERENCES `webhook_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_outbox_message_uq` ON `webhook_outbox` (`subscription_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `webhook_outbox_due_idx` ON `webhook_outbox` (`state`,`next_at`);--> statement-breakpoint
CREATE INDEX `webhook_outbox_alert_idx` ON `webhook_outbox` (`alert_id`);--> statement-breakpoint
CREATE TABLE `webhook_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`scope` text DEFAULT 'all' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL
);
