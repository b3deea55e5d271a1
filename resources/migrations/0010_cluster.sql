CREATE TABLE `audio_clips` (
	`id` text PRIMARY KEY NOT NULL,
	`wav` blob NOT NULL,
	`duration_ms` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cluster_leadership` (
	`id` integer PRIMARY KEY NOT NULL,
	`epoch` integer NOT NULL,
	`leader_id` text,
	`leader_name` text,
	`since` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cluster_nodes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`started_at` integer NOT NULL,
	`seen_at` integer NOT NULL,
	`leading_since` integer
);
--> statement-breakpoint
CREATE INDEX `cluster_nodes_seen_idx` ON `cluster_nodes` (`seen_at`);