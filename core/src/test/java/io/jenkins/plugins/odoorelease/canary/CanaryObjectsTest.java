package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import org.junit.jupiter.api.Test;

class CanaryObjectsTest {

    private static Container container(String[] command, String... args) {
        return new ContainerBuilder().withName("odoo").withImage("odoo:17.0").withCommand(command).withArgs(args).build();
    }

    @Test
    void cronOptionAppendedForOfficialImage() throws Exception {
        assertThat(CanaryObjects.argsWithoutCron(container(new String[0]))).containsExactly("--max-cron-threads=0");
        assertThat(CanaryObjects.argsWithoutCron(container(new String[0], "--", "--workers=4")))
                .containsExactly("--", "--workers=4", "--max-cron-threads=0");
    }

    @Test
    void cronOptionReplacedInBothSpellings() throws Exception {
        assertThat(CanaryObjects.argsWithoutCron(container(new String[] {"/usr/bin/odoo"}, "--max-cron-threads=4", "-d", "shop")))
                .containsExactly("--max-cron-threads=0", "-d", "shop");
        assertThat(CanaryObjects.argsWithoutCron(container(new String[] {"odoo"}, "--max-cron-threads", "4")))
                .containsExactly("--max-cron-threads", "0");
    }

    @Test
    void shellEntrypointRejected() {
        assertThatThrownBy(() -> CanaryObjects.argsWithoutCron(container(new String[] {"/bin/sh", "-c"}, "exec odoo --workers=4")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the container starts a shell (/bin/sh), so the canary cannot switch its cron threads off");
    }

    @Test
    void labelValuesKeptWithinSixtyThreeCharacters() {
        String longValue = "a".repeat(60);

        assertThat(CanaryMetadata.canaryValue(longValue)).hasSize(63).endsWith("-canary");
        assertThat(CanaryMetadata.canaryValue("web.")).isEqualTo("web-canary");
    }
}
