package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.report.FailOn;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the freeze guard is asked: which change, when, for how long, against which calendars, and what to do
 * when it is frozen. Build it with {@link #builder()}; {@link Builder#build()} checks every value at once.
 *
 * @param tenant the tenant the change affects, or {@code null} for a change that affects every tenant
 * @param at the instant to decide for, or {@code null} for now
 * @param override the override as given, or {@code null}; its rules are checked when deciding, so that a
 *     rejected override is recorded in the report
 */
public record FreezeRequest(
        String environment,
        String tenant,
        ChangeType changeType,
        Instant at,
        Duration expectedDuration,
        OnFreeze onFreeze,
        Duration maxWait,
        Duration horizon,
        List<CalendarSource> calendars,
        OverrideInput override,
        String requester,
        OverridePolicy overridePolicy,
        FailOn failOn) {

    public static final Duration DEFAULT_EXPECTED_DURATION = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofHours(4);
    public static final Duration DEFAULT_HORIZON = Duration.ofDays(30);

    public FreezeRequest {
        calendars = List.copyOf(calendars);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An override as the user typed it, checked only when deciding.
     *
     * @param expires an ISO-8601 instant with offset ({@code 2027-11-26T18:00:00Z}) or a duration from the
     *     decision time ({@code 4h})
     */
    public record OverrideInput(String reason, String approver, String expires, String ticket, List<String> windows) {

        public OverrideInput {
            windows = windows == null ? List.of() : windows.stream().map(String::trim).filter(id -> !id.isEmpty()).toList();
        }

        /** Returns whether any field is set; an override with every field blank counts as none. */
        public boolean isPresent() {
            return Text.trimToNull(reason) != null || Text.trimToNull(approver) != null || Text.trimToNull(expires) != null
                    || Text.trimToNull(ticket) != null || !windows.isEmpty();
        }
    }

    /**
     * Rules a platform team sets for overrides.
     *
     * @param maxValidity the longest an override may last from the decision time
     * @param distinctApprover whether the approver must differ from the requester (four-eyes rule)
     * @param minReasonLength the fewest characters a reason may have
     */
    public record OverridePolicy(Duration maxValidity, boolean distinctApprover, int minReasonLength) {

        public static final OverridePolicy DEFAULT = new OverridePolicy(Duration.ofHours(24), true, 10);
    }

    /** Collects and checks the values of a request. Blank text means "not set". */
    public static final class Builder {

        private String environment;
        private String tenant;
        private String changeType = ChangeType.APPLICATION.keyword();
        private String at;
        private String expectedDuration;
        private String onFreeze = OnFreeze.FAIL.keyword();
        private String maxWait;
        private String horizon;
        private final List<CalendarSource> calendars = new ArrayList<>();
        private OverrideInput override;
        private String requester;
        private OverridePolicy overridePolicy = OverridePolicy.DEFAULT;
        private String failOn = FailOn.ERROR.keyword();

        private Builder() {
        }

        public Builder environment(String value) {
            this.environment = Text.trimToNull(value);
            return this;
        }

        public Builder tenant(String value) {
            this.tenant = Text.trimToNull(value);
            return this;
        }

        public Builder changeType(String value) {
            this.changeType = Text.trimToNull(value);
            return this;
        }

        /** Sets the decision time as an ISO-8601 instant with offset, or leaves it at "now" when blank. */
        public Builder at(String value) {
            this.at = Text.trimToNull(value);
            return this;
        }

        public Builder expectedDuration(String value) {
            this.expectedDuration = Text.trimToNull(value);
            return this;
        }

        public Builder onFreeze(String value) {
            this.onFreeze = Text.trimToNull(value);
            return this;
        }

        public Builder maxWait(String value) {
            this.maxWait = Text.trimToNull(value);
            return this;
        }

        public Builder horizon(String value) {
            this.horizon = Text.trimToNull(value);
            return this;
        }

        public Builder calendar(CalendarSource source) {
            calendars.add(source);
            return this;
        }

        public Builder calendars(List<CalendarSource> sources) {
            calendars.addAll(sources);
            return this;
        }

        public Builder override(OverrideInput value) {
            this.override = value == null || !value.isPresent() ? null : value;
            return this;
        }

        public Builder requester(String value) {
            this.requester = Text.trimToNull(value);
            return this;
        }

        public Builder overridePolicy(OverridePolicy value) {
            this.overridePolicy = value;
            return this;
        }

        public Builder failOn(String value) {
            this.failOn = Text.trimToNull(value);
            return this;
        }

        /**
         * Checks every value and returns the request.
         *
         * @throws InvalidInputException listing every invalid or missing value, each by its parameter name
         */
        public FreezeRequest build() throws InvalidInputException {
            List<Problem> problems = new ArrayList<>();
            if (environment == null) {
                problems.add(Problem.of("environment", null, "missing environment; name the environment the change goes to, "
                        + "for example production"));
            }
            ChangeType parsedChangeType = parse(problems, () -> Keyword.parse(ChangeType.class, orDefault(changeType,
                    ChangeType.APPLICATION.keyword()), "changeType"));
            OnFreeze parsedOnFreeze = parse(problems, () -> Keyword.parse(OnFreeze.class, orDefault(onFreeze, OnFreeze.FAIL.keyword()),
                    "onFreeze"));
            FailOn parsedFailOn = parse(problems, () -> Keyword.parse(FailOn.class, orDefault(failOn, FailOn.ERROR.keyword()), "failOn"));
            Duration parsedDuration = expectedDuration == null ? DEFAULT_EXPECTED_DURATION
                    : parse(problems, () -> Durations.parse(expectedDuration, "expectedDuration"));
            Duration parsedMaxWait = maxWait == null ? DEFAULT_MAX_WAIT : parse(problems, () -> Durations.parse(maxWait, "maxWait"));
            Duration parsedHorizon = horizon == null ? DEFAULT_HORIZON : parse(problems, () -> Durations.parse(horizon, "horizon"));
            Instant parsedAt = null;
            if (at != null) {
                try {
                    parsedAt = OffsetDateTime.parse(at).toInstant();
                } catch (DateTimeParseException e) {
                    problems.add(Problem.of("at", at, "invalid instant; expected ISO-8601 with an offset, for example 2027-11-26T09:00:00Z"));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return new FreezeRequest(environment, tenant, parsedChangeType, parsedAt, parsedDuration, parsedOnFreeze, parsedMaxWait,
                    parsedHorizon, calendars, override, requester, overridePolicy, parsedFailOn);
        }

        private static String orDefault(String value, String fallback) {
            return value == null ? fallback : value;
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
