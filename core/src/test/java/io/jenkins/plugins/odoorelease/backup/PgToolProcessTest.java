package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgToolProcessTest {

    @Test
    void childGetsOnlyConnectionAndLocale() throws Exception {
        Process child = PgToolProcess.builder(List.of("env"), Map.of("PGHOST", "db.shop", "PGPASSFILE", "/tmp/pgpass")).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        child.waitFor();

        List<String> names = output.lines().filter(line -> line.contains("=")).map(line -> line.substring(0, line.indexOf('='))).toList();
        assertThat(names).contains("PGHOST", "PGPASSFILE", "PATH");
        assertThat(names).allSatisfy(name -> assertThat(name.startsWith("PG") || name.startsWith("LC_")
                || PgToolProcess.INHERITED.contains(name)).as(name).isTrue());
        assertThat(names).filteredOn(name -> name.startsWith("PG")).containsExactlyInAnyOrder("PGHOST", "PGPASSFILE");
    }
}
