package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.List;

/**
 * The windows read from calendars and the problems found in them. A problem in one window leaves that window
 * out and is reported, while every other window is still read and checked.
 */
public record CalendarParseResult(List<FreezeWindow> windows, List<Problem> problems) {

    public CalendarParseResult {
        windows = List.copyOf(windows);
        problems = List.copyOf(problems);
    }
}
