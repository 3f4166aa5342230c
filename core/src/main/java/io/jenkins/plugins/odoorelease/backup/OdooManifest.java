package io.jenkins.plugins.odoorelease.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} of Odoo's backup zip, with exactly the keys Odoo's {@code dump_db_manifest} writes
 * (the same in 16.0, 17.0 and 18.0): {@code odoo_dump} (always {@code "1"}), {@code db_name}, {@code version},
 * {@code version_info}, {@code major_version}, {@code pg_version} and {@code modules}, the installed modules with
 * their installed versions.
 */
@JsonPropertyOrder({"odoo_dump", "db_name", "version", "version_info", "major_version", "pg_version", "modules"})
public record OdooManifest(
        @JsonProperty("odoo_dump") String odooDump,
        @JsonProperty("db_name") String dbName,
        @JsonProperty("version") String version,
        @JsonProperty("version_info") List<Object> versionInfo,
        @JsonProperty("major_version") String majorVersion,
        @JsonProperty("pg_version") String pgVersion,
        @JsonProperty("modules") Map<String, String> modules) {

    /** The keys Odoo writes, in its order. */
    public static final List<String> KEYS = List.of("odoo_dump", "db_name", "version", "version_info", "major_version",
            "pg_version", "modules");

    /** A module version's series: {@code 17.0} of {@code 17.0.1.3}, or {@code saas~17.1} of {@code saas~17.1.1.0}. */
    private static final Pattern SERIES = Pattern.compile("^((?:saas~)?\\d+)\\.(\\d+)");

    public OdooManifest {
        modules = modules == null ? Map.of() : new TreeMap<>(modules);
        versionInfo = versionInfo == null ? List.of() : List.copyOf(versionInfo);
    }

    /**
     * Reads the manifest from a database, as Odoo would write it at this moment.
     *
     * <p>NOTE: Odoo takes {@code version} and {@code version_info} from the running server's release, which a tool
     * that reads only the database cannot see. They are derived from the series of the installed {@code base}
     * module ({@code 17.0.1.3} gives {@code "17.0"} and {@code [17, 0, 0, "final", 0, ""]}), so a backup made by
     * this tool names the series, not the patch release or build date.
     *
     * @param serverVersionNum the server's {@code server_version_num}, such as 150018, which the caller has read
     * @throws SQLException when the database has no {@code ir_module_module} table or the query fails
     */
    public static OdooManifest read(Connection connection, String databaseName, int serverVersionNum) throws SQLException {
        Map<String, String> modules = new TreeMap<>();
        String baseVersion = null;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name, latest_version FROM ir_module_module WHERE state = 'installed'")) {
            while (rows.next()) {
                modules.put(rows.getString(1), rows.getString(2));
                if ("base".equals(rows.getString(1))) {
                    baseVersion = rows.getString(2);
                }
            }
        }
        String series = series(baseVersion);
        return new OdooManifest("1", databaseName, series, versionInfo(series), series, pgVersion(serverVersionNum), modules);
    }

    /** Returns the series of a module version, or {@code null} when it has none. */
    static String series(String moduleVersion) {
        if (moduleVersion == null) {
            return null;
        }
        Matcher matcher = SERIES.matcher(moduleVersion);
        return matcher.find() ? matcher.group(1) + "." + matcher.group(2) : null;
    }

    /** Builds {@code version_info} for a final release of a series, as Odoo's {@code release.py} declares it. */
    static List<Object> versionInfo(String series) {
        if (series == null) {
            return List.of();
        }
        Matcher matcher = SERIES.matcher(series);
        if (!matcher.find()) {
            return List.of();
        }
        List<Object> info = new ArrayList<>();
        String first = matcher.group(1);
        info.add(first.startsWith("saas~") ? first : (Object) Integer.parseInt(first));
        info.add(Integer.parseInt(matcher.group(2)));
        info.add(0);
        info.add("final");
        info.add(0);
        info.add("");
        return info;
    }

    /**
     * Formats {@code server_version_num} as Odoo does with {@code "%d.%d" % divmod(server_version / 100, 100)}:
     * {@code 15.0} for any PostgreSQL 15 release, {@code 9.6} for 9.6.
     */
    static String pgVersion(int versionNum) {
        int hundreds = versionNum / 100;
        return hundreds / 100 + "." + hundreds % 100;
    }
}
