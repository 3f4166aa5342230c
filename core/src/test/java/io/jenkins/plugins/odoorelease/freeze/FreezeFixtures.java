package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Shortcuts for freeze tests: a calendar from text, a request and a run at a fixed instant. */
final class FreezeFixtures {

    private FreezeFixtures() {
    }

    static CalendarSource platform(String name, String content) {
        return CalendarSource.of(name, content, CalendarOrigin.PLATFORM);
    }

    static CalendarSource repository(String name, String content) {
        return CalendarSource.of(name, content, CalendarOrigin.REPOSITORY);
    }

    static FreezeRequest.Builder request(String at, CalendarSource... calendars) {
        return FreezeRequest.builder()
                .environment("production")
                .at(at)
                .expectedDuration("0s")
                .calendars(List.of(calendars));
    }

    static StepReport run(FreezeRequest.Builder request) throws InvalidInputException, InterruptedException {
        return run(request, approver -> null);
    }

    static StepReport run(FreezeRequest.Builder request, OverrideAuthorizer authorizer)
            throws InvalidInputException, InterruptedException {
        FreezeGuard guard = new FreezeGuard(Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC),
                duration -> {
                    throw new AssertionError("a simulated decision must not sleep");
                }, authorizer);
        return guard.run(request.build(), EventSink.NONE);
    }

    static boolean frozen(StepReport report) {
        return (Boolean) report.result().get("frozen");
    }
}
