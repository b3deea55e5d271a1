CREATE TABLE `schedule_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`schedule_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	`handled_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`alert_id` integer,
	`detail` text,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedule_runs_due_uq` ON `schedule_runs` (`schedule_id`,`due_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `burn_messages_alert_id_unique` ON `burn_messages` (`alert_id`);