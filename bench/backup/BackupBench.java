package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Compares the engine with the standard tools in one run, on an embedded PostgreSQL 15 on 127.0.0.1:
 * (a) restoring the same plain dump.sql of at least 1 GiB with psql -1 -f and with the engine's JDBC restore;
 * (b) hashing 10,000 filestore files with sha1sum and with the engine's attachment check.
 * Run it through run.sh, which holds the JVM to -Xmx256m.
 */
public final class BackupBench {

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench-backup");
        long targetBytes = args.length > 1 ? Long.parseLong(args[1]) : 1L << 30;
        Files.createDirectories(work);
        System.out.println("JVM max heap: " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        restoreBenchmark(work, targetBytes);
        attachmentBenchmark(work);
    }

    private static void restoreBenchmark(Path work, long targetBytes) throws Exception {
        Path dump = work.resolve("dump.sql");
        if (!Files.exists(dump) || Files.size(dump) < targetBytes) {
            String source = PostgresServer.createDatabase("bench_source");
            long rows = targetBytes / 170 + 1;
            System.out.println("Generating " + rows + " rows in " + source + "...");
            PostgresServer.execute(source,
                    "CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar NOT NULL, email varchar, comment text, "
                            + "active boolean DEFAULT true, company_id integer, create_date timestamp without time zone)",
                    "INSERT INTO res_partner (name, email, comment, company_id, create_date) SELECT 'Partner ' || i || ' ' || md5(i::text), "
                            + "'p' || i || '@example.com', repeat(md5((i * 7)::text), 2) || E'\\t; \\\\ ''quoted''', i % 5, "
                            + "timestamp '2024-01-01' + i * interval '1 second' FROM generate_series(1, " + rows + ") AS i",
                    "CREATE INDEX res_partner_email_index ON res_partner (email)",
                    "CREATE INDEX res_partner_company_index ON res_partner (company_id)");
            run(List.of("pg_dump", "--no-owner", "--format=plain", "--file=" + dump, source), source);
        }
        System.out.printf(Locale.ROOT, "dump.sql: %.2f GiB%n", Files.size(dump) / (double) (1L << 30));
        warm(dump);

        String psqlTarget = PostgresServer.createDatabase("bench_psql");
        long start = System.nanoTime();
        run(List.of("psql", "-q", "-X", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", "-1", "-f", dump.toString(), "-d", psqlTarget),
                psqlTarget);
        double psqlSeconds = (System.nanoTime() - start) / 1e9;

        String engineTarget = PostgresServer.createDatabase("bench_engine");
        start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(PostgresServer.url(engineTarget), PostgresServer.USER, PostgresServer.PASSWORD);
                InputStream in = new BufferedInputStream(Files.newInputStream(dump), 1 << 16)) {
            new SqlScriptRestorer(connection, EventSink.NONE, "bench", Files.size(dump)).restore(in);
        }
        double engineSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "restore: psql -1 -f %.1f s, engine %.1f s, ratio engine/psql %.3f (target <= 1.15)%n",
                psqlSeconds, engineSeconds, engineSeconds / psqlSeconds);
        PostgresServer.execute("postgres", "DROP DATABASE " + psqlTarget, "DROP DATABASE " + engineTarget);
    }

    private static void attachmentBenchmark(Path work) throws Exception {
        Path filestore = work.resolve("filestore");
        String database = PostgresServer.createDatabase("bench_attachments");
        PostgresServer.execute(database, "CREATE TABLE ir_attachment (id serial PRIMARY KEY, name varchar NOT NULL, type varchar NOT NULL, "
                + "store_fname varchar, checksum varchar(40), file_size integer)");
        Random random = new Random(42);
        List<Path> files = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD);
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO ir_attachment (name, type, store_fname, checksum, file_size) VALUES (?, 'binary', ?, ?, ?)")) {
            for (int i = 0; i < 10_000; i++) {
                byte[] content = new byte[1024 + random.nextInt(63 * 1024)];
                random.nextBytes(content);
                String sha1 = io.jenkins.plugins.odoorelease.testing.OdooDatabase.sha1(content);
                Path file = filestore.resolve(sha1.substring(0, 2)).resolve(sha1);
                Files.createDirectories(file.getParent());
                Files.write(file, content);
                files.add(file);
                insert.setString(1, "file-" + i);
                insert.setString(2, sha1.substring(0, 2) + "/" + sha1);
                insert.setString(3, sha1);
                insert.setInt(4, content.length);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
            warm(file);
        }
        System.out.printf(Locale.ROOT, "filestore: %d files, %.0f MiB%n", files.size(), bytes / (double) (1 << 20));

        long start = System.nanoTime();
        Process sha1sum = new ProcessBuilder("sh", "-c", "find . -type f -print0 | xargs -0 sha1sum > /dev/null").directory(filestore.toFile())
                .inheritIO().start();
        if (sha1sum.waitFor() != 0) {
            throw new IllegalStateException("sha1sum failed");
        }
        double sha1sumSeconds = (System.nanoTime() - start) / 1e9;

        // The JVM compiles SHA-1 after a few thousand blocks; a verification of a real filestore runs long past that, so the
        // timed run starts warm, as sha1sum's machine code does.
        AttachmentCheck warmUp = new AttachmentCheck(AttachmentMode.ALL);
        for (Path file : files.subList(0, 500)) {
            try (InputStream in = Files.newInputStream(file)) {
                warmUp.file(filestore.relativize(file).toString(), in);
            }
        }

        start = System.nanoTime();
        AttachmentCheck check = new AttachmentCheck(AttachmentMode.ALL);
        try (Connection connection = DriverManager.getConnection(PostgresServer.url(database), PostgresServer.USER, PostgresServer.PASSWORD)) {
            check.load(connection);
        }
        try (Stream<Path> walk = Files.walk(filestore)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    check.file(filestore.relativize(file).toString(), in);
                }
            }
        }
        AttachmentCheck.Outcome outcome = check.outcome();
        double engineSeconds = (System.nanoTime() - start) / 1e9;
        if (outcome.checked() != 10_000 || outcome.mismatched() != 0 || outcome.missing() != 0) {
            throw new IllegalStateException("the engine checked " + outcome.checked() + " files with " + outcome.mismatched()
                    + " mismatches and " + outcome.missing() + " missing");
        }
        System.out.printf(Locale.ROOT, "attachments: sha1sum %.2f s, engine %.2f s, speed ratio engine/sha1sum %.3f (target >= 0.8)%n",
                sha1sumSeconds, engineSeconds, sha1sumSeconds / engineSeconds);
        PostgresServer.execute("postgres", "DROP DATABASE " + database);
    }

    /** Reads a file once so that both contestants find it in the page cache. */
    private static void warm(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static void run(List<String> command, String database) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("PGHOST", "127.0.0.1");
        builder.environment().put("PGPORT", String.valueOf(PostgresServer.port()));
        builder.environment().put("PGUSER", PostgresServer.USER);
        builder.environment().put("PGPASSWORD", PostgresServer.PASSWORD);
        builder.environment().put("PGDATABASE", database);
        Process process = builder.start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue());
        }
    }
}
