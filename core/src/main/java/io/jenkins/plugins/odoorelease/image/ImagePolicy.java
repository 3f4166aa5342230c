package io.jenkins.plugins.odoorelease.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The platform team's rules for base images: the registries (optionally narrowed to a repository prefix) that
 * base images may come from, and whether a local image archive may serve as the base. The Jenkins plugin takes it
 * from the global configuration, the CLI from the {@code image} section of {@code odoo-release.yaml}.
 *
 * @param approvedRegistries entries such as {@code registry.example.com} or {@code registry.example.com/platform};
 *     an empty list approves no registry
 * @param allowLocalBase whether a {@code docker-archive:} file may serve as the base image
 */
public record ImagePolicy(List<String> approvedRegistries, boolean allowLocalBase) {

    /** Approves nothing: every base image is rejected until the platform team lists its registries. */
    public static final ImagePolicy NONE = new ImagePolicy(List.of(), false);

    private static final Set<String> KEYS = Set.of("approvedRegistries", "allowLocalBase");
    private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", ImageName.DOCKER_HUB);
    private static final Pattern ENTRY = Pattern.compile("[a-z0-9.-]+(:\\d{1,5})?(/[a-z0-9._/-]*)?|\\[[0-9a-f:]+\\](:\\d{1,5})?(/[a-z0-9._/-]*)?");

    public ImagePolicy {
        approvedRegistries = approvedRegistries.stream().map(ImagePolicy::normalizeEntry).filter(entry -> !entry.isEmpty())
                .distinct().toList();
    }

    /**
     * Reads the {@code image} section of the platform configuration: {@code approvedRegistries} (a list) and
     * {@code allowLocalBase} (true or false).
     *
     * @throws InvalidInputException naming every invalid key or value with its path
     */
    public static ImagePolicy fromPlatformConfig(PlatformConfig config) throws InvalidInputException {
        JsonNode section = config.section("image");
        String source = config.file() == null ? null : config.file().toString();
        if (section == null || section.isNull()) {
            return NONE;
        }

        List<Problem> problems = new ArrayList<>();
        if (!section.isObject()) {
            throw new InvalidInputException(new Problem(source, "image", section.toString(), "expected a mapping with "
                    + Text.quotedChoice(KEYS.stream().sorted().toList(), "and")));
        }
        for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                problems.add(new Problem(source, "image." + name, null, "unknown key; expected "
                        + Text.quotedChoice(KEYS.stream().sorted().toList(), "or")));
            }
        }

        List<String> registries = new ArrayList<>();
        JsonNode list = section.path("approvedRegistries");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                problems.add(new Problem(source, "image.approvedRegistries", list.asText(), "expected a list of registries, "
                        + "such as [registry.example.com, ghcr.io/acme-platform]"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    String entry = list.get(i).asText("");
                    String problem = entryProblem(entry);
                    if (!list.get(i).isTextual() || problem != null) {
                        problems.add(new Problem(source, "image.approvedRegistries[" + i + "]", list.get(i).toString(),
                                problem == null ? "expected a registry as text" : problem));
                    } else {
                        registries.add(entry);
                    }
                }
            }
        }

        boolean allowLocalBase = false;
        JsonNode local = section.path("allowLocalBase");
        if (!local.isMissingNode()) {
            if (!local.isBoolean()) {
                problems.add(new Problem(source, "image.allowLocalBase", local.asText(), "expected true or false"));
            } else {
                allowLocalBase = local.asBoolean();
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ImagePolicy(registries, allowLocalBase);
    }

    /**
     * Returns why an approved-registry entry is invalid, or {@code null} when it is valid. Front ends use it to check
     * their forms.
     */
    public static String entryProblem(String entry) {
        String normalized = normalizeEntry(entry);
        if (normalized.isEmpty()) {
            return "empty entry; write a registry host such as registry.example.com";
        }
        if (normalized.contains("://")) {
            return "write the registry without a scheme, such as registry.example.com";
        }
        if (!ENTRY.matcher(normalized).matches()) {
            return "invalid registry; write host[:port] with an optional repository prefix, such as registry.example.com/platform";
        }
        return null;
    }

    /** Returns whether the base image's registry and repository are covered by an approved entry. */
    public boolean approves(ImageName base) {
        String registry = canonicalRegistry(base.registry());
        for (String entry : approvedRegistries) {
            int slash = entry.indexOf('/');
            String entryRegistry = canonicalRegistry(slash < 0 ? entry : entry.substring(0, slash));
            String prefix = slash < 0 ? "" : entry.substring(slash + 1);
            if (!entryRegistry.equals(registry)) {
                continue;
            }
            if (prefix.isEmpty() || base.repository().equals(prefix) || base.repository().startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether an approved entry names the registry, whatever repository prefix it requires. */
    public boolean approvesSomeRepositoryOf(String registry) {
        String canonical = canonicalRegistry(registry);
        return approvedRegistries.stream().map(entry -> entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry)
                .anyMatch(entryRegistry -> canonicalRegistry(entryRegistry).equals(canonical));
    }

    /** Describes the list for messages, for example {@code 'registry.example.com' and 'ghcr.io/acme'}. */
    public String describeApproved() {
        return approvedRegistries.isEmpty() ? "none" : Text.quotedChoice(approvedRegistries, "and");
    }

    private static String normalizeEntry(String entry) {
        String trimmed = entry == null ? "" : entry.trim().toLowerCase(Locale.ROOT);
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static String canonicalRegistry(String registry) {
        String lower = registry.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(lower) ? ImageName.DOCKER_HUB : lower;
    }
}
