DROP INDEX `dispatch_attempts_identity_uq`;--> statement-breakpoint
ALTER TABLE `dispatch_attempts` ADD `purpose` text DEFAULT 'alert' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `dispatch_attempts_identity_uq` ON `dispatch_attempts` (`recipient_id`,`purpose`,`channel`,`e164`,`cycle`,`attempt_no`);--> statement-breakpoint
ALTER TABLE `alert_recipients` ADD `voice_numbers` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `alert_recipients` ADD `sms_number` text;