package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.report.Check;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.s3.S3Location;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Tests of the storage policy level (7) against the in-process s3proxy. It implements bucket versioning and returns 501
 * Not Implemented to lifecycle requests, so every versioning state and the "not supported by this store" path run
 * against a real server. Lifecycle rules themselves are checked through {@link StoragePolicy#covers}.
 */
class StoragePolicyTest {

    private static final String PREFIX = "odoo/shop/";

    @Test
    void enabledVersioningPassesVersioningCheck() {
        String bucket = S3Server.createBucket("policy");
        S3Server.setVersioning(bucket, BucketVersioningStatus.ENABLED);

        StepReport report = check(bucket, true, false);

        assertThat(report.findings(VerifyFindings.STORAGE_VERSIONING_OFF.code())).isEmpty();
        assertThat(storageCheck(report).message()).startsWith("versioning enabled, lifecycle not supported by this store");
    }

    @ParameterizedTest(name = "versioning {0}, required {1}")
    @CsvSource({
        "never enabled, true, ERROR, has never been enabled, FAIL",
        "never enabled, false, INFO, has never been enabled, PASS",
        "suspended, true, ERROR, is suspended, FAIL",
        "suspended, false, INFO, is suspended, PASS"})
    void versioningOffReported(String state, boolean required, Severity severity, String described, Verdict level) {
        String bucket = S3Server.createBucket("policy");
        if (state.equals("suspended")) {
            S3Server.setVersioning(bucket, BucketVersioningStatus.ENABLED);
            S3Server.setVersioning(bucket, BucketVersioningStatus.SUSPENDED);
        }

        StepReport report = check(bucket, required, false);

        Finding finding = only(report, VerifyFindings.STORAGE_VERSIONING_OFF);
        assertThat(finding.severity()).isEqualTo(severity);
        assertThat(finding.subject()).isEqualTo(bucket);
        assertThat(finding.message()).contains("Versioning of the bucket " + bucket + " " + described, "enable versioning");
        assertThat(storageCheck(report).message()).startsWith("versioning " + state + ", ");
        // The lifecycle check is not required here, so the store's missing lifecycle support is information too.
        assertThat(storageCheck(report).verdict()).isEqualTo(level);
    }

    @ParameterizedTest(name = "lifecycle required {0}")
    @CsvSource({"true, WARNING, WARN", "false, INFO, PASS"})
    void unsupportedLifecycleNeverFails(boolean required, Severity severity, Verdict level) {
        String bucket = S3Server.createBucket("policy");
        S3Server.setVersioning(bucket, BucketVersioningStatus.ENABLED);

        StepReport report = check(bucket, true, required);

        Finding finding = only(report, VerifyFindings.STORAGE_POLICY_NOT_SUPPORTED);
        assertThat(finding.severity()).isEqualTo(severity);
        assertThat(finding.message()).contains("Bucket lifecycle rules: not supported by this store", "501 NotImplemented");
        assertThat(report.findings(VerifyFindings.STORAGE_NO_LIFECYCLE.code())).isEmpty();
        assertThat(report.findings(VerifyFindings.STORAGE_POLICY_UNREADABLE.code())).isEmpty();
        assertThat(storageCheck(report).verdict()).isEqualTo(level);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "whole bucket, , , , true",
        "empty filter prefix, '', , , true",
        "parent prefix, odoo/, , , true",
        "same prefix, odoo/shop/, , , true",
        "shorter key start, odoo/sh, , , true",
        "other prefix, odoo/other/, , , false",
        "deeper prefix, odoo/shop/old/, , , false",
        "legacy rule prefix, , odoo/, , true",
        "legacy other prefix, , other/, , false",
        "tag filter, , , filter, false",
        "and with prefix, odoo/, , and, true",
        "and with prefix and tag, odoo/, , and-tag, false"})
    void lifecycleRuleCoverage(String name, String filterPrefix, String legacyPrefix, String shape, boolean expected) {
        LifecycleRule rule = rule(filterPrefix, legacyPrefix, shape);

        boolean covered = StoragePolicy.covers(rule, PREFIX);

        assertThat(covered).as("%s covers %s", rule, PREFIX).isEqualTo(expected);
    }

    private static LifecycleRule rule(String filterPrefix, String legacyPrefix, String shape) {
        Tag tag = Tag.builder().key("keep").value("true").build();
        LifecycleRule.Builder rule = LifecycleRule.builder().id("expire").status("Enabled").prefix(legacyPrefix);
        if ("filter".equals(shape)) {
            rule.filter(LifecycleRuleFilter.builder().tag(tag).build());
        } else if ("and".equals(shape)) {
            rule.filter(LifecycleRuleFilter.builder().and(LifecycleRuleAndOperator.builder().prefix(filterPrefix)
                    .objectSizeGreaterThan(0L).build()).build());
        } else if ("and-tag".equals(shape)) {
            rule.filter(LifecycleRuleFilter.builder().and(LifecycleRuleAndOperator.builder().prefix(filterPrefix).tags(tag).build())
                    .build());
        } else if (filterPrefix != null) {
            rule.filter(LifecycleRuleFilter.builder().prefix(filterPrefix).build());
        }
        return rule.build();
    }

    /** Runs the storage policy level alone and returns a report that contains its findings and check. */
    private static StepReport check(String bucket, boolean requireVersioning, boolean requireLifecycle) {
        VerifyLevels levels = new VerifyLevels();
        try (S3Client s3 = S3Server.client()) {
            StoragePolicy.check(s3, new S3Location(bucket, PREFIX), requireVersioning, requireLifecycle, levels);
        }
        StepReport.Builder report = StepReport.builder(BackupVerifier.STEP).startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH);
        levels.addTo(report);
        return report.build();
    }

    private static Check storageCheck(StepReport report) {
        return report.checks().stream().filter(check -> check.name().equals("7 storage policy")).findFirst().orElseThrow();
    }

    private static Finding only(StepReport report, VerifyFindings code) {
        List<Finding> found = report.findings(code.code());
        assertThat(found).as("findings %s in %s", code, report.findings()).hasSize(1);
        return found.get(0);
    }
}
