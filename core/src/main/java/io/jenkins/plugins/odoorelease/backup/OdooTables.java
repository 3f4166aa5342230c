package io.jenkins.plugins.odoorelease.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Odoo tables a backup counts and a restore checks, and the queries on them. */
final class OdooTables {

    /** Tables every Odoo 16.0, 17.0 and 18.0 database has; a restore without one of them is not an Odoo database. */
    static final List<String> REQUIRED = List.of("ir_module_module", "ir_module_module_dependency", "ir_model", "ir_model_data",
            "ir_config_parameter", "ir_attachment", "res_company", "res_users", "res_partner");

    /** Business tables counted when their module is installed, because they hold what a retailer cannot lose. */
    static final List<String> COUNTED_WHEN_PRESENT = List.of("product_template", "product_product", "sale_order", "sale_order_line",
            "purchase_order", "account_move", "account_move_line", "stock_picking", "stock_move", "stock_quant", "pos_order",
            "pos_order_line", "mail_message");

    private OdooTables() {
    }

    /** Returns whether a table exists in the {@code public} schema. */
    static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, "public." + table);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** Counts the rows of every required table and every present business table, exactly. */
    static Map<String, Long> countRows(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (List<String> tables : List.of(REQUIRED, COUNTED_WHEN_PRESENT)) {
            for (String table : tables) {
                if (exists(connection, table)) {
                    counts.put(table, count(connection, table));
                }
            }
        }
        return counts;
    }

    /** Counts one table's rows; the name must come from this class's lists or a recorded manifest checked against them. */
    static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM public.\"" + table.replace("\"", "\"\"") + "\"")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Counts attachments whose content lives in the filestore. */
    static long filestoreAttachments(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL AND store_fname <> ''")) {
            row.next();
            return row.getLong(1);
        }
    }
}
