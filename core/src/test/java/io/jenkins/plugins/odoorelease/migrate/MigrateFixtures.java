package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import io.jenkins.plugins.odoorelease.testing.OdooDatabase;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Addons trees and requests for the migration check's tests. */
final class MigrateFixtures {

    private MigrateFixtures() {
    }

    /**
     * Writes Odoo's own addons for the modules a fresh database of the series has installed, at the versions
     * {@link OdooDatabase#create} records, so that a check against such a database finds them unchanged.
     */
    static AddonTree odooAddons(Path root, int major) {
        AddonTree tree = AddonTree.at(root);
        for (String module : OdooDatabase.freshModules(major)) {
            String depends = switch (module) {
                case "base" -> "";
                case "web" -> "'base'";
                default -> "'base', 'web'";
            };
            tree.module(module, module.equals("base") ? "1.3" : "1.0", depends, "'auto_install': False,");
        }
        return tree;
    }

    /** Returns a request builder for the database with the superuser's credentials and the given addons paths. */
    static MigrateRequest.Builder request(OdooDatabase database, Path... addons) {
        return MigrateRequest.builder()
                .databaseUrl(database.url())
                .databaseUser(PostgresServer.USER)
                .databasePassword(io.jenkins.plugins.odoorelease.common.SecretValue.of(PostgresServer.PASSWORD))
                .addons(java.util.Arrays.stream(addons).map(Path::toString).toList());
    }

    static StepReport run(MigrateRequest.Builder request) throws InvalidInputException, InfrastructureException {
        return new MigrateCheck(Clock.systemUTC()).run(request.build(), EventSink.NONE);
    }

    /** Returns the findings with the code about the subject. */
    static List<Finding> findings(StepReport report, MigrateFindings code, String subject) {
        return report.findings(code.code()).stream().filter(finding -> subject == null || subject.equals(finding.subject())).toList();
    }
}
