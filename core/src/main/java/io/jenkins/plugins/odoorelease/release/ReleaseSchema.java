package io.jenkins.plugins.odoorelease.release;

import static io.jenkins.plugins.odoorelease.release.ConfigValue.BOOLEAN;
import static io.jenkins.plugins.odoorelease.release.ConfigValue.LIST;
import static io.jenkins.plugins.odoorelease.release.ConfigValue.SECRET;
import static io.jenkins.plugins.odoorelease.release.ConfigValue.TEXT;
import static io.jenkins.plugins.odoorelease.release.ConfigValue.TREE;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The keys of each section of {@code release.yaml}. A step's section takes the step's own parameter names, so that a
 * Jenkinsfile and a release file read alike. Connection settings that several steps share have sections of their own.
 */
final class ReleaseSchema {

    /** A section's keys with their types, and the keys it cannot do without. */
    record SectionSchema(Map<String, ConfigValue> keys, Set<String> required) {
    }

    static final Map<String, SectionSchema> SECTIONS = sections();

    private ReleaseSchema() {
    }

    private static Map<String, SectionSchema> sections() {
        Map<String, SectionSchema> sections = new LinkedHashMap<>();
        sections.put("release", new SectionSchema(keys(
                "name", TEXT, "environment", TEXT, "tenant", TEXT, "changeType", TEXT, "revision", TEXT, "evidence", TEXT,
                "failOn", TEXT), Set.of("environment")));
        sections.put("database", new SectionSchema(keys("url", TEXT, "user", TEXT, "password", SECRET), Set.of("url")));
        sections.put("s3", new SectionSchema(keys("endpoint", TEXT, "region", TEXT, "pathStyle", BOOLEAN, "accessKeyId", SECRET,
                "secretAccessKey", SECRET, "sessionToken", SECRET), Set.of()));
        sections.put("freeze", new SectionSchema(keys("calendars", LIST, "expectedDuration", TEXT, "onFreeze", TEXT, "maxWait", TEXT,
                "horizon", TEXT, "overrideReason", TEXT, "overrideApprover", TEXT, "overrideExpires", TEXT, "overrideTicket", TEXT,
                "overrideWindows", LIST, "requestedBy", TEXT, "failOn", TEXT), Set.of()));
        sections.put("backup", new SectionSchema(keys("location", TEXT, "format", TEXT, "filestore", TEXT, "pgDump", TEXT,
                "partSize", TEXT, "failOn", TEXT), Set.of("location")));
        sections.put("image", new SectionSchema(keys("image", TEXT, "baseImage", TEXT, "addons", LIST, "tags", LIST,
                "odooConfig", TEXT, "series", TEXT, "user", TEXT, "revisionTime", TEXT, "source", TEXT, "version", TEXT,
                "tarFile", TEXT, "format", TEXT, "platform", TEXT, "addonsRoot", TEXT, "registryUsername", TEXT,
                "registryPassword", SECRET, "baseRegistryUsername", TEXT, "baseRegistryPassword", SECRET, "allowFloatingBase", BOOLEAN,
                "allowTagOverwrite", BOOLEAN, "allowInsecureRegistry", BOOLEAN, "cacheDirectory", TEXT, "failOn", TEXT),
                Set.of("image", "baseImage", "addons")));
        sections.put("migrate", new SectionSchema(keys("addons", LIST, "series", TEXT, "install", LIST, "upgradePaths", LIST,
                "largeTableRows", TEXT, "longTransaction", TEXT, "connectionUsage", TEXT, "statementTimeout", TEXT, "lockTimeout", TEXT,
                "checksums", BOOLEAN, "failOn", TEXT), Set.of("addons")));
        sections.put("canary", new SectionSchema(keys("namespace", TEXT, "deployment", TEXT, "service", TEXT, "image", TEXT,
                "traefikService", TEXT, "servicePort", TEXT, "container", TEXT, "canaryReplicas", TEXT, "stickyCookie", TEXT,
                "plan", TREE, "weights", TEXT, "analysisInterval", TEXT, "analysisCount", TEXT, "failureLimit", TEXT,
                "inconclusiveLimit", TEXT, "minRequests", TEXT, "onInconclusive", TEXT, "maxErrorRate", TEXT, "maxLatency", TEXT,
                "maxQueueGrowth", TEXT, "maxFailedJobs", TEXT, "maxRestarts", TEXT, "maxHealthSeconds", TEXT, "dryRun", BOOLEAN, "manifests", TEXT,
                "readyTimeout", TEXT, "promoteTimeout", TEXT, "kubeconfig", SECRET, "context", TEXT, "token", SECRET, "apiUrl", TEXT,
                "caFile", TEXT, "prometheusUrl", TEXT, "prometheusToken", SECRET, "allowSchemaChanges", BOOLEAN,
                "onFreeze", TEXT, "freezeMaxWait", TEXT, "failOn", TEXT), Set.of("namespace", "deployment", "service")));
        sections.put("verify", new SectionSchema(keys("location", TEXT, "key", TEXT, "scratchUrl", TEXT, "scratchUser", TEXT,
                "scratchPassword", SECRET, "scratchPrefix", TEXT, "rpo", TEXT, "rto", TEXT, "attachments", TEXT, "keepScratch", BOOLEAN,
                "pgRestore", TEXT, "maxCompressionRatio", TEXT, "requireVersioning", BOOLEAN, "requireLifecycle", BOOLEAN, "failOn", TEXT),
                Set.of("scratchUrl")));
        return sections;
    }

    private static Map<String, ConfigValue> keys(Object... pairs) {
        Map<String, ConfigValue> keys = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put((String) pairs[i], (ConfigValue) pairs[i + 1]);
        }
        return keys;
    }
}
