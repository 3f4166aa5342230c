package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibpqConnectionTest {

    @TempDir
    Path folder;

    private static Map<String, String> environment(String url) throws Exception {
        try (LibpqConnection connection = LibpqConnection.of(PgTarget.of(url, "odoo", null, "databaseUrl"))) {
            return Map.copyOf(connection.environment());
        }
    }

    @Test
    void sslTrueVerifiesLikePgjdbc() throws Exception {
        assertThat(environment("jdbc:postgresql://db.shop:5432/shop?ssl=true")).containsEntry("PGSSLMODE", "verify-full");
        assertThat(environment("jdbc:postgresql://db.shop:5432/shop?ssl")).containsEntry("PGSSLMODE", "verify-full");
        assertThat(environment("jdbc:postgresql://db.shop:5432/shop?ssl=true&sslmode=require")).containsEntry("PGSSLMODE", "require");
        assertThat(environment("jdbc:postgresql://db.shop:5432/shop")).doesNotContainKey("PGSSLMODE");
    }

    @Test
    void certificateFilesPassedOn() throws Exception {
        Map<String, String> env = environment("jdbc:postgresql://db.shop/shop?sslmode=verify-full&sslrootcert=/etc/ssl/shop-ca.crt"
                + "&sslcert=/etc/ssl/odoo.crt");

        assertThat(env).containsEntry("PGSSLMODE", "verify-full").containsEntry("PGSSLROOTCERT", "/etc/ssl/shop-ca.crt")
                .containsEntry("PGSSLCERT", "/etc/ssl/odoo.crt");
    }

    @Test
    void unmappedTlsParametersRejected() {
        // PgTarget already rejects every password in a URL, sslpassword included.
        assertThatThrownBy(() -> environment("jdbc:postgresql://db.shop/shop?sslmode=verify-full&sslpassword=x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the URL contains a password");
        assertThatThrownBy(() -> environment("jdbc:postgresql://db.shop/shop?sslmode=verify-full&sslhostnameverifier=com.example.Any"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sslhostnameverifier");
        assertThatThrownBy(() -> environment("jdbc:postgresql://db.shop/shop?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sslfactory");
        assertThatThrownBy(() -> environment("jdbc:postgresql://db.shop/shop?sslmode=strict"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid sslmode strict");
    }

    @Test
    void derClientKeyWrittenAsPrivatePem() throws Exception {
        Path der = folder.resolve("postgresql.pk8");
        Files.write(der, KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded());
        Path pem;
        String content;
        try (LibpqConnection connection = LibpqConnection.of(PgTarget.of("jdbc:postgresql://db.shop/shop?sslmode=verify-full&sslkey="
                + der, "odoo", SecretValue.of("pw"), "databaseUrl"))) {
            pem = Path.of(connection.environment().get("PGSSLKEY"));
            content = Files.readString(pem);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");
        }

        assertThat(content).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(pem).doesNotExist();
    }

    @Test
    void pemClientKeyUsedAsItIs() throws Exception {
        Path key = folder.resolve("odoo.key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThat(environment("jdbc:postgresql://db.shop/shop?sslmode=verify-full&sslkey=" + key)).containsEntry("PGSSLKEY", key.toString());
    }
}
