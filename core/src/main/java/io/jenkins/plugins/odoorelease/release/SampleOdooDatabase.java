package io.jenkins.plugins.odoorelease.release;

import java.util.List;
import java.util.Map;

/**
 * The Odoo tables the migration check reads, as a fresh Odoo database has them, for the demo's sample database and
 * the tests' Odoo-shaped databases.
 */
public final class SampleOdooDatabase {

    /** The modules a fresh database of each series has installed after {@code -i base}. */
    private static final Map<Integer, List<String>> FRESH_MODULES = Map.of(
            16, List.of("auth_totp", "base", "base_import", "bus", "web", "web_editor", "web_kanban_gauge", "web_tour"),
            17, List.of("auth_totp", "base", "base_import", "base_import_module", "base_setup", "bus", "iap", "web", "web_editor",
                    "web_tour", "web_unsplash"),
            18, List.of("auth_totp", "base", "base_import", "base_import_module", "base_setup", "bus", "html_editor", "iap", "web",
                    "web_editor", "web_tour", "web_unsplash"));

    private SampleOdooDatabase() {
    }

    /** Returns the modules a fresh database of the series has installed after {@code -i base}, by name. */
    public static List<String> freshModules(int major) {
        List<String> modules = FRESH_MODULES.get(major);
        if (modules == null) {
            throw new IllegalArgumentException("no sample for series " + major + ".0; there are 16.0, 17.0 and 18.0");
        }
        return modules;
    }

    /**
     * Returns the DDL of {@code ir_module_module}, {@code ir_module_module_dependency}, {@code ir_model},
     * {@code ir_model_data} and {@code ir_config_parameter} as a fresh database of the series has them: the column
     * names, types, defaults, constraints and index names (16.0 names indexes with one underscore, later series with
     * two), taken from databases that Odoo 16.0, 17.0 and 18.0 created with {@code -i base}. Foreign keys to tables
     * outside these five are left out.
     */
    public static List<String> schema(int major) {
        String sep = major >= 17 ? "__" : "_";
        String extraModuleColumns = major >= 17 ? """
                    "module_type" varchar,
                    "imported" boolean,
                """ : "";
        String nameNoSpaces = major == 17 ? "'%% %%'" : "'% %'";
        return List.of(
            """
            CREATE TABLE "ir_module_module" (
                "id" serial NOT NULL,
                "create_uid" integer,
                "create_date" timestamp without time zone,
                "write_date" timestamp without time zone,
                "write_uid" integer,
                "website" varchar,
                "summary" jsonb,
                "name" varchar NOT NULL,
                "author" varchar,
                "icon" varchar,
                "state" varchar(16),
                "latest_version" varchar,
                "shortdesc" jsonb,
                "category_id" integer,
                "description" jsonb,
                "application" boolean DEFAULT false,
                "demo" boolean DEFAULT false,
                "web" boolean DEFAULT false,
                "license" varchar(32),
                "sequence" integer DEFAULT 100,
                "auto_install" boolean DEFAULT false,
                "to_buy" boolean DEFAULT false,
                "maintainer" varchar,
                "published_version" varchar,
                "url" varchar,
                "contributors" text,
                "menus_by_module" text,
                "reports_by_module" text,
                "views_by_module" text,
            %s    PRIMARY KEY (id)
            )""".formatted(extraModuleColumns),
            "ALTER TABLE \"ir_module_module\" ADD CONSTRAINT \"ir_module_module_name_uniq\" UNIQUE (name)",
            "CREATE INDEX ir_module_module" + sep + "category_id_index ON ir_module_module USING btree (category_id)",
            "CREATE INDEX ir_module_module" + sep + "state_index ON ir_module_module USING btree (state)",
            """
            CREATE TABLE "ir_module_module_dependency" (
                "id" serial NOT NULL,
                "name" varchar,
                "module_id" integer,
                "auto_install_required" boolean DEFAULT true,
                PRIMARY KEY (id)
            )""",
            "CREATE INDEX ir_module_module_dependency" + sep + "name_index ON ir_module_module_dependency USING btree (name)",
            "ALTER TABLE \"ir_module_module_dependency\" ADD CONSTRAINT \"ir_module_module_dependency_module_id_fkey\" FOREIGN KEY (module_id) "
                    + "REFERENCES ir_module_module(id) ON DELETE CASCADE",
            """
            CREATE TABLE "ir_model" (
                "id" serial NOT NULL,
                "create_uid" integer,
                "write_uid" integer,
                "model" varchar NOT NULL,
                "order" varchar NOT NULL,
                "state" varchar,
                "name" jsonb NOT NULL,
                "info" text,
                "transient" boolean,
                "create_date" timestamp without time zone,
                "write_date" timestamp without time zone,
                PRIMARY KEY (id)
            )""",
            "ALTER TABLE \"ir_model\" ADD CONSTRAINT \"ir_model_obj_name_uniq\" UNIQUE (model)",
            """
            CREATE TABLE "ir_model_data" (
                "id" serial NOT NULL,
                "create_uid" integer,
                "create_date" timestamp without time zone DEFAULT (now() AT TIME ZONE 'UTC'::text),
                "write_date" timestamp without time zone DEFAULT (now() AT TIME ZONE 'UTC'::text),
                "write_uid" integer,
                "res_id" integer,
                "noupdate" boolean DEFAULT false,
                "name" varchar NOT NULL,
                "module" varchar NOT NULL,
                "model" varchar NOT NULL,
                PRIMARY KEY (id)
            )""",
            "ALTER TABLE \"ir_model_data\" ADD CONSTRAINT \"ir_model_data_name_nospaces\" CHECK (((name)::text !~~ " + nameNoSpaces + "::text))",
            "CREATE INDEX ir_model_data_model_res_id_index ON ir_model_data USING btree (model, res_id)",
            "CREATE UNIQUE INDEX ir_model_data_module_name_uniq_index ON ir_model_data USING btree (module, name)",
            """
            CREATE TABLE "ir_config_parameter" (
                "id" serial NOT NULL,
                "create_uid" integer,
                "write_uid" integer,
                "key" varchar NOT NULL,
                "value" text NOT NULL,
                "create_date" timestamp without time zone,
                "write_date" timestamp without time zone,
                PRIMARY KEY (id)
            )""",
            "ALTER TABLE \"ir_config_parameter\" ADD CONSTRAINT \"ir_config_parameter_key_uniq\" UNIQUE (key)");
    }
}
