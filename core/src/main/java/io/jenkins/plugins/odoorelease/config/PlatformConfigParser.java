package io.jenkins.plugins.odoorelease.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code odoo-release.yaml}, collecting every problem with its path before giving up. */
public final class PlatformConfigParser {

    /** The top-level sections; an unknown one is an error, so that a typo never switches platform settings off. */
    static final Set<String> SECTIONS = Set.of("freeze", "image", "backup", "canary");
    /** The canary's platform defaults; the image section's keys are checked by the image policy. */
    private static final Set<String> CANARY_KEYS = Set.of("plan", "prometheusUrl");
    /** The backup verification's platform defaults: durations and storage-policy switches. */
    private static final Set<String> BACKUP_DURATIONS = Set.of("rpo", "rto");
    private static final Set<String> BACKUP_FLAGS = Set.of("requireVersioning", "requireLifecycle");
    private static final Set<String> FREEZE_KEYS = Set.of("calendars", "overrideApprovers", "overridePolicy", "expectedDuration");
    private static final Set<String> POLICY_KEYS = Set.of("maxValidity", "distinctApprover", "minReasonLength");
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final String source;
    private final Path baseDirectory;
    private final List<Problem> problems = new ArrayList<>();

    private PlatformConfigParser(Path file) {
        this.source = file.toString();
        this.baseDirectory = file.toAbsolutePath().getParent();
    }

    /**
     * Reads the file.
     *
     * @throws InvalidInputException when the file is missing, not YAML, or has invalid values
     */
    public static PlatformConfig read(Path file) throws InvalidInputException {
        String content;
        try {
            content = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(new Problem(file.toString(), null, null,
                    "configuration file not found; create it, or point --config or $ODOO_RELEASE_CONFIG at an existing file"));
        } catch (IOException e) {
            throw new InvalidInputException(List.of(new Problem(file.toString(), null, null, "cannot read the configuration: "
                    + e.getMessage())), Map.of("file", file.toString()), e);
        }
        return new PlatformConfigParser(file).parse(content, file);
    }

    private PlatformConfig parse(String content, Path file) throws InvalidInputException {
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidInputException(new Problem(source, null, null, "invalid YAML" + where + ": " + e.getOriginalMessage()));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new PlatformConfig(file, PlatformConfig.DEFAULTS.freeze(), Map.of());
        }
        if (!root.isObject()) {
            throw new InvalidInputException(new Problem(source, "", null, "expected a mapping of sections such as 'freeze'"));
        }
        if (root.has("release") && root.path("release").has("environment")) {
            throw new InvalidInputException(new Problem(source, null, null, "this is a release file, not the platform's "
                    + "odoo-release.yaml: give it to 'release --config' and the platform file before the command, as "
                    + "'odoo-release --config odoo-release.yaml release --config release.yaml'"));
        }
        PlatformConfig.FreezeSettings freeze = freeze(root.path("freeze"));
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!SECTIONS.contains(field.getKey())) {
                problems.add(new Problem(source, field.getKey(), null, "unknown section; expected one of "
                        + Text.quotedChoice(SECTIONS.stream().sorted().toList(), "or")));
            } else if (!field.getKey().equals("freeze")) {
                if (field.getKey().equals("canary")) {
                    checkCanary(field.getValue());
                } else if (field.getKey().equals("backup")) {
                    checkBackup(field.getValue());
                }
                sections.put(field.getKey(), field.getValue());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new PlatformConfig(file, freeze, sections);
    }

    private void checkCanary(JsonNode node) {
        if (!node.isObject()) {
            problems.add(new Problem(source, "canary", node.toString(), "expected a mapping with 'plan' and 'prometheusUrl'"));
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CANARY_KEYS.contains(name)) {
                problems.add(new Problem(source, "canary." + name, null, "unknown key; expected 'plan' or 'prometheusUrl'"));
            }
        }
    }

    private void checkBackup(JsonNode node) {
        List<String> keys = new ArrayList<>(BACKUP_DURATIONS);
        keys.addAll(BACKUP_FLAGS);
        keys.sort(null);
        if (!node.isObject()) {
            problems.add(new Problem(source, "backup", node.toString(), "expected a mapping with " + Text.quotedChoice(keys, "and")));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = "backup." + field.getKey();
            JsonNode value = field.getValue();
            if (BACKUP_DURATIONS.contains(field.getKey())) {
                duration(value.asText(), key);
            } else if (BACKUP_FLAGS.contains(field.getKey())) {
                if (!value.isBoolean()) {
                    problems.add(new Problem(source, key, value.toString(), "expected true or false"));
                }
            } else {
                problems.add(new Problem(source, key, null, "unknown key; expected " + Text.quotedChoice(keys, "or")));
            }
        }
    }

    private PlatformConfig.FreezeSettings freeze(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return PlatformConfig.DEFAULTS.freeze();
        }
        if (!node.isObject()) {
            problems.add(new Problem(source, "freeze", node.toString(), "expected a mapping with " + Text.quotedChoice(FREEZE_KEYS.stream().sorted().toList(), "and")));
            return PlatformConfig.DEFAULTS.freeze();
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FREEZE_KEYS.contains(name)) {
                problems.add(new Problem(source, "freeze." + name, null, "unknown key; expected one of "
                        + Text.quotedChoice(FREEZE_KEYS.stream().sorted().toList(), "or")));
            }
        }
        List<Path> calendars = new ArrayList<>();
        for (String path : strings(node.path("calendars"), "freeze.calendars")) {
            calendars.add(baseDirectory.resolve(path).normalize());
        }
        List<String> approvers = strings(node.path("overrideApprovers"), "freeze.overrideApprovers");
        FreezeRequest.OverridePolicy policy = policy(node.path("overridePolicy"));
        String expectedDuration = null;
        if (node.has("expectedDuration")) {
            expectedDuration = node.get("expectedDuration").asText();
            duration(expectedDuration, "freeze.expectedDuration");
        }
        return new PlatformConfig.FreezeSettings(calendars, approvers, policy, expectedDuration);
    }

    private FreezeRequest.OverridePolicy policy(JsonNode node) {
        FreezeRequest.OverridePolicy defaults = FreezeRequest.OverridePolicy.DEFAULT;
        if (node.isMissingNode()) {
            return defaults;
        }
        if (!node.isObject()) {
            problems.add(new Problem(source, "freeze.overridePolicy", node.toString(), "expected a mapping with "
                    + Text.quotedChoice(POLICY_KEYS.stream().sorted().toList(), "and")));
            return defaults;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!POLICY_KEYS.contains(name)) {
                problems.add(new Problem(source, "freeze.overridePolicy." + name, null, "unknown key; expected one of "
                        + Text.quotedChoice(POLICY_KEYS.stream().sorted().toList(), "or")));
            }
        }
        Duration maxValidity = defaults.maxValidity();
        if (node.has("maxValidity")) {
            Duration parsed = duration(node.get("maxValidity").asText(), "freeze.overridePolicy.maxValidity");
            maxValidity = parsed == null ? maxValidity : parsed;
        }
        boolean distinct = defaults.distinctApprover();
        if (node.has("distinctApprover")) {
            if (!node.get("distinctApprover").isBoolean()) {
                problems.add(new Problem(source, "freeze.overridePolicy.distinctApprover", node.get("distinctApprover").asText(),
                        "expected true or false"));
            } else {
                distinct = node.get("distinctApprover").asBoolean();
            }
        }
        int minReasonLength = defaults.minReasonLength();
        if (node.has("minReasonLength")) {
            if (!node.get("minReasonLength").canConvertToInt() || node.get("minReasonLength").asInt() < 1) {
                problems.add(new Problem(source, "freeze.overridePolicy.minReasonLength", node.get("minReasonLength").asText(),
                        "expected a whole number of at least 1"));
            } else {
                minReasonLength = node.get("minReasonLength").asInt();
            }
        }
        return new FreezeRequest.OverridePolicy(maxValidity, distinct, minReasonLength);
    }

    private Duration duration(String text, String path) {
        try {
            return Durations.parse(text, path);
        } catch (InvalidInputException e) {
            e.problems().forEach(problem -> problems.add(problem.inSource(source)));
            return null;
        }
    }

    private List<String> strings(JsonNode node, String path) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            problems.add(new Problem(source, path, node.asText(), "expected a list"));
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problems.add(new Problem(source, path + "[" + i + "]", item.toString(), "expected a non-empty text value"));
            } else {
                values.add(item.asText().trim());
            }
        }
        return values;
    }
}
