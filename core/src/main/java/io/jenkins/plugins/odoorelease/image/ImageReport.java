package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.Sizes;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.FindingCode;
import io.jenkins.plugins.odoorelease.report.Measurement;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects the report of one image build: findings while checking, then the image, its layers, tags and inventory. */
final class ImageReport {

    private final ImageBuildRequest request;
    private final StepReport.Builder report;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private ImageAddons scan;
    private BaseImage base;
    private List<ImageLayers.Layer> planned = List.of();
    private final List<LayerRow> layers = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private String title;

    /** One layer of the built image as the report lists it. */
    record LayerRow(String description, String digest, long size, String status) {
    }

    ImageReport(ImageBuildRequest request, Instant startedAt) {
        this.request = request;
        this.report = StepReport.builder(ImageBuilder.STEP).startedAt(startedAt);
        parameters();
        result.put("reference", null);
        result.put("digest", null);
        result.put("tags", List.of());
        result.put("modules", Map.of());
        result.put("pushed", false);
    }

    void finding(FindingCode code, Severity severity, String subject, String message) {
        findings.add(Finding.of(code, severity, subject, message));
    }

    Verdict verdict() {
        return StepReport.verdictOf(findings);
    }

    int errorCount() {
        return (int) findings.stream().filter(finding -> finding.severity() == Severity.ERROR).count();
    }

    void addons(ImageAddons addonsScan) {
        this.scan = addonsScan;
        findings.addAll(addonsScan.findings());
        addonsScan.checks().forEach(report::check);
        Map<String, Object> modules = new TreeMap<>();
        addonsScan.allModules().forEach(module -> modules.put(module.name(), module.version()));
        result.put("modules", modules);
        result.put("expectedFromBase", addonsScan.expectedFromBase());
    }

    void layersPlanned(List<ImageLayers.Layer> layerPlan, BaseImage baseImage) {
        this.planned = List.copyOf(layerPlan);
        this.base = baseImage;
    }

    /** Finishes a report for a build that stopped before Jib ran, because of the errors found. */
    StepReport notBuilt(Instant finishedAt) {
        int errors = errorCount();
        title = "Not built: " + Text.count(errors, "problem", "problems") + " found before pushing";
        return build(finishedAt);
    }

    void written(JibBuild.Outcome outcome, ImageArchive archive, String series, String user, Map<String, String> labels) {
        for (int i = 0; i < archive.layers().size(); i++) {
            ImageArchive.Layer layer = archive.layers().get(i);
            layers.add(new LayerRow(describe(i, archive.layers().size()), layer.digest(), layer.size(), "written"));
        }
        image(outcome, series, user, labels, request.tags());
        result.put("tarFile", request.tarFile().toString());
        title = "Wrote " + request.tarFile().getFileName() + " (" + request.format().keyword() + " layout): " + outcome.digest();
    }

    void tagConflict(JibBuild.Outcome outcome, String series, String user, Map<String, String> labels) {
        List<String> conflicting = new ArrayList<>();
        for (TagGuard.TagDecision decision : outcome.tags()) {
            if (decision.action() == TagGuard.Action.CONFLICT) {
                conflicting.add(decision.tag());
                finding(ImageFindings.IMAGE_TAG_EXISTS, Severity.ERROR, decision.tag(), "The tag " + decision.tag() + " already "
                        + "points at " + decision.previousDigest() + ", and this build is " + outcome.digest() + ". Tags are immutable, "
                        + "so nothing was tagged; use a new tag, or set allowTagOverwrite to move it. The layers were uploaded and stay "
                        + "unreferenced until a manifest refers to them.");
            }
        }
        image(outcome, series, user, labels, List.of());
        result.put("reference", null);
        tagSection(outcome);
        title = "Not pushed: " + String.join(", ", conflicting) + (conflicting.size() == 1 ? " points" : " point")
                + " at another image";
    }

    void pushed(JibBuild.Outcome outcome, RegistryApiClient.Manifest manifest, String series, String user, Map<String, String> labels) {
        List<ImageArchive.Layer> manifestLayers = new ArrayList<>();
        manifest.json().path("layers").forEach(layer -> manifestLayers.add(new ImageArchive.Layer(layer.path("digest").asText(),
                layer.path("size").asLong())));
        boolean alreadyPresent = outcome.stopped() == TagGuard.Reason.ALREADY_PRESENT;

        for (int i = 0; i < manifestLayers.size(); i++) {
            ImageArchive.Layer layer = manifestLayers.get(i);
            String status = alreadyPresent ? "reused" : outcome.log().status(layer.digest());
            layers.add(new LayerRow(describe(i, manifestLayers.size()), layer.digest(), layer.size(), status));
        }
        image(outcome, series, user, labels, request.tags());
        result.put("imageId", manifest.json().path("config").path("digest").asText());
        result.put("pushed", !alreadyPresent);
        tagSection(outcome);

        for (TagGuard.TagDecision decision : outcome.tags()) {
            if (decision.action() == TagGuard.Action.MOVE) {
                finding(ImageFindings.IMAGE_TAG_MOVED, Severity.WARNING, decision.tag(), "The tag " + decision.tag() + " pointed "
                        + "at " + decision.previousDigest() + " and now points at " + outcome.digest() + ", because allowTagOverwrite is "
                        + "set. Deployments that use the tag will change; refer to images by digest.");
            }
        }

        String reference = request.image().writtenRepository() + "@" + outcome.digest();
        if (alreadyPresent) {
            finding(ImageFindings.IMAGE_ALREADY_PUSHED, Severity.INFO, reference, "The registry already holds " + reference
                    + " under " + String.join(", ", request.tags()) + "; nothing was pushed.");
            title = "Already pushed: " + reference + " (nothing to do)";
        } else {
            title = "Pushed " + reference + " as " + String.join(", ", request.tags());
        }
        report.measurement(Measurement.of("uploadedBytes", bytes("uploaded"), "bytes"));
        report.measurement(Measurement.of("uploadedLayers", count("uploaded"), "layers"));
        report.measurement(Measurement.of("layers", layers.size(), "layers"));
    }

    /** Returns, for example, {@code 1 of 9 layers uploaded (2.1 MiB), 8 reused or mounted}. */
    String uploadSummary() {
        long uploaded = count("uploaded");
        return uploaded + " of " + Text.count(layers.size(), "layer", "layers") + " uploaded (" + Sizes.format(bytes("uploaded"))
                + "), " + (layers.size() - uploaded) + " reused or mounted";
    }

    StepReport build(Instant finishedAt) {
        report.findings(findings);
        result.forEach(report::result);
        if (scan != null) {
            report.section(inventorySection());
            if (!scan.expectedFromBase().isEmpty()) {
                report.section(new Section.KeyValues("Expected from the base image", Map.of("Modules",
                        String.join(", ", scan.expectedFromBase()))));
            }
        }
        if (!layers.isEmpty()) {
            report.section(layerSection());
        }
        return report.title(title == null ? "" : title).finishedAt(finishedAt).build();
    }

    private void image(JibBuild.Outcome outcome, String series, String user, Map<String, String> labels, List<String> tags) {
        String reference = request.image().writtenRepository() + "@" + outcome.digest();
        result.put("reference", reference);
        result.put("digest", outcome.digest());
        result.put("tags", tags);
        result.put("imageId", outcome.imageId());
        result.put("baseImage", base.displayName() + "@" + base.digest());
        result.put("baseDigest", base.digest());
        result.put("series", series);
        result.put("user", user);
        result.put("revision", request.revision());
        result.put("created", request.created().toString());
        result.put("labels", labels);

        List<Map<String, Object>> layerList = new ArrayList<>();
        for (LayerRow row : layers) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("content", row.description());
            layer.put("digest", row.digest());
            layer.put("size", row.size());
            layer.put("status", row.status());
            layerList.add(layer);
        }
        result.put("layers", layerList);

        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("Reference", reference);
        entries.put("Digest", outcome.digest());
        entries.put(request.toTarFile() ? "Tar file" : "Registry", request.toTarFile() ? request.tarFile().toString()
                : request.image().registry());
        entries.put("Base image", base.displayName() + "@" + base.digest());
        entries.put("Odoo series", series);
        entries.put("User", user);
        entries.put("Revision", request.revision());
        entries.put("Created", request.created().toString());
        entries.put("Platform", request.platform().toString());
        entries.put("Format", request.format().keyword());
        report.section(new Section.KeyValues("Image", entries));

        List<List<String>> labelRows = new ArrayList<>();
        labels.forEach((key, value) -> labelRows.add(List.of(key, value)));
        report.section(new Section.Table("Labels", List.of("label", "value"), labelRows));
    }

    private void tagSection(JibBuild.Outcome outcome) {
        List<List<String>> rows = new ArrayList<>();
        for (TagGuard.TagDecision decision : outcome.tags()) {
            rows.add(List.of(decision.tag(), decision.previousDigest() == null ? "-" : decision.previousDigest(),
                    decision.action().description()));
        }
        report.section(new Section.Table("Tags", List.of("tag", "before this build", "result"), rows));
    }

    private Section layerSection() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerRow row = layers.get(i);
            rows.add(List.of(String.valueOf(i + 1), row.description(), row.digest(), Sizes.format(row.size()), row.status()));
        }
        return new Section.Table("Layers", List.of("#", "content", "digest", "size", "status"), rows);
    }

    private Section inventorySection() {
        List<List<String>> rows = new ArrayList<>();
        scan.allModules().stream().sorted(java.util.Comparator.comparing(ModuleRecord::name)).forEach(module -> rows.add(List.of(
                module.name(), module.version() == null ? "invalid" : module.version(), module.addonsPath(), module.checksum(),
                String.join(", ", module.depends()))));
        return new Section.Table("Inventory (" + ReleaseInventory.PATH + ")", List.of("module", "version", "addons path", "checksum",
                "depends"), rows);
    }

    /** Names layer {@code index} of {@code total}: the base image's layers first, then the planned layers in order. */
    private String describe(int index, int total) {
        int baseCount = total - planned.size();
        if (index < baseCount) {
            return "base image layer " + (index + 1) + " of " + baseCount;
        }
        return planned.get(index - baseCount).description();
    }

    private long count(String status) {
        return layers.stream().filter(row -> row.status().equals(status)).count();
    }

    private long bytes(String status) {
        return layers.stream().filter(row -> row.status().equals(status)).mapToLong(LayerRow::size).sum();
    }

    private void parameters() {
        report.parameter("image", request.image().writtenRepository())
                .parameter("baseImage", request.baseImageText())
                .parameter("addons", request.addons().stream().map(AddonsSource::label).toList())
                .parameter("tags", request.tags())
                .parameter("odooConfig", request.odooConfig() == null ? null : request.odooConfig().getFileName().toString())
                .parameter("series", request.series())
                .parameter("user", request.user())
                .parameter("revision", request.revision())
                .parameter("revisionTime", request.created().toString())
                .parameter("source", request.source())
                .parameter("version", request.version())
                .parameter("tarFile", request.tarFile() == null ? null : request.tarFile().toString())
                .parameter("format", request.format().keyword())
                .parameter("platform", request.platform().toString())
                .parameter("addonsRoot", request.addonsRoot())
                .parameter("allowFloatingBase", request.allowFloatingBase())
                .parameter("allowTagOverwrite", request.allowTagOverwrite())
                .parameter("allowInsecureRegistry", request.allowInsecureRegistry())
                .parameter("approvedRegistries", request.policy().approvedRegistries())
                .parameter("failOn", request.failOn().keyword());
    }
}
