-- A small Odoo 17.0 database for 'odoo-release demo': the catalogue tables the backup steps read, with the column
-- names and types a fresh Odoo 17.0 database has, a few contacts and two attachments whose files the demo writes.
CREATE TABLE ir_module_module (id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone,
    write_date timestamp without time zone, write_uid integer, website varchar, summary jsonb, name varchar NOT NULL UNIQUE,
    author varchar, icon varchar, state varchar(16), latest_version varchar, shortdesc jsonb, category_id integer,
    description jsonb, application boolean DEFAULT false, demo boolean DEFAULT false, web boolean DEFAULT false,
    license varchar(32), sequence integer DEFAULT 100, auto_install boolean DEFAULT false, to_buy boolean DEFAULT false,
    maintainer varchar, published_version varchar, url varchar, contributors text, menus_by_module text,
    reports_by_module text, views_by_module text, module_type varchar, imported boolean);
CREATE TABLE ir_module_module_dependency (id serial PRIMARY KEY, name varchar, module_id integer,
    auto_install_required boolean DEFAULT true);
CREATE TABLE ir_model (id serial PRIMARY KEY, create_uid integer, write_uid integer, model varchar NOT NULL,
    "order" varchar NOT NULL, state varchar, name jsonb NOT NULL, info text, transient boolean,
    create_date timestamp without time zone, write_date timestamp without time zone);
CREATE TABLE ir_model_data (id serial PRIMARY KEY, create_uid integer,
    create_date timestamp without time zone DEFAULT (now() AT TIME ZONE 'UTC'),
    write_date timestamp without time zone DEFAULT (now() AT TIME ZONE 'UTC'), write_uid integer, res_id integer,
    noupdate boolean DEFAULT false, name varchar NOT NULL, module varchar NOT NULL, model varchar NOT NULL);
CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, create_uid integer, write_uid integer, key varchar NOT NULL UNIQUE,
    value text NOT NULL, create_date timestamp without time zone, write_date timestamp without time zone);
CREATE TABLE ir_attachment (id serial PRIMARY KEY, res_id integer, company_id integer, file_size integer, create_uid integer,
    write_uid integer, name varchar NOT NULL, res_model varchar, res_field varchar, type varchar NOT NULL, url varchar(1024),
    access_token varchar, store_fname varchar, checksum varchar(40), mimetype varchar, description text, index_content text,
    public boolean, create_date timestamp without time zone, write_date timestamp without time zone, db_datas bytea,
    original_id integer);
CREATE TABLE res_company (id serial PRIMARY KEY, name varchar NOT NULL, partner_id integer);
CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar, email varchar, active boolean DEFAULT true, company_id integer);
CREATE TABLE res_users (id serial PRIMARY KEY, login varchar NOT NULL, partner_id integer NOT NULL, company_id integer NOT NULL,
    active boolean DEFAULT true);
INSERT INTO ir_module_module (name, state, latest_version) VALUES ('base', 'installed', '17.0.1.3'),
    ('web', 'installed', '17.0.1.0'), ('sale', 'installed', '17.0.1.2'), ('point_of_sale', 'installed', '17.0.1.0.1'),
    ('stock', 'uninstalled', '17.0.1.1');
INSERT INTO ir_model (model, "order", state, name, transient) VALUES ('res.partner', 'name', 'base', '{"en_US": "Contact"}', false);
INSERT INTO ir_config_parameter (key, value) VALUES ('database.uuid', '5d0e3b1a-0000-4000-8000-00000000d3e0');
INSERT INTO res_partner (name, email) VALUES ('Demo Shop', 'shop@example.com'), ('Walk-in Customer', NULL),
    ('Administrator', 'admin@example.com');
INSERT INTO res_company (name, partner_id) VALUES ('Demo Shop', 1);
INSERT INTO res_users (login, partner_id, company_id) VALUES ('__system__', 1, 1), ('admin', 3, 1);
