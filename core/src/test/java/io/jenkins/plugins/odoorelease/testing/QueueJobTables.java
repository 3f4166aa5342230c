package io.jenkins.plugins.odoorelease.testing;

/**
 * The {@code queue_job} table of OCA queue as each Odoo series creates it, with the real column names and types
 * (OCA/queue branches 16.0, 17.0 and 18.0, {@code queue_job/models/queue_job.py}): 16.0 still has
 * {@code message_main_attachment_id}, and 18.0 stores {@code records}, {@code args} and {@code kwargs} as jsonb.
 */
public final class QueueJobTables {

    private QueueJobTables() {
    }

    /** Returns the CREATE TABLE statement of the series {@code 16.0}, {@code 17.0} or {@code 18.0}. */
    public static String create(String series) {
        String attachment = series.equals("16.0") ? "    message_main_attachment_id integer,\n" : "";
        String serialized = series.equals("18.0") ? "jsonb" : "text";
        return """
                CREATE TABLE queue_job (
                    id serial NOT NULL,
                %s    user_id integer,
                    company_id integer,
                    priority integer,
                    retry integer,
                    max_retries integer,
                    job_function_id integer,
                    worker_pid integer,
                    uuid varchar NOT NULL,
                    graph_uuid varchar,
                    name varchar,
                    model_name varchar,
                    method_name varchar,
                    func_string varchar,
                    state varchar NOT NULL,
                    exc_name varchar,
                    exc_message varchar,
                    channel_method_name varchar,
                    channel varchar,
                    identity_key varchar,
                    records %s,
                    dependencies text,
                    args %s,
                    kwargs %s,
                    exc_info text,
                    result text,
                    date_created timestamp without time zone,
                    date_started timestamp without time zone,
                    date_enqueued timestamp without time zone,
                    date_done timestamp without time zone,
                    date_cancelled timestamp without time zone,
                    eta timestamp without time zone,
                    exec_time double precision,
                    PRIMARY KEY (id)
                )""".formatted(attachment, serialized, serialized, serialized);
    }

    /** Returns an INSERT of {@code count} jobs in {@code state} on {@code channel}, created now. */
    public static String insert(int count, String state, String channel) {
        return """
                INSERT INTO queue_job (uuid, name, model_name, method_name, state, channel, priority, retry, max_retries, date_created,
                    exc_name)
                SELECT md5(random()::text || g::text), 'Export order', 'sale.order', 'export_to_erp', '%s', '%s', 10, 0, 5,
                    now() at time zone 'utc', CASE WHEN '%s' = 'failed' THEN 'requests.exceptions.ConnectionError' END
                FROM generate_series(1, %d) AS g""".formatted(state, channel, state, count);
    }
}
