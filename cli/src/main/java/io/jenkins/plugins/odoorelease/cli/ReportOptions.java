package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.HtmlRenderer;
import io.jenkins.plugins.odoorelease.report.JUnitXmlRenderer;
import io.jenkins.plugins.odoorelease.report.MarkdownRenderer;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** The report outputs every step command offers. {@code -} as a file name means standard output. */
final class ReportOptions {

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON to FILE.")
    String json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the report as Markdown to FILE.")
    String markdown;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as a self-contained HTML page to FILE.")
    String html;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the findings as JUnit XML to FILE, for the CI server's test view.")
    String junit;

    @Option(names = "--evidence", paramLabel = "DIR", description = "Add the report to the evidence bundle in DIR "
            + "(evidence.json and evidence.html), creating it if needed.")
    Path evidence;

    /** Returns whether any output goes to standard output, in which case the summary stays off it. */
    boolean usesStdout() {
        return "-".equals(json) || "-".equals(markdown) || "-".equals(html) || "-".equals(junit);
    }

    /**
     * Creates the evidence folder before the step runs, so that a wrong path fails at once rather than after a long
     * backup or rollout.
     *
     * @throws InvalidInputException when the folder cannot be created
     */
    void prepare() throws InvalidInputException {
        if (evidence != null) {
            createFolder("--evidence", evidence);
        }
    }

    /**
     * Creates {@code folder} and its parents, or accepts it when it exists.
     *
     * @param option the option that names the folder, for the message
     * @throws InvalidInputException when the path is a file, or the folder cannot be created or written
     */
    static void createFolder(String option, Path folder) throws InvalidInputException {
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw InvalidInputException.forValue(option, folder.toString(), "not a folder: " + e.getFile() + " is a file; give the "
                    + "path of a folder");
        } catch (IOException e) {
            throw InvalidInputException.forValue(option, folder.toString(), "cannot create the folder (" + reason(e) + "); give a "
                    + "folder that you can write to");
        }
        if (!Files.isWritable(folder)) {
            throw InvalidInputException.forValue(option, folder.toString(), "the folder is not writable; give a folder that you can "
                    + "write to");
        }
    }

    /** Describes a file-system error in the operating system's words, such as {@code Permission denied: /srv/out}. */
    private static String reason(IOException e) {
        if (!(e instanceof FileSystemException failed) || failed.getFile() == null) {
            return e.getMessage();
        }
        String reason = failed.getReason();
        if (reason == null) {
            reason = e instanceof NoSuchFileException ? "No such file or directory"
                    : e instanceof AccessDeniedException ? "Permission denied" : e.getClass().getSimpleName();
        }
        return reason + ": " + failed.getFile();
    }

    /**
     * Writes every requested output.
     *
     * @throws InvalidInputException when an output cannot be written, naming the option and the path
     */
    void write(StepReport report, EvidenceBundle.RunInfo run, PrintStream out) throws InvalidInputException {
        write("--json", json, ReportJson.toJson(report) + "\n", out);
        write("--markdown", markdown, MarkdownRenderer.render(report), out);
        write("--html", html, HtmlRenderer.renderPage(report), out);
        write("--junit", junit, JUnitXmlRenderer.render(report), out);
        if (evidence != null) {
            try {
                EvidenceFiles.append(evidence, report, run, Instant.now());
            } catch (IOException e) {
                throw InvalidInputException.forValue("--evidence", evidence.toString(), "cannot add the report to the evidence "
                        + "bundle: " + e.getMessage() + "; point --evidence at a new folder or fix the file");
            }
        }
    }

    private static void write(String option, String target, String content, PrintStream out) throws InvalidInputException {
        if (target == null) {
            return;
        }
        if (target.equals("-")) {
            out.print(content);
            out.flush();
            return;
        }
        Path path = Path.of(target);
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidInputException.forValue(option, target, "cannot write the file (" + e + "); give a writable file path");
        }
    }
}
