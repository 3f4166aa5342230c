package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.backup.BackupRequest;
import io.jenkins.plugins.odoorelease.backup.BackupVerifier;
import io.jenkins.plugins.odoorelease.backup.OdooBackup;
import io.jenkins.plugins.odoorelease.backup.VerifyRequest;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.pg.PgConnections;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The demo's backup stages: a small Odoo database with two attachments is backed up as Odoo's zip into an S3
 * bucket, and the backup is verified by a restore into a scratch database on the same server.
 */
final class BackupStages {

    static final String DATABASE = "demo_shop";
    static final String BUCKET = "demo-backups";

    private final Clock clock;

    BackupStages(Clock clock) {
        this.clock = clock;
    }

    /** Starts the sandbox, runs both stages and stops the sandbox again, whatever happens. */
    List<StepReport> run(Supplier<BackupSandbox> servers, Path folder, EventSink events) throws IOException, InterruptedException {
        List<StepReport> reports = new ArrayList<>();
        events.info("Starting an embedded PostgreSQL and an in-process S3 store on 127.0.0.1 for the backup stages.");
        try (BackupSandbox sandbox = servers.get()) {
            PgTarget database = createDatabase(sandbox.server());
            Path filestore = writeFilestore(folder.resolve("filestore").resolve(DATABASE), database);
            String bucket = sandbox.createBucket(BUCKET);
            S3Settings s3 = sandbox.s3();
            String location = "s3://" + bucket + "/odoo/" + DATABASE;

            events.info("Stage 3: odooBackup of the embedded database " + DATABASE + " and its filestore to " + location + ".");
            reports.add(new OdooBackup(clock).run(BackupRequest.builder()
                    .database(database.url(), database.user(), database.password())
                    .location(location)
                    .s3(s3.endpoint().toString(), s3.region(), true)
                    .s3Credentials(s3.accessKeyId(), s3.secretAccessKey(), null)
                    .filestore(filestore.toString())
                    .build(), events));

            events.info("Stage 4: odooBackupVerify of the newest backup under " + location + ", restored into a scratch database.");
            reports.add(new BackupVerifier(clock).run(VerifyRequest.builder()
                    .location(location)
                    .s3(s3.endpoint().toString(), s3.region(), true)
                    .s3Credentials(s3.accessKeyId(), s3.secretAccessKey(), null)
                    .scratch(sandbox.server().url(), sandbox.server().user(), sandbox.server().password())
                    .rto("15m")
                    .build(), events));
        } catch (InvalidInputException e) {
            events.warning("The backup stages could not run: " + e.getMessage());
        } catch (InfrastructureException e) {
            events.warning("The backup stages failed: " + e.getMessage());
        }
        return reports;
    }

    private static PgTarget createDatabase(PgTarget server) throws InvalidInputException, InfrastructureException, IOException {
        try (Connection connection = PgConnections.open(server, Duration.ofSeconds(10)); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new InfrastructureException("creating the demo database failed: " + e.getMessage(), server.context(), e);
        }
        PgTarget database = server.withDatabase(DATABASE);
        String schema;
        try (InputStream in = BackupStages.class.getResourceAsStream("demo-odoo.sql")) {
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = PgConnections.open(database, Duration.ofSeconds(10)); Statement statement = connection.createStatement()) {
            statement.execute(schema);
        } catch (SQLException e) {
            throw new InfrastructureException("filling the demo database failed: " + e.getMessage(), database.context(), e);
        }
        return database;
    }

    /** Writes two attachments the way Odoo stores them, with their rows, and returns the filestore folder. */
    private static Path writeFilestore(Path filestore, PgTarget database) throws IOException, InvalidInputException, InfrastructureException {
        try (Connection connection = PgConnections.open(database, Duration.ofSeconds(10));
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ir_attachment (name, type, store_fname, checksum, "
                        + "file_size, mimetype, res_model, res_id) VALUES (?, 'binary', ?, ?, ?, 'text/plain', 'res.partner', 1)")) {
            for (String[] attachment : new String[][] {{"receipt-0001.txt", "Receipt 0001: 2 x espresso, 4.80 EUR\n"},
                {"opening-hours.txt", "Mon-Sat 9:00-19:00\n"}}) {
                byte[] content = attachment[1].getBytes(StandardCharsets.UTF_8);
                String sha1 = sha1(content);
                String storeFname = sha1.substring(0, 2) + "/" + sha1;
                Files.createDirectories(filestore.resolve(sha1.substring(0, 2)));
                Files.write(filestore.resolve(storeFname), content);
                insert.setString(1, attachment[0]);
                insert.setString(2, storeFname);
                insert.setString(3, sha1);
                insert.setInt(4, content.length);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new InfrastructureException("writing the demo attachments failed: " + e.getMessage(), database.context(), e);
        }
        return filestore;
    }

    private static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
