-- Platform store of effective-dated rule parameters (one row per module, key and first day).
-- A version is in force from valid_from through valid_to (inclusive; NULL = open-ended).
CREATE TABLE "parameters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"module" text NOT NULL,
	"key" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"value" jsonb NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parameters_module_not_empty" CHECK (btrim("module") <> ''),
	CONSTRAINT "parameters_key_not_empty" CHECK (btrim("key") <> ''),
	CONSTRAINT "parameters_source_not_empty" CHECK (btrim("source") <> ''),
	CONSTRAINT "parameters_valid_range" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "parameters_module_key_from_uq" ON "parameters" USING btree ("module","key","valid_from");
