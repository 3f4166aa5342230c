package io.jenkins.plugins.odoorelease.plugin;

import hudson.model.Run;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.RunAction2;

/**
 * The image an {@code odooBuildImage} call produced, shown on the build page: its reference by digest, its tags and
 * the inventory of modules with their versions. The full report stays in the {@link ReportAction} of the same call.
 */
public final class BuiltImageAction implements RunAction2 {

    private final String reference;
    private final String digest;
    private final List<String> tags;
    private final String target;
    private final String baseImage;
    private final Map<String, String> modules;
    private final List<String> expectedFromBase;
    private final int reportNumber;

    private transient Run<?, ?> run;

    private BuiltImageAction(String reference, String digest, List<String> tags, String target, String baseImage,
            Map<String, String> modules, List<String> expectedFromBase, int reportNumber) {
        this.reference = reference;
        this.digest = digest;
        this.tags = new ArrayList<>(tags);
        this.target = target;
        this.baseImage = baseImage;
        this.modules = new LinkedHashMap<>(modules);
        this.expectedFromBase = new ArrayList<>(expectedFromBase);
        this.reportNumber = reportNumber;
    }

    /**
     * Returns the action for a report that names an image, or {@code null} when the build stopped before it had one.
     *
     * @param reportNumber the number the report's {@link ReportAction} gets, to link to it
     */
    static BuiltImageAction of(StepReport report, int reportNumber) {
        Map<String, Object> result = report.result();
        if (result.get("reference") == null) {
            return null;
        }
        Map<String, String> modules = new LinkedHashMap<>();
        if (result.get("modules") instanceof Map<?, ?> map) {
            map.forEach((name, version) -> modules.put(String.valueOf(name), String.valueOf(version)));
        }
        List<String> tags = strings(result.get("tags"));
        String target = result.get("tarFile") != null ? String.valueOf(result.get("tarFile")) : null;
        return new BuiltImageAction(String.valueOf(result.get("reference")), String.valueOf(result.get("digest")), tags, target,
                String.valueOf(result.get("baseImage")), modules, strings(result.get("expectedFromBase")), reportNumber);
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    @Override
    public void onAttached(Run<?, ?> attachedTo) {
        this.run = attachedTo;
    }

    @Override
    public void onLoad(Run<?, ?> loadedFrom) {
        this.run = loadedFrom;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public String getReference() {
        return reference;
    }

    public String getDigest() {
        return digest;
    }

    public List<String> getTags() {
        return tags;
    }

    /** Returns the tar file the image was written to, or {@code null} when it was pushed to a registry. */
    public String getTarget() {
        return target;
    }

    public String getBaseImage() {
        return baseImage;
    }

    /** Returns the modules by name with their versions, in name order. */
    public Map<String, String> getModules() {
        return modules;
    }

    public List<String> getExpectedFromBase() {
        return expectedFromBase;
    }

    /** Returns the URL, relative to the build, of the full report of the same call. */
    public String getReportUrl() {
        return "odoo-release-" + reportNumber + "/";
    }

    /** No side-panel link: the build page shows the summary, and the report has its own link. */
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Odoo image " + reference;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
