package io.jenkins.plugins.odoorelease;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the core packages' dependencies one-way and as docs/development.md lists them. */
class PackageDependencyTest {

    /** The allowed imports between core packages; a change here must change the table in docs/development.md too. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("common", Set.of()),
            Map.entry("report", Set.of("common")),
            Map.entry("pg", Set.of("common")),
            Map.entry("s3", Set.of("common")),
            Map.entry("kube", Set.of("common")),
            Map.entry("odoo", Set.of("common")),
            Map.entry("freeze", Set.of("common", "report")),
            Map.entry("config", Set.of("common", "freeze")),
            Map.entry("image", Set.of("common", "report", "config", "odoo")),
            Map.entry("migrate", Set.of("common", "report", "pg", "odoo")),
            Map.entry("backup", Set.of("common", "report", "pg", "s3")),
            Map.entry("canary", Set.of("common", "report", "pg", "kube", "freeze")),
            Map.entry("release", Set.of("common", "report", "pg", "s3", "kube", "odoo", "freeze", "config", "image", "migrate",
                    "backup", "canary")));

    private static final Path SOURCES = Path.of("src/main/java/io/jenkins/plugins/odoorelease");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.jenkins\\.plugins\\.odoorelease\\.([a-z0-9]+)\\.",
            Pattern.MULTILINE);

    @Test
    void importsFollowTheTable() throws IOException {
        Set<String> violations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file).getName(0).toString();
                Set<String> allowed = ALLOWED.get(from);
                assertThat(allowed).as("package %s is missing from the table", from).isNotNull();
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    String to = matcher.group(1);
                    if (!to.equals(from) && !allowed.contains(to)) {
                        violations.add(file.getFileName() + ": " + from + " -> " + to);
                    }
                }
            }
        }

        assertThat(violations).isEmpty();
    }

    @Test
    void tableHasNoCycles() {
        for (String start : ALLOWED.keySet()) {
            assertThat(reaches(start, start, new TreeSet<>())).as("a cycle through %s", start).isFalse();
        }
    }

    private static boolean reaches(String from, String target, Set<String> seen) {
        for (String next : ALLOWED.get(from)) {
            if (next.equals(target) || (seen.add(next) && reaches(next, target, seen))) {
                return true;
            }
        }
        return false;
    }
}
