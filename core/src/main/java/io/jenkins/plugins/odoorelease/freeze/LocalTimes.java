package io.jenkins.plugins.odoorelease.freeze;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Turns wall-clock times into instants with one rule for every calendar format, the rule of RFC 5545
 * (section 3.3.5) and of {@link ZonedDateTime#ofLocal}: a local time that does not exist because the clocks
 * moved forward is shifted later by the length of the gap (02:30 becomes 03:30 on a one-hour spring-forward
 * day), and a local time that exists twice because the clocks moved back takes the earlier offset, so it
 * is the first of the two.
 */
public final class LocalTimes {

    private LocalTimes() {
    }

    public static ZonedDateTime resolve(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.ofLocal(local, zone, null);
    }

    public static Instant toInstant(LocalDateTime local, ZoneId zone) {
        return resolve(local, zone).toInstant();
    }
}
