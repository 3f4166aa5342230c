package io.jenkins.plugins.odoorelease.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An Odoo database on the test server with the catalogue tables that backups read, using the column names and types
 * a fresh Odoo database of the series has ({@code ir_module_module}, {@code ir_module_module_dependency},
 * {@code ir_model}, {@code ir_model_data}, {@code ir_config_parameter}, {@code ir_attachment}), plus small
 * {@code res_company}, {@code res_users} and {@code res_partner} tables, and a filestore folder laid out as Odoo's
 * ({@code <ab>/<sha1>} files and empty {@code checklist/<ab>/<sha1>} markers).
 */
public final class OdooDatabase {

    private final String name;
    private final String series;
    private final Path filestore;
    private final List<Integer> attachmentIds = new ArrayList<>();

    private OdooDatabase(String name, String series, Path filestore) {
        this.name = name;
        this.series = series;
        this.filestore = filestore;
    }

    /**
     * Creates the database with {@code base}, {@code web} and {@code sale} installed, a few partners, and objects whose
     * definitions exercise a SQL reader: a PL/pgSQL function in dollar quotes, an SQL-standard function body, quoted
     * identifiers, strings with semicolons, quotes and backslashes, and comments.
     *
     * @param series {@code 16.0}, {@code 17.0} or {@code 18.0}
     */
    public static OdooDatabase create(String series, Path filestoreParent) {
        String name = PostgresServer.createDatabase("odoo" + series.replace(".", ""));
        Path filestore = filestoreParent.resolve(name);
        try {
            Files.createDirectories(filestore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OdooDatabase database = new OdooDatabase(name, series, filestore);
        database.createCatalogue();
        database.installModule("base", series + ".1.3", "installed");
        database.installModule("web", series + ".1.0", "installed");
        database.installModule("sale", series + ".1.2", "installed");
        database.installModule("stock", series + ".1.1", "uninstalled");
        return database;
    }

    private void createCatalogue() {
        boolean importColumns = !series.equals("16.0");
        PostgresServer.execute(name,
                "CREATE TABLE ir_module_module (id serial NOT NULL, create_uid integer, create_date timestamp without time zone, "
                        + "write_date timestamp without time zone, write_uid integer, website varchar, summary jsonb, name varchar NOT NULL, "
                        + "author varchar, icon varchar, state varchar(16), latest_version varchar, shortdesc jsonb, category_id integer, "
                        + "description jsonb, application boolean DEFAULT false, demo boolean DEFAULT false, web boolean DEFAULT false, "
                        + "license varchar(32), sequence integer DEFAULT 100, auto_install boolean DEFAULT false, to_buy boolean DEFAULT false, "
                        + "maintainer varchar, published_version varchar, url varchar, contributors text, menus_by_module text, "
                        + "reports_by_module text, views_by_module text"
                        + (importColumns ? ", module_type varchar, imported boolean" : "") + ", PRIMARY KEY (id))",
                "ALTER TABLE ir_module_module ADD CONSTRAINT ir_module_module_name_uniq UNIQUE (name)",
                "CREATE INDEX ir_module_module__state_index ON ir_module_module USING btree (state)",
                "CREATE TABLE ir_module_module_dependency (id serial NOT NULL, name varchar, module_id integer, "
                        + "auto_install_required boolean DEFAULT true, PRIMARY KEY (id))",
                "CREATE TABLE ir_model (id serial NOT NULL, create_uid integer, write_uid integer, model varchar NOT NULL, "
                        + "\"order\" varchar NOT NULL, state varchar, name jsonb NOT NULL, info text, transient boolean, "
                        + "create_date timestamp without time zone, write_date timestamp without time zone, PRIMARY KEY (id))",
                "CREATE TABLE ir_model_data (id serial NOT NULL, create_uid integer, create_date timestamp without time zone DEFAULT "
                        + "(now() AT TIME ZONE 'UTC'::text), write_date timestamp without time zone DEFAULT (now() AT TIME ZONE 'UTC'::text), "
                        + "write_uid integer, res_id integer, noupdate boolean DEFAULT false, name varchar NOT NULL, module varchar NOT NULL, "
                        + "model varchar NOT NULL, PRIMARY KEY (id))",
                "CREATE TABLE ir_config_parameter (id serial NOT NULL, create_uid integer, write_uid integer, key varchar NOT NULL, "
                        + "value text NOT NULL, create_date timestamp without time zone, write_date timestamp without time zone, PRIMARY KEY (id))",
                "CREATE TABLE ir_attachment (id serial NOT NULL, res_id integer, company_id integer, file_size integer, create_uid integer, "
                        + "write_uid integer, name varchar NOT NULL, res_model varchar, res_field varchar, type varchar NOT NULL, "
                        + "url varchar(1024), access_token varchar, store_fname varchar, checksum varchar(40), mimetype varchar, "
                        + "description text, index_content text, public boolean, create_date timestamp without time zone, "
                        + "write_date timestamp without time zone, db_datas bytea, original_id integer, PRIMARY KEY (id))",
                "CREATE INDEX ir_attachment__store_fname_index ON ir_attachment USING btree (store_fname)",
                "CREATE TABLE res_company (id serial NOT NULL, name varchar NOT NULL, partner_id integer, PRIMARY KEY (id))",
                "CREATE TABLE res_partner (id serial NOT NULL, name varchar, email varchar, comment text, active boolean DEFAULT true, "
                        + "company_id integer, create_date timestamp without time zone, PRIMARY KEY (id))",
                "CREATE TABLE res_users (id serial NOT NULL, login varchar NOT NULL, partner_id integer NOT NULL, company_id integer NOT NULL, "
                        + "active boolean DEFAULT true, PRIMARY KEY (id))",
                "INSERT INTO res_partner (name, email, comment) VALUES ('My Company', 'info@example.com', 'line one\nline two'), "
                        + "('Ad\u00e8le; \"Quoted\" O''Brien', 'adele@example.com', E'tab\\there, backslash \\\\ and ; semicolon'), "
                        + "('Administrator', 'admin@example.com', NULL)",
                "INSERT INTO res_company (name, partner_id) VALUES ('My Company', 1)",
                "INSERT INTO res_users (login, partner_id, company_id) VALUES ('__system__', 1, 1), ('admin', 3, 1)",
                "INSERT INTO ir_model (model, \"order\", state, name, transient) VALUES ('res.partner', 'name', 'base', "
                        + "'{\"en_US\": \"Contact\"}', false)",
                "INSERT INTO ir_config_parameter (key, value) VALUES ('database.uuid', '2f0c1b7e-0000-4000-8000-000000000001'), "
                        + "('web.base.url', 'http://localhost:8069')",
                "CREATE FUNCTION \"Partner Label\"(partner_name text) RETURNS text LANGUAGE plpgsql AS $body$\n"
                        + "BEGIN\n  -- a comment with a ; semicolon\n  RETURN 'partner: ' || partner_name || ';';\nEND;\n$body$",
                "CREATE FUNCTION partner_count() RETURNS bigint LANGUAGE sql BEGIN ATOMIC\n  SELECT count(*) FROM res_partner;\nEND",
                "CREATE VIEW \"partner;view\" AS SELECT id, name /* a block comment; with a semicolon */ FROM res_partner",
                "COMMENT ON TABLE res_partner IS 'Contact; it''s a \"partner\"'");
    }

    /** Adds or updates a module row. */
    public OdooDatabase installModule(String module, String version, String state) {
        PostgresServer.execute(name, "INSERT INTO ir_module_module (name, latest_version, state) VALUES ('" + module + "', '" + version
                + "', '" + state + "') ON CONFLICT (name) DO UPDATE SET latest_version = EXCLUDED.latest_version, state = EXCLUDED.state");
        PostgresServer.execute(name, "INSERT INTO ir_model_data (name, module, model, res_id) SELECT 'module_" + module
                + "', 'base', 'ir.module.module', id FROM ir_module_module WHERE name = '" + module + "'");
        return this;
    }

    /**
     * Stores {@code content} as Odoo does: a file at {@code <ab>/<sha1>}, an empty garbage-collection marker at
     * {@code checklist/<ab>/<sha1>}, and an {@code ir_attachment} row with the checksum and file size.
     *
     * @return the attachment's id
     */
    public int addAttachment(String attachmentName, byte[] content) {
        String sha1 = sha1(content);
        String storeFname = sha1.substring(0, 2) + "/" + sha1;
        try {
            Path file = filestore.resolve(storeFname);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            Path marker = filestore.resolve("checklist").resolve(storeFname);
            Files.createDirectories(marker.getParent());
            Files.write(marker, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer.execute(name, "INSERT INTO ir_attachment (name, type, store_fname, checksum, file_size, mimetype, res_model, res_id) "
                + "VALUES ('" + attachmentName + "', 'binary', '" + storeFname + "', '" + sha1 + "', " + content.length
                + ", 'text/plain', 'res.partner', 1)");
        int id = PostgresServer.queryInt(name, "SELECT max(id) FROM ir_attachment");
        attachmentIds.add(id);
        return id;
    }

    /** Adds a URL attachment, which has no file. */
    public void addUrlAttachment(String url) {
        PostgresServer.execute(name, "INSERT INTO ir_attachment (name, type, url) VALUES ('link', 'url', '" + url + "')");
    }

    /** Adds {@code count} attachments with distinct small contents. */
    public void addAttachments(int count) {
        for (int i = 0; i < count; i++) {
            addAttachment("file-" + i + ".txt", ("attachment number " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    public String name() {
        return name;
    }

    public Path filestore() {
        return filestore;
    }

    public List<Integer> attachmentIds() {
        return List.copyOf(attachmentIds);
    }

    public static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
