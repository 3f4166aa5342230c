package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.odoo.OdooSeries;

/**
 * The PostgreSQL versions each Odoo series supports. The source is Odoo's installation guide,
 * {@code content/administration/on_premise/source.rst} in {@code odoo/documentation}: "supported versions: 12.0 or
 * above" for 16.0 to 18.0 (19.0 raised it to 13.0). Odoo's code checks no server version in those series, and no
 * maximum is documented, so only the minimum is checked.
 */
final class PostgresSupport {

    private PostgresSupport() {
    }

    /** Returns the lowest PostgreSQL major version the series supports. */
    static int minimumMajor(OdooSeries series) {
        return 12;
    }
}
