package io.jenkins.plugins.odoorelease.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code release.yaml}. Every problem is collected with its path ({@code image.tagz}, {@code s3.secretAccessKey})
 * before anything runs, so a broken file changes nothing. Values may refer to environment variables as
 * {@code ${env:NAME}} and to files as {@code ${file:PATH}}; secrets must be such references, so that the file itself
 * can be committed.
 */
public final class ReleaseConfigParser {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Path file;
    private final Path baseDirectory;
    private final Map<String, String> env;
    private final List<Problem> problems = new ArrayList<>();

    private ReleaseConfigParser(Path file, Map<String, String> env) {
        this.file = file;
        this.baseDirectory = file.toAbsolutePath().normalize().getParent();
        this.env = env;
    }

    /**
     * Reads and checks the file.
     *
     * @param env the environment that {@code ${env:NAME}} references read
     * @throws InvalidInputException listing every problem, each with its path and value
     */
    public static ReleaseConfig read(Path file, Map<String, String> env) throws InvalidInputException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(new Problem(file.toString(), null, null, "release configuration not found; check the "
                    + "path given to --config"));
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(file.toString(), null, null, "cannot read the release configuration: "
                    + e.getMessage()));
        }
        return new ReleaseConfigParser(file, env).parse(content);
    }

    private void problem(String path, String value, String message) {
        problems.add(new Problem(file.toString(), path, value, message));
    }

    private ReleaseConfig parse(String content) throws InvalidInputException {
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidInputException(new Problem(file.toString(), null, null, "invalid YAML" + where + ": "
                    + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(new Problem(file.toString(), null, null, "expected a mapping with the sections "
                    + Text.quotedChoice(ReleaseSchema.SECTIONS.keySet(), "and")));
        }
        if (!root.has("release") && looksLikePlatformFile(root)) {
            throw new InvalidInputException(new Problem(file.toString(), null, null, "this is a platform file (odoo-release.yaml), "
                    + "not a release: give it before the command, as 'odoo-release --config odoo-release.yaml release --config "
                    + "release.yaml'"));
        }
        Map<String, ConfigSection> sections = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            ReleaseSchema.SectionSchema schema = ReleaseSchema.SECTIONS.get(field.getKey());
            if (schema == null) {
                problem(field.getKey(), null, "unknown section; expected one of " + Text.quotedChoice(ReleaseSchema.SECTIONS.keySet(), "or"));
                continue;
            }
            sections.put(field.getKey(), section(field.getKey(), field.getValue(), schema));
        }
        if (!sections.containsKey("release")) {
            problem("release", null, "missing section; it needs at least 'environment', such as production");
        }
        requireWith(sections, "database", "backup", "migrate");
        requireWith(sections, "s3", "backup", "verify");
        if (sections.containsKey("verify") && !sections.containsKey("backup") && !sections.get("verify").has("location")) {
            problem("verify.location", null, "missing location; without a backup section, name the S3 prefix of the backups to verify");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ReleaseConfig(file, sections);
    }

    /** Returns whether a file without a release section holds keys that only the platform file has. */
    private static boolean looksLikePlatformFile(JsonNode root) {
        JsonNode freeze = root.path("freeze");
        JsonNode image = root.path("image");
        return freeze.has("overrideApprovers") || freeze.has("overridePolicy") || image.has("approvedRegistries")
                || image.has("allowLocalBase");
    }

    private void requireWith(Map<String, ConfigSection> sections, String needed, String... users) {
        for (String user : users) {
            if (sections.containsKey(user) && !sections.containsKey(needed)) {
                problem(needed, null, "missing section; the " + user + " section needs it");
                return;
            }
        }
    }

    private ConfigSection section(String name, JsonNode node, ReleaseSchema.SectionSchema schema) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (!node.isObject()) {
            problem(name, node.toString(), "expected a mapping with the keys " + Text.quotedChoice(schema.keys().keySet(), "and"));
            return new ConfigSection(name, values, baseDirectory);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = name + "." + field.getKey();
            ConfigValue type = schema.keys().get(field.getKey());
            if (type == null) {
                problem(path, null, "unknown key; expected one of " + Text.quotedChoice(schema.keys().keySet(), "or"));
                continue;
            }
            Object value = value(path, field.getValue(), type);
            if (value != null) {
                values.put(field.getKey(), value);
            }
        }
        for (String key : schema.required()) {
            if (!values.containsKey(key) && !node.has(key)) {
                problem(name + "." + key, null, "missing " + key + "; the " + name + " section needs it");
            }
        }
        return new ConfigSection(name, values, baseDirectory);
    }

    private Object value(String path, JsonNode node, ConfigValue type) {
        switch (type) {
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    return node.asBoolean();
                }
                String text = node.isTextual() ? resolve(path, node.asText()) : null;
                if ("true".equals(text) || "false".equals(text)) {
                    return Boolean.parseBoolean(text);
                }
                problem(path, node.asText(), "expected " + type.expected());
                return null;
            }
            case LIST -> {
                if (!node.isArray()) {
                    problem(path, node.asText(), "expected " + type.expected() + ", such as [a, b]");
                    return null;
                }
                List<String> items = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    JsonNode item = node.get(i);
                    if (!item.isValueNode() || item.isNull()) {
                        problem(path + "[" + i + "]", item.toString(), "expected a text value");
                    } else {
                        String resolved = resolve(path + "[" + i + "]", item.asText());
                        if (resolved != null) {
                            items.add(resolved);
                        }
                    }
                }
                return items;
            }
            case TREE -> {
                if (!node.isContainerNode()) {
                    problem(path, node.asText(), "expected " + type.expected());
                    return null;
                }
                return ReportJson.mapper().convertValue(node, Object.class);
            }
            case SECRET -> {
                String text = node.isValueNode() ? node.asText() : null;
                Matcher matcher = text == null ? null : REFERENCE.matcher(text.trim());
                if (matcher == null || !matcher.matches()) {
                    problem(path, null, "a secret must not be written into the file; set it in an environment variable and write "
                            + "${env:NAME}, or in a file and write ${file:PATH}");
                    return null;
                }
                String secret = resolve(path, text.trim());
                return secret == null ? null : SecretValue.of(secret);
            }
            default -> {
                if (!node.isValueNode() || node.isNull()) {
                    problem(path, node.toString(), "expected " + type.expected());
                    return null;
                }
                return resolve(path, node.asText());
            }
        }
    }

    /** Replaces every {@code ${env:NAME}} and {@code ${file:PATH}} in {@code text}; returns {@code null} after a problem. */
    private String resolve(String path, String text) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1).equals("env")) {
                replacement = env.get(matcher.group(2));
                if (replacement == null) {
                    problem(path, matcher.group(), "the environment variable " + matcher.group(2) + " is not set; set it before "
                            + "the release runs");
                    return null;
                }
            } else {
                Path referenced = baseDirectory.resolve(matcher.group(2)).normalize();
                try {
                    replacement = Files.readString(referenced, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    problem(path, matcher.group(), "cannot read " + referenced + " (" + e.getMessage() + ")");
                    return null;
                }
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
