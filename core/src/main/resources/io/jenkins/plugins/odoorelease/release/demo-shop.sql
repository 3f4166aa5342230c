-- The rest of the sample shop's Odoo 17.0 database for 'odoo-release demo': the tables the backup verification reads
-- besides the module catalogue, with the column names and types a fresh Odoo 17.0 database has, and a few rows.
CREATE TABLE ir_attachment (id serial PRIMARY KEY, res_id integer, company_id integer, file_size integer, create_uid integer,
    write_uid integer, name varchar NOT NULL, res_model varchar, res_field varchar, type varchar NOT NULL, url varchar(1024),
    access_token varchar, store_fname varchar, checksum varchar(40), mimetype varchar, description text, index_content text,
    public boolean, create_date timestamp without time zone, write_date timestamp without time zone, db_datas bytea,
    original_id integer);
CREATE TABLE res_company (id serial PRIMARY KEY, name varchar NOT NULL, partner_id integer);
CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar, email varchar, active boolean DEFAULT true, company_id integer);
CREATE TABLE res_users (id serial PRIMARY KEY, login varchar NOT NULL, partner_id integer NOT NULL, company_id integer NOT NULL,
    active boolean DEFAULT true);
CREATE TABLE sale_order (id serial PRIMARY KEY, name varchar, partner_id integer);
CREATE TABLE sale_order_line (id serial PRIMARY KEY, order_id integer, name text, price_unit numeric);
INSERT INTO ir_config_parameter (key, value) VALUES ('database.uuid', '5d0e3b1a-0000-4000-8000-00000000d3e0');
INSERT INTO res_partner (name, email) VALUES ('Demo Shop', 'shop@example.com'), ('Walk-in Customer', NULL),
    ('Administrator', 'admin@example.com');
INSERT INTO res_company (name, partner_id) VALUES ('Demo Shop', 1);
INSERT INTO res_users (login, partner_id, company_id) VALUES ('__system__', 1, 1), ('admin', 3, 1);
INSERT INTO sale_order (name, partner_id) VALUES ('S00001', 2);
INSERT INTO sale_order_line (order_id, name, price_unit) VALUES (1, 'Espresso', 2.40), (1, 'Espresso', 2.40);
