CREATE TABLE "audio_clips" (
	"id" text PRIMARY KEY NOT NULL,
	"wav" "bytea" NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cluster_leadership" (
	"id" integer PRIMARY KEY NOT NULL,
	"epoch" bigint NOT NULL,
	"leader_id" text,
	"leader_name" text,
	"since" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cluster_nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"started_at" bigint NOT NULL,
	"seen_at" bigint NOT NULL,
	"leading_since" bigint
);
--> statement-breakpoint
CREATE INDEX "cluster_nodes_seen_idx" ON "cluster_nodes" USING btree ("seen_at");