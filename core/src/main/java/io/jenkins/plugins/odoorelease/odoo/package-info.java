/**
 * Odoo's module rules, read from the {@code odoo/odoo} branches 16.0, 17.0 and 18.0 and checked on running servers,
 * without Odoo and without executing any module code.
 *
 * <p>Entry points:
 * <ul>
 * <li>{@link io.jenkins.plugins.odoorelease.odoo.AddonsScanner#scan} finds the modules of a list of addons paths,
 * reads each manifest ({@link io.jenkins.plugins.odoorelease.odoo.ManifestReader}, a Python-literal reader in
 * {@link io.jenkins.plugins.odoorelease.odoo.PythonLiteral}), discovers its migration folders and returns an
 * {@link io.jenkins.plugins.odoorelease.odoo.AddonsScan} whose modules carry their
 * {@link io.jenkins.plugins.odoorelease.odoo.AddonIssue}s. A broken module becomes issues; only bad paths throw.</li>
 * <li>{@link io.jenkins.plugins.odoorelease.odoo.OdooSeries} normalises versions ({@code adapt_version}) and
 * migration folder names; {@link io.jenkins.plugins.odoorelease.odoo.OdooVersion} compares versions as
 * {@code parse_version} does.</li>
 * <li>{@link io.jenkins.plugins.odoorelease.odoo.MigrationScripts} decides which scripts run in an update and in
 * which order; {@link io.jenkins.plugins.odoorelease.odoo.ModuleGraph} gives Odoo's load order.</li>
 * <li>{@link io.jenkins.plugins.odoorelease.odoo.AddonChecksum} computes the content checksum click-odoo-update
 * stores, and {@link io.jenkins.plugins.odoorelease.odoo.AddonsInventory} lists modules with versions and
 * checksums.</li>
 * </ul>
 *
 * <p>This package depends only on {@code common}.
 */
package io.jenkins.plugins.odoorelease.odoo;
