ALTER TABLE `contacts` ADD `sort_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_sort_key_idx` ON `contacts` (`sort_key`,`id`);