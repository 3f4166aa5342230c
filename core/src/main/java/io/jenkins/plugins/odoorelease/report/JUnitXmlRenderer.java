package io.jenkins.plugins.odoorelease.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders reports as JUnit XML so that Jenkins' {@code junit} step and other CI servers show them as tests.
 * Each check becomes a test case in the class {@code odoorelease.<step>.<group>}, skipped when it did not run,
 * and each finding a test case in {@code odoorelease.<step>.findings}: an error finding is a failure, a warning
 * passes with its message as output. A name that repeats in its class gets a number, {@code (2)} on, because CI servers merge
 * test cases of the same name.
 */
public final class JUnitXmlRenderer {

    private JUnitXmlRenderer() {
    }

    public static String render(List<StepReport> reports) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (StepReport report : reports) {
            appendSuite(xml, report);
        }
        return xml.append("</testsuites>\n").toString();
    }

    public static String render(StepReport report) {
        return render(List.of(report));
    }

    private record Case(String className, String name, boolean failed, boolean skipped, String message, String output) {
    }

    private static void appendSuite(StringBuilder xml, StepReport report) {
        UniqueNames names = new UniqueNames();
        List<Case> cases = new ArrayList<>();
        for (Check check : report.checks()) {
            String className = "odoorelease." + report.step() + "." + check.group();
            cases.add(new Case(className, names.next(className, check.name()), check.verdict() == Verdict.FAIL, check.skipped(),
                    check.message(), check.message()));
        }
        for (Finding finding : report.findings()) {
            String name = finding.subject() == null ? finding.code() : finding.code() + " " + finding.subject();
            String output = finding.severity() + ": " + finding.message();
            String className = "odoorelease." + report.step() + ".findings";
            cases.add(new Case(className, names.next(className, name), finding.severity() == Severity.ERROR, false, finding.message(),
                    output));
        }
        if (cases.isEmpty()) {
            cases.add(new Case("odoorelease." + report.step(), "verdict", report.verdict() == Verdict.FAIL, false,
                    report.title(), report.title()));
        }
        long failures = cases.stream().filter(Case::failed).count();
        long skipped = cases.stream().filter(testCase -> testCase.skipped() && !testCase.failed()).count();
        double seconds = Duration.between(report.startedAt(), report.finishedAt()).toMillis() / 1000.0;
        xml.append("  <testsuite name=\"").append(escape(report.step())).append("\" tests=\"").append(cases.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\" time=\"")
                .append(String.format(Locale.ROOT, "%.3f", seconds)).append("\" timestamp=\"")
                .append(report.startedAt()).append("\">\n");
        for (Case testCase : cases) {
            xml.append("    <testcase classname=\"").append(escape(testCase.className())).append("\" name=\"")
                    .append(escape(testCase.name())).append("\" time=\"0\"");
            if (testCase.failed()) {
                xml.append(">\n      <failure message=\"").append(escape(testCase.message())).append("\">")
                        .append(escape(testCase.output())).append("</failure>\n    </testcase>\n");
            } else if (testCase.skipped()) {
                xml.append(">\n      <skipped message=\"").append(escape(testCase.message())).append("\"/>\n    </testcase>\n");
            } else if (!testCase.output().isEmpty()) {
                xml.append(">\n      <system-out>").append(escape(testCase.output())).append("</system-out>\n    </testcase>\n");
            } else {
                xml.append("/>\n");
            }
        }
        xml.append("  </testsuite>\n");
    }

    /** Counts the names used in each class, so that the second {@code name} becomes {@code name (2)}. */
    private static final class UniqueNames {

        private final Map<String, Integer> seen = new HashMap<>();

        String next(String className, String name) {
            int count = seen.merge(className + "\n" + name, 1, Integer::sum);
            return count == 1 ? name : name + " (" + count + ")";
        }
    }

    /** Escapes XML text and attribute values, dropping characters that XML 1.0 does not allow. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000) {
                        escaped.appendCodePoint(c);
                    }
                }
            }
        });
        return escaped.toString();
    }
}
