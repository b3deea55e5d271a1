CREATE TABLE `proposal_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`proposal_id` integer NOT NULL,
	`sender` text NOT NULL,
	`external_id` text NOT NULL,
	`msg_type` text NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposal_messages_uq` ON `proposal_messages` (`proposal_id`,`sender`,`external_id`);--> statement-breakpoint
CREATE INDEX `proposal_messages_external_idx` ON `proposal_messages` (`sender`,`external_id`);