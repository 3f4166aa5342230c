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
 * Each comparison runs several rounds and alternates which side goes first. The output gives every round and the median.
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
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        restoreBenchmark(work, targetBytes, rounds);
        attachmentBenchmark(work, rounds);
    }

    private static void restoreBenchmark(Path work, long targetBytes, int rounds) throws Exception {
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

        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // Odd rounds start with psql, even rounds with the engine, so that neither always meets a colder server.
            boolean psqlFirst = round % 2 == 1;
            double psqlSeconds = 0;
            double engineSeconds = 0;
            for (int turn = 0; turn < 2; turn++) {
                if ((turn == 0) == psqlFirst) {
                    psqlSeconds = restoreWithPsql(dump, round);
                } else {
                    engineSeconds = restoreWithEngine(dump, round);
                }
            }
            double ratio = engineSeconds / psqlSeconds;
            ratios.add(ratio);
            System.out.printf(Locale.ROOT, "restore round %d (%s first): psql -1 -f %.1f s, engine %.1f s, ratio engine/psql %.3f (target <= 1.15)%n",
                    round, psqlFirst ? "psql" : "engine", psqlSeconds, engineSeconds, ratio);
        }
        System.out.printf(Locale.ROOT, "restore: median ratio engine/psql %.3f over %d rounds (target <= 1.15)%n", median(ratios), rounds);
    }

    /**
     * Restores with psql. PGOPTIONS gives it the two session settings that the engine's restore sets itself, so both
     * sides run under the same settings.
     */
    private static double restoreWithPsql(Path dump, int round) throws Exception {
        String target = PostgresServer.createDatabase("bench_psql_" + round);
        long start = System.nanoTime();
        run(List.of("psql", "-q", "-X", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", "-1", "-f", dump.toString(), "-d", target), target,
                "-c synchronous_commit=off -c maintenance_work_mem=256MB");
        double seconds = (System.nanoTime() - start) / 1e9;
        PostgresServer.execute("postgres", "DROP DATABASE " + target);
        return seconds;
    }

    private static double restoreWithEngine(Path dump, int round) throws Exception {
        String target = PostgresServer.createDatabase("bench_engine_" + round);
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(PostgresServer.url(target), PostgresServer.USER, PostgresServer.PASSWORD);
                InputStream in = new BufferedInputStream(Files.newInputStream(dump), 1 << 16)) {
            new SqlScriptRestorer(connection, EventSink.NONE, "bench", Files.size(dump)).restore(in);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PostgresServer.execute("postgres", "DROP DATABASE " + target);
        return seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void attachmentBenchmark(Path work, int rounds) throws Exception {
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

        // The JVM compiles SHA-1 after a few thousand blocks; a verification of a real filestore runs long past that, so the
        // timed runs start warm, as sha1sum's machine code does.
        AttachmentCheck warmUp = new AttachmentCheck(AttachmentMode.ALL);
        for (Path file : files.subList(0, 500)) {
            try (InputStream in = Files.newInputStream(file)) {
                warmUp.file(filestore.relativize(file).toString(), in);
            }
        }

        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean sha1sumFirst = round % 2 == 1;
            double sha1sumSeconds = 0;
            double engineSeconds = 0;
            for (int turn = 0; turn < 2; turn++) {
                if ((turn == 0) == sha1sumFirst) {
                    sha1sumSeconds = hashWithSha1sum(filestore);
                } else {
                    engineSeconds = checkWithEngine(filestore, database);
                }
            }
            double ratio = sha1sumSeconds / engineSeconds;
            ratios.add(ratio);
            System.out.printf(Locale.ROOT,
                    "attachments round %d (%s first): sha1sum %.2f s, engine %.2f s, speed ratio engine/sha1sum %.3f (target >= 0.8)%n",
                    round, sha1sumFirst ? "sha1sum" : "engine", sha1sumSeconds, engineSeconds, ratio);
        }
        System.out.printf(Locale.ROOT, "attachments: median speed ratio engine/sha1sum %.3f over %d rounds (target >= 0.8)%n",
                median(ratios), rounds);
        PostgresServer.execute("postgres", "DROP DATABASE " + database);
    }

    private static double hashWithSha1sum(Path filestore) throws Exception {
        long start = System.nanoTime();
        Process sha1sum = new ProcessBuilder("sh", "-c", "find . -type f -print0 | xargs -0 sha1sum > /dev/null").directory(filestore.toFile())
                .inheritIO().start();
        if (sha1sum.waitFor() != 0) {
            throw new IllegalStateException("sha1sum failed with exit code " + sha1sum.exitValue() + " in " + filestore);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double checkWithEngine(Path filestore, String database) throws Exception {
        long start = System.nanoTime();
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
        double seconds = (System.nanoTime() - start) / 1e9;
        if (outcome.checked() != 10_000 || outcome.mismatched() != 0 || outcome.missing() != 0) {
            throw new IllegalStateException("the engine checked " + outcome.checked() + " files with " + outcome.mismatched()
                    + " mismatches and " + outcome.missing() + " missing");
        }
        return seconds;
    }

    /** Reads a file once so that both contestants find it in the page cache. */
    private static void warm(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static void run(List<String> command, String database) throws Exception {
        run(command, database, "");
    }

    private static void run(List<String> command, String database, String options) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (!options.isEmpty()) {
            builder.environment().put("PGOPTIONS", options);
        }
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
