ALTER TABLE `alerts` ADD `confirm_digit` text DEFAULT '1' NOT NULL;--> statement-breakpoint
ALTER TABLE `alerts` ADD `decline_digit` text DEFAULT '2' NOT NULL;