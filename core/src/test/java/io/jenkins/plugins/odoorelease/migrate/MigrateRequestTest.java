package io.jenkins.plugins.odoorelease.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrateRequestTest {

    private static MigrateRequest.Builder request() {
        return MigrateRequest.builder().addons(List.of("addons")).databaseUrl("jdbc:postgresql://127.0.0.1/shop");
    }

    @Test
    void timeoutUpToPostgresLimitAccepted() throws Exception {
        MigrateRequest request = request().statementTimeout("24d").lockTimeout("2147483647ms").build();

        assertThat(request.statementTimeout()).isEqualTo(Duration.ofDays(24));
        assertThat(request.lockTimeout()).isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
    }

    @Test
    void timeoutAbovePostgresLimitRejected() {
        assertThatThrownBy(() -> request().statementTimeout("25d").lockTimeout("2147483648ms").build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::path).containsExactly("statementTimeout", "lockTimeout");
                    assertThat(e.problems()).allSatisfy(problem -> assertThat(problem.message())
                            .startsWith("expected a timeout of at most 2147483647ms"));
                });
    }

    @Test
    void addonsFoldersKeepCommas() throws Exception {
        MigrateRequest request = request().addonsFolders(List.of(Path.of("/ws/shop,prod/addons"))).upgradeFolders(List.of(Path.of("/ws/a,b")))
                .build();

        assertThat(request.addons()).containsExactly(Path.of("addons"), Path.of("/ws/shop,prod/addons"));
        assertThat(request.upgradePaths()).containsExactly(Path.of("/ws/a,b"));
    }
}
