package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import org.jvnet.hudson.test.JenkinsRule;

/** Applies configuration-as-code, checks it, saves it through the web form, restarts and checks it again. */
class OdooReleaseCascRoundTripTest extends AbstractRoundTripTest {

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        OdooReleaseConfiguration configuration = OdooReleaseConfiguration.get();
        assertEquals(1, configuration.getFreezeCalendars().size());
        assertEquals("retail", configuration.getFreezeCalendars().get(0).getName());
        assertEquals("12h", configuration.getOverrideMaxValidity());
        assertEquals(15, configuration.getOverrideMinReasonLength());
        assertEquals(java.util.List.of("registry.example.com/platform", "ghcr.io/acme-platform"),
                configuration.imagePolicy().approvedRegistries());
        assertEquals("25h", configuration.getBackupRpo());
        assertEquals("45m", configuration.getBackupRto());
        assertEquals("http://prometheus.monitoring:9090", configuration.getCanaryPrometheusUrl());
        assertEquals("steps:\n  - weight: 20\n  - analysis: {}\n  - weight: 100", configuration.getCanaryPlan());
    }

    @Override
    protected String stringInLogExpected() {
        return "overrideMaxValidity = 12h";
    }
}
