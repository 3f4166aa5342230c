package io.jenkins.plugins.odoorelease.release;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import io.jenkins.plugins.odoorelease.canary.CanaryDemo;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.odoo.AddonChecksum;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.s3.S3Clients;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The sample shop the demo releases: an Odoo 17.0 database with a filestore, addons in which one module is upgraded
 * and one is added, a freeze calendar, a base image, the shop's Kubernetes objects, and the {@code release.yaml} and
 * {@code odoo-release.yaml} that describe the release. The files are written into the demo's folder so that a user
 * can read them and run the same release against real systems.
 */
final class DemoShop {

    static final String DATABASE = "demo_shop";
    static final String BUCKET = "demo-backups";
    static final int SERIES = 17;

    /** The table whose planner statistics the demo sets by hand, and the row count they claim. */
    static final String STAGED_TABLE = "sale_order_line";
    static final String STAGED_ROWS = "5,000,000";

    /** The environment variables the demo's release file refers to for its secrets. */
    static final String DB_PASSWORD_ENV = "DEMO_DB_PASSWORD";
    static final String S3_ACCESS_KEY_ENV = "DEMO_S3_ACCESS_KEY_ID";
    static final String S3_SECRET_KEY_ENV = "DEMO_S3_SECRET_ACCESS_KEY";

    private DemoShop() {
    }

    /** The files the demo wrote, and the environment its release file expects. */
    record Prepared(Path releaseFile, Path platformFile, Map<String, String> env) {
    }

    /**
     * Writes every file of the sample shop into {@code folder} and creates its database on the sandbox's server.
     *
     * @throws IOException when a file or the database cannot be written
     */
    static Prepared prepare(BackupSandbox sandbox, Path folder, LocalDate today, EventSink events) throws IOException, InterruptedException {
        return prepare(sandbox, folder, today, DATABASE, events);
    }

    /** Prepares the shop with its database named {@code database}, so that tests can share one server. */
    static Prepared prepare(BackupSandbox sandbox, Path folder, LocalDate today, String database, EventSink events)
            throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("freeze-calendar.yaml"), Demo.sampleCalendar(today), StandardCharsets.UTF_8);
        Path odooAddons = folder.resolve("addons/odoo");
        Path shopAddons = folder.resolve("addons/shop");
        writeAddons(odooAddons, shopAddons);
        writeBaseImage(folder.resolve("base-image.tar"), folder.resolve(".work"));
        Files.writeString(folder.resolve("shop-kubernetes.yaml"), CanaryDemo.sampleManifests(), StandardCharsets.UTF_8);
        events.info("Wrote the sample shop's freeze calendar, addons, base image and Kubernetes objects to " + folder + ".");

        PgTarget server = sandbox.server();
        createDatabase(server, database, odooAddons, shopAddons, folder.resolve("filestore").resolve(database));
        events.info("Created the sample Odoo " + SERIES + ".0 database " + database + " with its filestore.");
        events.info("Staged for the demo: the planner statistics of " + STAGED_TABLE + " were set by hand to " + STAGED_ROWS
                + " rows, although the table holds 2, so that the migration check has a large table to report. The backup's "
                + "row counts show the real number.");
        S3Settings s3 = sandbox.s3();
        String bucket = sandbox.createBucket(BUCKET);
        enableVersioning(s3, bucket, events);

        Path platformFile = folder.resolve("odoo-release.yaml");
        Files.writeString(platformFile, """
                # The platform settings of 'odoo-release demo'. A platform team writes this file once for all its releases.
                image:
                  # The demo's base image is a local archive, which a real platform would not allow.
                  allowLocalBase: true
                backup:
                  # The demo's in-process S3 store has no lifecycle rules, so their absence is reported as information.
                  # A production bucket needs a rule that expires old backups and incomplete uploads: remove this line.
                  requireLifecycle: false
                """, StandardCharsets.UTF_8);
        Path releaseFile = folder.resolve("release.yaml");
        Files.writeString(releaseFile, releaseYaml(server, database, s3, bucket), StandardCharsets.UTF_8);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(DB_PASSWORD_ENV, server.password().reveal());
        env.put(S3_ACCESS_KEY_ENV, s3.accessKeyId().reveal());
        env.put(S3_SECRET_KEY_ENV, s3.secretAccessKey().reveal());
        return new Prepared(releaseFile, platformFile, env);
    }

    /** Removes the backup and verify sections from the release file, for a machine without pg_dump. */
    static void dropBackupSections(Path releaseFile) throws IOException {
        String text = Files.readString(releaseFile, StandardCharsets.UTF_8);
        StringBuilder kept = new StringBuilder();
        boolean dropping = false;
        for (String line : text.split("\n", -1)) {
            if (!line.startsWith(" ") && !line.startsWith("#") && !line.isEmpty()) {
                dropping = line.startsWith("backup:") || line.startsWith("verify:");
            }
            if (!dropping) {
                kept.append(line).append('\n');
            }
        }
        Files.writeString(releaseFile, kept.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
    }

    private static String releaseYaml(PgTarget server, String database, S3Settings s3, String bucket) {
        return """
                # The release that 'odoo-release demo' ran against the PostgreSQL server and S3 store it started on 127.0.0.1.
                # Those servers stop when the demo exits, and the secrets in DEMO_DB_PASSWORD, DEMO_S3_ACCESS_KEY_ID and
                # DEMO_S3_SECRET_ACCESS_KEY are random values for one run. 'odoo-release demo --keep-servers' keeps the servers
                # running and writes the secrets to demo.env beside this file, so that the file runs as it is until Ctrl-C.
                # To release your own shop with it:
                #   - point database.url, s3.endpoint, s3.region, backup.location and verify.scratchUrl at your own systems;
                #   - refer to your CI server's secret variables, for example password: ${env:ODOO_DB_PASSWORD};
                #   - replace the sample calendar, addons and filestore paths with your repository's;
                #   - set image.image and image.baseImage to your registry, and remove image.tarFile so that the image is pushed;
                #   - remove canary.manifests, give the canary access to your cluster (kubeconfig, or token and apiUrl) and
                #     check canary.prometheusUrl; remove canary.dryRun once a dry run looks right;
                #   - in odoo-release.yaml, remove image.allowLocalBase and backup.requireLifecycle.
                # docs/release.md describes every key. Then run:
                #   odoo-release --config odoo-release.yaml release --config release.yaml
                release:
                  name: demo shop release
                  environment: production
                  tenant: demo-shop
                  revision: demo
                freeze:
                  calendars: [freeze-calendar.yaml]
                  expectedDuration: 45m
                database:
                  url: %s
                  user: %s
                  password: ${env:%s}
                s3:
                  endpoint: %s
                  region: %s
                  pathStyle: true
                  accessKeyId: ${env:%s}
                  secretAccessKey: ${env:%s}
                backup:
                  location: s3://%s/odoo/%s
                  format: zip
                  filestore: filestore/%s
                image:
                  image: odoo-release-demo/shop
                  baseImage: docker-archive:base-image.tar
                  addons: [addons/shop]
                  tags: ["17.0-demo"]
                  series: "%d.0"
                  revisionTime: "2026-01-01T00:00:00Z"
                  source: https://github.com/jenkinsci/odoo-release-plugin
                  tarFile: image/odoo-demo.tar
                  format: oci
                migrate:
                  # Staged: the demo set the planner statistics of sale_order_line to 5,000,000 rows by hand (the table holds 2),
                  # so that this check reports a large table. The backup's row counts in the evidence show the real number.
                  addons: [addons/odoo, addons/shop]
                  series: "%d.0"
                canary:
                  # No cluster here, so the canary is a dry run on the shop's objects in shop-kubernetes.yaml.
                  dryRun: true
                  manifests: shop-kubernetes.yaml
                  namespace: shop
                  deployment: odoo
                  service: odoo
                  traefikService: odoo-weighted
                  prometheusUrl: http://prometheus.monitoring:9090
                  # The release upgrades shop_sale, so old and new code would share one schema during the canary; a real
                  # release would run the upgrade in a maintenance window. The demo goes on to show the rollout plan.
                  allowSchemaChanges: true
                verify:
                  scratchUrl: %s
                  scratchUser: %s
                  scratchPassword: ${env:%s}
                  rpo: 1h
                  rto: 15m
                """.formatted(server.withDatabase(database).url(), server.user(), DB_PASSWORD_ENV, s3.endpoint(), s3.region(),
                S3_ACCESS_KEY_ENV, S3_SECRET_KEY_ENV, bucket, database, database, SERIES, SERIES, server.url(), server.user(),
                DB_PASSWORD_ENV);
    }

    private static void writeAddons(Path odooAddons, Path shopAddons) throws IOException {
        for (String module : SampleOdooDatabase.freshModules(SERIES)) {
            String depends = switch (module) {
                case "base" -> "";
                case "web" -> "'base'";
                default -> "'base', 'web'";
            };
            writeModule(odooAddons, module, module.equals("base") ? "1.3" : "1.0", depends, "");
        }
        writeModule(odooAddons, "sale", "1.2", "'base', 'web'", "");
        writeModule(odooAddons, "stock", "1.1", "'base', 'web'", "");
        // shop_sale is upgraded from 17.0.1.0.0 and now depends on shop_loyalty, which the release adds.
        writeModule(shopAddons, "shop_sale", "17.0.1.1.0", "'sale', 'shop_loyalty'", "");
        writeScript(shopAddons, "shop_sale/migrations/17.0.1.1.0/pre-split_loyalty_points.py");
        writeScript(shopAddons, "shop_sale/migrations/17.0.1.1.0/post-fill_loyalty_cards.py");
        writeScript(shopAddons, "shop_sale/migrations/0.0.0/end-refresh_views.py");
        writeModule(shopAddons, "shop_loyalty", "17.0.1.0.0", "'sale'", "");
        writeModule(shopAddons, "shop_loyalty_stock", "17.0.1.0.0", "'shop_loyalty', 'stock'", "'auto_install': True,");
    }

    private static void writeModule(Path addons, String name, String version, String depends, String more) throws IOException {
        Path module = addons.resolve(name);
        Files.createDirectories(module);
        Files.writeString(module.resolve("__init__.py"), "", StandardCharsets.UTF_8);
        Files.writeString(module.resolve("__manifest__.py"), """
                # Sample module written by 'odoo-release demo'.
                {
                    'name': '%s',
                    'version': '%s',
                    'depends': [%s],
                    'license': 'LGPL-3',
                    %s
                }
                """.formatted(name, version, depends, more), StandardCharsets.UTF_8);
    }

    private static void writeScript(Path addons, String relative) throws IOException {
        Path script = addons.resolve(relative);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "def migrate(cr, version):\n    cr.execute(\"SELECT 1\")\n", StandardCharsets.UTF_8);
    }

    private static void writeBaseImage(Path file, Path work) throws IOException, InterruptedException {
        Path staging = Files.createDirectories(work.resolve("base-files"));
        try {
            SampleBaseImage.builder(staging, SampleBaseImage.USER, SERIES + ".0").containerize(Containerizer.to(TarImage.at(file)
                    .named("odoo-release-demo/sample-base:" + SERIES + ".0"))
                    .setBaseImageLayersCache(work.resolve("base-cache/base"))
                    .setApplicationLayersCache(work.resolve("base-cache/application")));
        } catch (RegistryException | CacheDirectoryCreationException | ExecutionException | InvalidImageReferenceException e) {
            throw new IOException("Cannot write the sample base image: " + e.getMessage(), e);
        } finally {
            Demo.deleteTree(work);
        }
    }

    /**
     * Creates the sample database: the Odoo tables with the installed modules (shop_sale at its old version), the
     * models of shop_sale, statistics that make sale_order_line look like 5 million rows, click-odoo-update's
     * checksums, contacts, and two attachments whose files go into {@code filestore}.
     */
    private static void createDatabase(PgTarget server, String database, Path odooAddons, Path shopAddons, Path filestore)
            throws IOException {
        try (Connection admin = connect(server); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IOException("Cannot create the sample database: " + e.getMessage(), e);
        }
        try (Connection connection = connect(server.withDatabase(database))) {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SampleOdooDatabase.schema(SERIES)) {
                    statement.execute(ddl);
                }
                statement.execute(resource("demo-shop.sql"));
            }
            List<String[]> modules = installedModules();
            insertModules(connection, modules);
            storeChecksums(connection, modules, odooAddons, shopAddons);
            writeAttachments(connection, filestore);
        } catch (SQLException e) {
            throw new IOException("Cannot fill the sample database: " + e.getMessage(), e);
        }
    }

    private static List<String[]> installedModules() {
        List<String[]> modules = new ArrayList<>();
        for (String module : SampleOdooDatabase.freshModules(SERIES)) {
            modules.add(new String[] {module, module.equals("base") ? "17.0.1.3" : "17.0.1.0", module.equals("base") ? "" : "base"});
        }
        modules.add(new String[] {"sale", "17.0.1.2", "base"});
        modules.add(new String[] {"stock", "17.0.1.1", "base"});
        modules.add(new String[] {"shop_sale", "17.0.1.0.0", "sale"});
        return modules;
    }

    private static void insertModules(Connection connection, List<String[]> modules) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ir_module_module (name, state, latest_version, "
                + "shortdesc, author, license, auto_install) VALUES (?, 'installed', ?, ?::jsonb, 'Odoo S.A.', 'LGPL-3', false) RETURNING id");
                PreparedStatement dependency = connection.prepareStatement("INSERT INTO ir_module_module_dependency (module_id, name, "
                        + "auto_install_required) VALUES (?, ?, true)")) {
            for (String[] module : modules) {
                insert.setString(1, module[0]);
                insert.setString(2, module[1]);
                insert.setString(3, "{\"en_US\": \"" + module[0] + "\"}");
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    if (!module[2].isEmpty()) {
                        dependency.setLong(1, row.getLong(1));
                        dependency.setString(2, module[2]);
                        dependency.executeUpdate();
                    }
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO ir_model (model, \"order\", state, name, transient) VALUES "
                    + "('sale.order', 'id', 'base', '{\"en_US\": \"Sales Order\"}', false), "
                    + "('sale.order.line', 'id', 'base', '{\"en_US\": \"Sales Order Line\"}', false)");
            statement.execute("INSERT INTO ir_model_data (name, module, model, res_id) SELECT 'model_' || replace(m.model, '.', '_'), "
                    + "x.module, 'ir.model', m.id FROM ir_model m CROSS JOIN (VALUES ('sale'), ('shop_sale')) AS x(module)");
            // Planner statistics as ANALYZE leaves them for a table of 5 million rows, without inserting them. The demo's
            // output and its release.yaml state that this number is staged.
            statement.execute("UPDATE pg_class SET reltuples = 5000000, relpages = 41667 WHERE oid = '" + STAGED_TABLE + "'::regclass");
        }
    }

    private static void storeChecksums(Connection connection, List<String[]> modules, Path odooAddons, Path shopAddons)
            throws SQLException, IOException {
        AddonChecksum checksum = AddonChecksum.clickOdooDefaults();
        StringBuilder json = new StringBuilder("{");
        for (String[] module : modules) {
            Path directory = Files.isDirectory(odooAddons.resolve(module[0])) ? odooAddons.resolve(module[0]) : shopAddons.resolve(module[0]);
            json.append(json.length() > 1 ? ", " : "").append('"').append(module[0]).append("\": \"").append(checksum.compute(directory))
                    .append('"');
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ir_config_parameter (key, value) VALUES (?, ?)")) {
            insert.setString(1, "module_auto_update.installed_checksums");
            insert.setString(2, json.append('}').toString());
            insert.executeUpdate();
        }
    }

    /** Writes two attachments the way Odoo stores them: the file under its SHA-1, the row with store_fname and checksum. */
    private static void writeAttachments(Connection connection, Path filestore) throws SQLException, IOException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ir_attachment (name, type, store_fname, checksum, "
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
        }
    }

    /** Enables the bucket's versioning, as a production backup bucket has it; a store that refuses gets a warning. */
    private static void enableVersioning(S3Settings s3, String bucket, EventSink events) {
        try (S3Client client = S3Clients.create(s3)) {
            client.putBucketVersioning(request -> request.bucket(bucket)
                    .versioningConfiguration(configuration -> configuration.status(BucketVersioningStatus.ENABLED)));
        } catch (SdkException e) {
            events.warning("Enabling versioning of the bucket " + bucket + " failed (" + e.getMessage()
                    + "), so the verification reports the bucket as unversioned.");
        }
    }

    private static Connection connect(PgTarget target) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.user());
        properties.setProperty("password", target.password().reveal());
        return DriverManager.getConnection(target.url(), properties);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoShop.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the demo resource " + name + " is missing from the engine's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
