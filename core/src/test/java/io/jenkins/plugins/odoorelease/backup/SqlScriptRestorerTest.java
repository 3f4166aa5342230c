package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptRestorerTest {

    private static List<Boolean> ends(String sql) {
        SqlLexer lexer = new SqlLexer();
        List<Boolean> ends = new ArrayList<>();
        for (byte b : sql.getBytes(StandardCharsets.UTF_8)) {
            ends.add(lexer.accept(b));
        }
        return ends;
    }

    private static int statementCount(String sql) {
        return (int) ends(sql).stream().filter(end -> end).count();
    }

    @Test
    void semicolonsInsideQuotesAndCommentsDoNotSplit() {
        assertThat(statementCount("SELECT 'a;b', \"c;d\" -- e;f\n/* g; /* nested; */ h; */ FROM t;")).isEqualTo(1);
        assertThat(statementCount("SELECT $$ x; $$, $tag$ $$; $tag$, $1;")).isEqualTo(1);
        assertThat(statementCount("SELECT E'it\\'s; fine', 'it''s; fine';")).isEqualTo(1);
        assertThat(statementCount("SELECT a$b; SELECT 2;")).isEqualTo(2);
    }

    @Test
    void atomicBodyKeptTogether() {
        String function = "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC\n SELECT CASE WHEN true THEN 1 END;\n"
                + " SELECT 2;\nEND;";

        assertThat(statementCount(function + " SELECT 3;")).isEqualTo(2);
        assertThat(statementCount("BEGIN; SELECT 1; END;")).isEqualTo(3);
    }

    @Test
    void parenthesesKeepRuleActionsTogether() {
        String rule = "CREATE RULE log_insert AS\n    ON INSERT TO public.t DO ( INSERT INTO public.log_a (x)\n  VALUES (new.x);\n"
                + " INSERT INTO public.log_b (x)\n  VALUES (new.x);\n);";

        assertThat(statementCount(rule + "\nSELECT 1;")).isEqualTo(2);
        assertThat(statementCount("SELECT ';(' AS a, \"(\" FROM t; SELECT 2;")).isEqualTo(2);
        assertThat(statementCount("SELECT 1); SELECT 2;")).isEqualTo(2);
    }

    @Test
    void nonStandardStringsTreatBackslashAsEscape() {
        SqlLexer lexer = new SqlLexer();
        lexer.standardConformingStrings(false);
        int count = 0;
        for (byte b : "SELECT 'a\\'; b';".getBytes(StandardCharsets.UTF_8)) {
            count += lexer.accept(b) ? 1 : 0;
        }

        assertThat(count).isEqualTo(1);
    }

    @Test
    void restoresTrickyScriptInOneTransaction() throws Exception {
        String database = PostgresServer.createDatabase("sqlrestore");
        String script = "\\restrict abc123\n"
                + "SET standard_conforming_strings = on;\n"
                + "SET client_encoding = 'UTF8';\n"
                + "SELECT pg_catalog.set_config('search_path', '', false);\n"
                + "-- leading comment; with semicolon\n"
                + "CREATE TABLE public.\"odd;name\" (id integer, note text);\n"
                + "ALTER TABLE public.\"odd;name\" OWNER TO someone_who_does_not_exist;\n"
                + "GRANT ALL ON TABLE public.\"odd;name\" TO odoo;\n"
                + "CREATE FUNCTION public.twice(x integer) RETURNS integer LANGUAGE plpgsql AS $_$\nBEGIN\n  RETURN x * 2; -- ;\nEND;\n$_$;\n"
                + "COPY public.\"odd;name\" (id, note) FROM stdin;\n"
                + "1\tsemi; colon\n"
                + "2\tback\\\\slash and \\\\.\n"
                + "3\t\\N\n"
                + "4\tcaf\u00e9 \u2014 \u00fc\n"
                + "\\.\n"
                + "COMMENT ON TABLE public.\"odd;name\" IS E'it\\'s; odd';\n"
                + "\\unrestrict abc123\n";

        SqlScriptRestorer.Stats stats;
        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD)) {
            stats = new SqlScriptRestorer(connection, EventSink.NONE, "test", -1).restore(stream(script));
        }

        assertThat(stats.rows).isEqualTo(4);
        assertThat(stats.skipped).isEqualTo(5);
        assertThat(PostgresServer.queryInt(database, "SELECT public.twice(21)")).isEqualTo(42);
        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT note, obj_description('public.\"odd;name\"'::regclass) FROM public.\"odd;name\" ORDER BY id")) {
            List<String> notes = new ArrayList<>();
            String comment = null;
            while (rows.next()) {
                notes.add(rows.getString(1));
                comment = rows.getString(2);
            }
            assertThat(notes).containsExactly("semi; colon", "back\\slash and \\.", null, "caf\u00e9 \u2014 \u00fc");
            assertThat(comment).isEqualTo("it's; odd");
        }
    }

    @Test
    void ownerStatementsSkippedAndLookalikesRestored() throws Exception {
        String database = PostgresServer.createDatabase("sqlrestore");
        String script = "CREATE TABLE public.notes (id integer, note text);\n"
                + "CREATE TABLE public.log_a (x integer);\n"
                + "CREATE TABLE public.log_b (x integer);\n"
                + "CREATE TABLE public.\"Odd \"\"Name\"\"\" (id integer);\n"
                + "CREATE FUNCTION public.twice(x integer, y text) RETURNS integer LANGUAGE sql AS 'SELECT x * 2';\n"
                + "CREATE FUNCTION public.same(a integer, b integer) RETURNS boolean LANGUAGE sql AS 'SELECT a = b';\n"
                + "CREATE OPERATOR public.=== (FUNCTION = public.same, LEFTARG = integer, RIGHTARG = integer);\n"
                + "ALTER TABLE public.notes OWNER TO someone_who_does_not_exist;\n"
                + "ALTER TABLE public.\"Odd \"\"Name\"\"\" OWNER TO \"Someone Else\";\n"
                + "ALTER FUNCTION public.twice(x integer, y text) OWNER TO someone_who_does_not_exist;\n"
                + "ALTER OPERATOR public.=== (integer, integer) OWNER TO someone_who_does_not_exist;\n"
                + "ALTER SCHEMA public OWNER TO pg_database_owner;\n"
                + "ALTER TABLE public.notes ADD CONSTRAINT notes_chk CHECK ((lower(note) <> 'transfer owner to customer'::text)) "
                + "NOT VALID;\n"
                + "COMMENT ON TABLE public.notes IS 'alter table x owner to y;';\n"
                + "CREATE RULE log_insert AS\n    ON INSERT TO public.notes DO ( INSERT INTO public.log_a (x)\n  VALUES (new.id);\n"
                + " INSERT INTO public.log_b (x)\n  VALUES (new.id);\n);\n"
                + "INSERT INTO public.notes VALUES (1, 'first');\n";

        SqlScriptRestorer.Stats stats;
        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD)) {
            stats = new SqlScriptRestorer(connection, EventSink.NONE, "test", -1).restore(stream(script));
        }

        assertThat(stats.skipped).isEqualTo(5);
        assertThat(PostgresServer.queryInt(database, "SELECT count(*) FROM pg_constraint WHERE conname = 'notes_chk'")).isEqualTo(1);
        assertThat(PostgresServer.queryInt(database, "SELECT count(*) FROM pg_description WHERE description = 'alter table x owner to y;'"))
                .isEqualTo(1);
        assertThat(PostgresServer.queryInt(database, "SELECT count(*) FROM public.log_a")).isEqualTo(1);
        assertThat(PostgresServer.queryInt(database, "SELECT count(*) FROM public.log_b")).isEqualTo(1);
    }

    @Test
    void firstErrorStopsAndRollsBack() throws Exception {
        String database = PostgresServer.createDatabase("sqlrestore");
        String script = "CREATE TABLE kept (id integer);\n\nINSERT INTO missing VALUES (1);\nCREATE TABLE never (id integer);\n";

        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD)) {
            assertThatThrownBy(() -> new SqlScriptRestorer(connection, EventSink.NONE, "test", -1).restore(stream(script)))
                    .isInstanceOf(SqlScriptRestorer.RestoreException.class)
                    .hasMessageContaining("relation \"missing\" does not exist")
                    .satisfies(e -> assertThat(((SqlScriptRestorer.RestoreException) e).line()).isEqualTo(3));
        }
        assertThat(PostgresServer.queryInt(database, "SELECT count(*) FROM pg_tables WHERE tablename IN ('kept', 'never')")).isZero();
    }

    @Test
    void lastProgressCoversWholeScript() throws Exception {
        String database = PostgresServer.createDatabase("sqlrestore");
        String script = "CREATE TABLE t (id integer);\nCOPY t (id) FROM stdin;\n1\n2\n\\.\n";
        List<long[]> progress = new ArrayList<>();
        EventSink events = new EventSink() {
            @Override
            public void log(io.jenkins.plugins.odoorelease.common.LogLevel level, String message) {
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
                progress.add(new long[] {done, total});
            }
        };

        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD)) {
            new SqlScriptRestorer(connection, events, "test", -1).restore(stream(script));
        }

        long size = script.getBytes(StandardCharsets.UTF_8).length;
        assertThat(progress.get(progress.size() - 1)).containsExactly(size, size);
    }

    @Test
    void truncatedCopyRejected() throws Exception {
        String database = PostgresServer.createDatabase("sqlrestore");
        String script = "CREATE TABLE t (id integer);\nCOPY t (id) FROM stdin;\n1\n2\n";

        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD)) {
            assertThatThrownBy(() -> new SqlScriptRestorer(connection, EventSink.NONE, "test", -1).restore(stream(script)))
                    .hasMessageContaining("without the \\. line; the dump is truncated");
        }
    }

    @Test
    void otherMetaCommandRejected() throws Exception {
        String database = PostgresServer.createDatabase("sqlrestore");

        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD)) {
            assertThatThrownBy(() -> new SqlScriptRestorer(connection, EventSink.NONE, "test", -1)
                    .restore(stream("SELECT 1;\n\\connect other\nSELECT 2;\n")))
                    .hasMessageContaining("the psql meta-command \\connect is not supported");
        }
    }

    @Test
    void copyRowsSpanningBufferBoundaries() throws Exception {
        String database = PostgresServer.createDatabase("sqlrestore");
        StringBuilder script = new StringBuilder("CREATE TABLE big (id integer, payload text);\nCOPY big (id, payload) FROM stdin;\n");
        String payload = "x".repeat(997) + "\\\\";
        int rows = 3 * SqlScriptRestorer.BUFFER_SIZE / 1000;
        for (int i = 0; i < rows; i++) {
            script.append(i).append('\t').append(payload).append('\n');
        }
        script.append("\\.\nSELECT 1;\n");

        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD)) {
            new SqlScriptRestorer(connection, EventSink.NONE, "test", -1).restore(stream(script.toString()));
        }

        assertThat(PostgresServer.queryInt(database, "SELECT count(*) FROM big WHERE right(payload, 1) = '\\'")).isEqualTo(rows);
    }

    private static InputStream stream(String script) {
        return new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8));
    }
}
