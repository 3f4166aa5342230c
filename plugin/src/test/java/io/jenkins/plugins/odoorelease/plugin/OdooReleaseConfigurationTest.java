package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.util.FormValidation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class OdooReleaseConfigurationTest {

    @Test
    void formRoundTripKeepsSettings(JenkinsRule r) throws Exception {
        OdooReleaseConfiguration configuration = OdooReleaseConfiguration.get();
        configuration.setFreezeCalendars(List.of(new FreezeCalendarEntry("retail", """
                timeZone: UTC
                windows:
                  - id: black-friday
                    severity: block
                    start: 2027-11-26T00:00
                    end: 2027-11-27T00:00
                """)));
        configuration.setOverrideMaxValidity("12h");
        configuration.setOverrideRequiresSecondPerson(false);
        configuration.setOverrideMinReasonLength(20);
        configuration.setDefaultExpectedDuration("45m");
        configuration.setApprovedRegistries("registry.example.com/platform, ghcr.io/acme-platform");
        configuration.setAllowLocalBaseImages(true);
        configuration.setBackupRpo("30h");
        configuration.setBackupRto(" ");
        configuration.setCanaryPrometheusUrl(" http://prometheus.monitoring:9090 ");
        configuration.setCanaryPlan("steps:\n  - weight: 30\n  - analysis: {}\n  - weight: 100\n");

        r.configRoundtrip();

        OdooReleaseConfiguration reloaded = OdooReleaseConfiguration.get();
        assertEquals(1, reloaded.getFreezeCalendars().size());
        assertEquals("retail", reloaded.getFreezeCalendars().get(0).getName());
        assertEquals("12h", reloaded.getOverrideMaxValidity());
        assertFalse(reloaded.isOverrideRequiresSecondPerson());
        assertEquals(20, reloaded.getOverrideMinReasonLength());
        assertEquals("45m", reloaded.getDefaultExpectedDuration());
        assertEquals(Duration.ofHours(12), reloaded.overridePolicy().maxValidity());
        assertEquals("registry.example.com/platform\nghcr.io/acme-platform", reloaded.getApprovedRegistries());
        assertEquals(List.of("registry.example.com/platform", "ghcr.io/acme-platform"), reloaded.imagePolicy().approvedRegistries());
        assertEquals(true, reloaded.imagePolicy().allowLocalBase());
        assertEquals("30h", reloaded.getBackupRpo());
        assertEquals("1h", reloaded.getBackupRto());
        assertEquals("http://prometheus.monitoring:9090", reloaded.getCanaryPrometheusUrl());
        assertEquals("steps:\n  - weight: 30\n  - analysis: {}\n  - weight: 100", reloaded.getCanaryPlan());
    }

    @Test
    void canaryDefaultsCheckedInForm(JenkinsRule r) {
        OdooReleaseConfiguration configuration = OdooReleaseConfiguration.get();

        assertEquals(FormValidation.Kind.OK, configuration.doCheckCanaryPrometheusUrl("http://prometheus.monitoring:9090").kind);
        assertEquals(FormValidation.Kind.OK, configuration.doCheckCanaryPrometheusUrl("").kind);
        assertEquals(FormValidation.Kind.ERROR, configuration.doCheckCanaryPrometheusUrl("http://user:secret@prometheus:9090").kind);
        assertEquals(FormValidation.Kind.ERROR, configuration.doCheckCanaryPrometheusUrl("prometheus:9090").kind);
        assertEquals(FormValidation.Kind.OK, configuration.doCheckCanaryPlan("steps:\n  - weight: 50\n  - weight: 100\n").kind);
        FormValidation badWeight = configuration.doCheckCanaryPlan("steps:\n  - weight: 150\n");
        assertEquals(FormValidation.Kind.ERROR, badWeight.kind);
        assertTrue(badWeight.getMessage().contains("steps[0].weight"), badWeight.getMessage());
    }
}
