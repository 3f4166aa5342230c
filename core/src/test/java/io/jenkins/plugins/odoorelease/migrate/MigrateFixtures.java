package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import io.jenkins.plugins.odoorelease.testing.OdooModulesDatabase;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Addons trees and requests for the migration check's tests. */
final class MigrateFixtures {

    private MigrateFixtures() {
    }

    static AddonTree odooAddons(Path root, int major) {
        return OdooModulesDatabase.writeOdooAddons(root, major);
    }

    /** Returns a request builder for the database with the superuser's credentials and the given addons paths. */
    static MigrateRequest.Builder request(OdooModulesDatabase database, Path... addons) {
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
