ALTER TABLE `burn_messages` ADD `burn_minutes` integer;--> statement-breakpoint
ALTER TABLE `templates` ADD `alert_defaults` text;