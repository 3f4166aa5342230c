package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.FailOn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the migration check is asked: which addons go to which database, which modules to install, and the
 * thresholds and timeouts. Build it with {@link #builder()}; {@link Builder#build()} checks every value at once.
 *
 * @param series the target series, or {@code null} to take it from the database's {@code base} module
 * @param largeTableRows the estimated row count from which a table the update touches gets a warning
 * @param longTransaction how long a transaction may be open before it gets a warning
 * @param connectionUsagePercent the share of usable connections in use from which the check warns
 * @param statementTimeout the {@code statement_timeout} of the check's own queries
 * @param lockTimeout the {@code lock_timeout} of the check's own queries, so that it never waits long behind a lock
 * @param checksums whether to compare click-odoo-update's stored checksums when the database has them
 */
public record MigrateRequest(
        List<Path> addons,
        PgTarget database,
        OdooSeries series,
        List<String> install,
        List<Path> upgradePaths,
        long largeTableRows,
        Duration longTransaction,
        int connectionUsagePercent,
        Duration statementTimeout,
        Duration lockTimeout,
        boolean checksums,
        FailOn failOn) {

    public static final long DEFAULT_LARGE_TABLE_ROWS = 1_000_000;
    public static final Duration DEFAULT_LONG_TRANSACTION = Duration.ofMinutes(5);
    public static final int DEFAULT_CONNECTION_USAGE_PERCENT = 80;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);

    /** The largest {@code statement_timeout} and {@code lock_timeout} PostgreSQL accepts: an int of milliseconds. */
    private static final long MAX_TIMEOUT_MILLIS = Integer.MAX_VALUE;

    /** A module name as Odoo's folders use them; anything else cannot be a module. */
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_]+");

    public MigrateRequest {
        addons = List.copyOf(addons);
        install = List.copyOf(install);
        upgradePaths = List.copyOf(upgradePaths);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects and checks the values of a request. Blank text means "not set". */
    public static final class Builder {

        private final List<String> addons = new ArrayList<>();
        private String databaseUrl;
        private String databaseUser;
        private SecretValue databasePassword;
        private String series;
        private final List<String> install = new ArrayList<>();
        private final List<String> upgradePaths = new ArrayList<>();
        private String largeTableRows;
        private String longTransaction;
        private String connectionUsage;
        private String statementTimeout;
        private String lockTimeout;
        private boolean checksums = true;
        private String failOn = FailOn.ERROR.keyword();

        private Builder() {
        }

        /** Adds addons paths; each entry may hold several paths separated by commas, as Odoo's {@code addons_path}. */
        public Builder addons(List<String> values) {
            values.forEach(value -> addons.addAll(split(value)));
            return this;
        }

        /** Adds addons paths as they are, without splitting at commas: for folders a front end has already resolved. */
        public Builder addonsFolders(List<Path> values) {
            values.forEach(value -> addons.add(value.toString()));
            return this;
        }

        public Builder databaseUrl(String value) {
            this.databaseUrl = Text.trimToNull(value);
            return this;
        }

        public Builder databaseUser(String value) {
            this.databaseUser = Text.trimToNull(value);
            return this;
        }

        public Builder databasePassword(SecretValue value) {
            this.databasePassword = value;
            return this;
        }

        public Builder series(String value) {
            this.series = Text.trimToNull(value);
            return this;
        }

        /** Adds modules to install; each entry may hold several names separated by commas. */
        public Builder install(List<String> values) {
            values.forEach(value -> install.addAll(split(value)));
            return this;
        }

        /** Adds folders of Odoo's {@code --upgrade-path}; each entry may hold several paths separated by commas. */
        public Builder upgradePaths(List<String> values) {
            values.forEach(value -> upgradePaths.addAll(split(value)));
            return this;
        }

        /** Adds folders of Odoo's {@code --upgrade-path} as they are, without splitting at commas. */
        public Builder upgradeFolders(List<Path> values) {
            values.forEach(value -> upgradePaths.add(value.toString()));
            return this;
        }

        public Builder largeTableRows(String value) {
            this.largeTableRows = Text.trimToNull(value);
            return this;
        }

        public Builder longTransaction(String value) {
            this.longTransaction = Text.trimToNull(value);
            return this;
        }

        /** Sets the connection share that triggers a warning, as a percentage such as {@code 80} or {@code 80%}. */
        public Builder connectionUsage(String value) {
            this.connectionUsage = Text.trimToNull(value);
            return this;
        }

        public Builder statementTimeout(String value) {
            this.statementTimeout = Text.trimToNull(value);
            return this;
        }

        public Builder lockTimeout(String value) {
            this.lockTimeout = Text.trimToNull(value);
            return this;
        }

        public Builder checksums(boolean value) {
            this.checksums = value;
            return this;
        }

        public Builder failOn(String value) {
            this.failOn = Text.trimToNull(value);
            return this;
        }

        private static List<String> split(String value) {
            List<String> parts = new ArrayList<>();
            if (value != null) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        parts.add(part.trim());
                    }
                }
            }
            return parts;
        }

        /**
         * Checks every value and returns the request.
         *
         * @throws InvalidInputException listing every invalid or missing value, each by its parameter name
         */
        public MigrateRequest build() throws InvalidInputException {
            List<Problem> problems = new ArrayList<>();
            if (addons.isEmpty()) {
                problems.add(Problem.of("addons", null, "missing addons paths; name every folder that contains modules, as Odoo's "
                        + "addons_path does"));
            }
            PgTarget target = parse(problems, () -> PgTarget.of(databaseUrl, databaseUser, databasePassword, "databaseUrl"));
            OdooSeries parsedSeries = series == null ? null : parse(problems, () -> OdooSeries.parse(series, "series"));
            for (String module : install) {
                if (!MODULE_NAME.matcher(module).matches()) {
                    problems.add(Problem.of("install", module, "not a module name; a module name is the module's folder name, "
                            + "letters, digits and underscores only"));
                }
            }
            long rows = largeTableRows == null ? DEFAULT_LARGE_TABLE_ROWS : positiveCount(largeTableRows, problems);
            Duration transaction = longTransaction == null ? DEFAULT_LONG_TRANSACTION
                    : parse(problems, () -> Durations.parse(longTransaction, "longTransaction"));
            int usage = connectionUsage == null ? DEFAULT_CONNECTION_USAGE_PERCENT : percent(connectionUsage, problems);
            Duration statement = timeout(statementTimeout, "statementTimeout", DEFAULT_STATEMENT_TIMEOUT, problems);
            Duration lock = timeout(lockTimeout, "lockTimeout", DEFAULT_LOCK_TIMEOUT, problems);
            FailOn parsedFailOn = parse(problems, () -> Keyword.parse(FailOn.class, failOn == null ? FailOn.ERROR.keyword() : failOn, "failOn"));
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return new MigrateRequest(addons.stream().map(Path::of).toList(), target, parsedSeries, List.copyOf(new LinkedHashSet<>(install)),
                    upgradePaths.stream().map(Path::of).toList(), rows, transaction, usage, statement, lock, checksums, parsedFailOn);
        }

        private static long positiveCount(String text, List<Problem> problems) {
            try {
                long value = Long.parseLong(text.replace("_", ""));
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(Problem.of("largeTableRows", text, "expected a whole number of rows above 0, for example 1000000"));
            return 0;
        }

        private static int percent(String text, List<Problem> problems) {
            String digits = text.endsWith("%") ? text.substring(0, text.length() - 1).trim() : text;
            try {
                int value = Integer.parseInt(digits);
                if (value >= 1 && value <= 100) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(Problem.of("connectionUsage", text, "expected a percentage from 1 to 100, for example 80"));
            return 0;
        }

        private static Duration timeout(String text, String name, Duration fallback, List<Problem> problems) {
            if (text == null) {
                return fallback;
            }
            Duration value = parse(problems, () -> Durations.parse(text, name));
            if (value != null && value.toMillis() < 1) {
                problems.add(Problem.of(name, text, "expected a timeout of at least 1ms; 0 would mean no timeout, which could block the database"));
            } else if (value != null && value.toMillis() > MAX_TIMEOUT_MILLIS) {
                problems.add(Problem.of(name, text, "expected a timeout of at most " + MAX_TIMEOUT_MILLIS + "ms (about 24 days), the "
                        + "largest value PostgreSQL accepts for statement_timeout and lock_timeout"));
            }
            return value;
        }

        private interface Parse<T> {
            T get() throws InvalidInputException;
        }

        private static <T> T parse(List<Problem> problems, Parse<T> parse) {
            try {
                return parse.get();
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
                return null;
            }
        }
    }
}
