import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.image.AddonsSource;
import io.jenkins.plugins.odoorelease.image.ImageBuildRequest;
import io.jenkins.plugins.odoorelease.image.ImageBuilder;
import io.jenkins.plugins.odoorelease.image.ImagePolicy;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.RegistryServer;
import io.jenkins.plugins.odoorelease.testing.SampleBaseImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures how much faster a rebuild is after one module of a 300-module tree changed, against a docker-registry on
 * 127.0.0.1. The tree has six addons paths of 50 modules each, the way a tenant combines several OCA repositories
 * with its own, so each path is one layer. Each round pushes a fresh repository with an empty layer cache (the first
 * build), changes one module and builds again (the rebuild).
 *
 * <p>It measures two ways. "engine" runs the builds in this JVM after one warm-up round, as the Jenkins step runs
 * them in a long-lived agent JVM; its ratio is the result. "cli" runs each build as a separate odoo-release process,
 * as a CI job without Jenkins does, so JVM start-up and cold compilation count in both builds. It prints the median
 * times, the ratios and which layers the rebuild uploaded, and exits 1 when the engine ratio is above 0.5 or a
 * rebuild uploaded more than the changed path's layer and the inventory.
 *
 * <p>Run it with bench/image/run.sh.
 */
public final class ImageRebuildBench {

    private static final String[] PATHS = {"oca-web", "oca-stock", "oca-sale", "oca-account", "oca-pos", "custom"};
    private static final int MODULES_PER_PATH = 50;
    private static final String REVISION_TIME = "2027-03-01T14:22:05+01:00";
    private static final List<String> EXPECTED_UPLOADS = List.of("addons: custom (50 modules)", "inventory: /etc/odoo/release.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Builds once; returns the wall-clock nanoseconds and the contents of the layers it uploaded. */
    private interface Builder {
        Result build(String repository, String tag, Path cache) throws Exception;
    }

    private record Result(long nanos, List<String> uploaded) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("odoo-release-bench-image-");
        boolean passed;
        try (RegistryServer registry = RegistryServer.start()) {
            String base = SampleBaseImages.push(registry, "platform/odoo-base", "17.0", "odoo", "17.0");
            Path tree = work.resolve("tree");
            long bytes = writeTree(tree);
            Path config = Files.writeString(work.resolve("odoo-release.yaml"), "image:\n  approvedRegistries: [" + registry.host()
                    + "/platform]\n");
            System.out.printf(Locale.ROOT, "Tree: %d modules in %d addons paths, %.1f MiB of files%n", PATHS.length * MODULES_PER_PATH,
                    PATHS.length, bytes / 1048576.0);
            ImagePolicy policy = new ImagePolicy(List.of(registry.host() + "/platform"), false);
            Builder engine = (repository, tag, cache) -> engineBuild(policy, tree, repository, base, tag, cache);
            Builder cli = (repository, tag, cache) -> cliBuild(jar, config, tree, repository, base, tag, cache,
                    work.resolve(tag + "-" + repository.replace('/', '-').replace(':', '-') + ".json"));
            rounds(engine, "warm-up", 1, registry, tree, work);
            Summary engineSummary = rounds(engine, "engine", rounds, registry, tree, work);
            Summary cliSummary = rounds(cli, "cli", rounds, registry, tree, work);
            passed = engineSummary.ratio() <= 0.5 && engineSummary.onlyThatLayer() && cliSummary.onlyThatLayer();
            System.out.printf(Locale.ROOT, "Result: engine ratio %.2f, cli ratio %.2f (target: engine ratio at most 0.50); "
                    + "rebuilds uploaded only the changed path's layer and the inventory: %s%n", engineSummary.ratio(), cliSummary.ratio(),
                    engineSummary.onlyThatLayer() && cliSummary.onlyThatLayer() ? "yes" : "no");
        } finally {
            delete(work);
        }
        if (!passed) {
            System.exit(1);
        }
    }

    private record Summary(double ratio, boolean onlyThatLayer) {
    }

    private static int repositories;

    private static Summary rounds(Builder builder, String mode, int rounds, RegistryServer registry, Path tree, Path work) throws Exception {
        List<Long> firsts = new ArrayList<>();
        List<Long> rebuilds = new ArrayList<>();
        boolean onlyThatLayer = true;
        for (int round = 1; round <= rounds; round++) {
            repositories++;
            String repository = registry.host() + "/bench/image" + repositories;
            Path cache = work.resolve("cache-" + repositories);
            Result first = builder.build(repository, "first", cache);
            Path changed = tree.resolve("custom/custom_module_07/models/custom_module_07.py");
            Files.writeString(changed, "\n# changed for " + repository + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            Result rebuild = builder.build(repository, "second", cache);
            onlyThatLayer &= rebuild.uploaded().equals(EXPECTED_UPLOADS);
            System.out.printf(Locale.ROOT, "%s round %d: first build %.2f s, rebuild %.2f s, rebuild uploaded %s%n", mode, round,
                    first.nanos() / 1e9, rebuild.nanos() / 1e9, rebuild.uploaded());
            firsts.add(first.nanos());
            rebuilds.add(rebuild.nanos());
        }
        double first = median(firsts) / 1e9;
        double rebuild = median(rebuilds) / 1e9;
        System.out.printf(Locale.ROOT, "%s: median first build %.2f s, median rebuild %.2f s, ratio %.2f%n", mode, first, rebuild,
                rebuild / first);
        return new Summary(rebuild / first, onlyThatLayer);
    }

    /** Builds in this JVM with the engine, as the Jenkins step does on its agent. */
    private static Result engineBuild(ImagePolicy policy, Path tree, String repository, String base, String tag, Path cache)
            throws Exception {
        ImageBuildRequest.Builder request = ImageBuildRequest.builder().image(repository).baseImage(base).tags(List.of(tag))
                .revision("bench-" + tag).revisionTime(REVISION_TIME).source("https://git.example.com/acme/odoo-addons")
                .policy(policy).cacheDirectory(cache);
        for (String path : PATHS) {
            request.addons(new AddonsSource(tree.resolve(path), path));
        }
        long started = System.nanoTime();
        StepReport report = new ImageBuilder(Clock.systemUTC()).run(request.build(), EventSink.NONE);
        long nanos = System.nanoTime() - started;
        List<String> uploaded = new ArrayList<>();
        for (Object layer : (List<?>) report.result().get("layers")) {
            Map<?, ?> map = (Map<?, ?>) layer;
            if ("uploaded".equals(map.get("status"))) {
                uploaded.add(String.valueOf(map.get("content")));
            }
        }
        return new Result(nanos, uploaded);
    }

    /** Runs odoo-release build-image in its own JVM, as a CI job does. */
    private static Result cliBuild(Path jar, Path config, Path tree, String repository, String base, String tag, Path cache, Path report)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--config", config.toString(), "--quiet", "build-image", "--image", repository, "--base-image", base,
                "--tag", tag, "--revision", "bench-" + tag, "--revision-time", REVISION_TIME, "--source",
                "https://git.example.com/acme/odoo-addons", "--cache-dir", cache.toString(), "--json", report.toString()));
        for (String path : PATHS) {
            command.addAll(List.of("--addons", tree.resolve(path).toString()));
        }
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("build-image failed:\n" + output);
        }
        long nanos = System.nanoTime() - started;
        return new Result(nanos, uploadedLayers(report));
    }

    private static List<String> uploadedLayers(Path report) throws IOException {
        List<String> uploaded = new ArrayList<>();
        for (JsonNode layer : JSON.readTree(report.toFile()).path("result").path("layers")) {
            if (layer.path("status").asText().equals("uploaded")) {
                uploaded.add(layer.path("content").asText());
            }
        }
        return uploaded;
    }

    /** Writes the 300 modules with the files a real module has, filled with seeded random text; returns the bytes written. */
    static long writeTree(Path tree) throws IOException {
        long bytes = 0;
        for (String path : PATHS) {
            String prefix = path.replace("oca-", "").replace('-', '_');
            for (int i = 0; i < MODULES_PER_PATH; i++) {
                String name = String.format(Locale.ROOT, "%s_module_%02d", prefix, i);
                Random random = new Random(name.hashCode());
                Path module = tree.resolve(path).resolve(name);
                bytes += write(module.resolve("__manifest__.py"), "{\n    'name': '" + name + "',\n    'version': '17.0.1." + i
                        + ".0',\n    'license': 'AGPL-3',\n    'depends': ['base', 'web'],\n    'data': ['views/" + name
                        + "_views.xml', 'security/ir.model.access.csv'],\n    'installable': True,\n}\n");
                bytes += write(module.resolve("__init__.py"), "from . import models\n");
                bytes += write(module.resolve("models/__init__.py"), "from . import " + name + "\n");
                bytes += write(module.resolve("models/" + name + ".py"), text(random, 12_000));
                bytes += write(module.resolve("views/" + name + "_views.xml"), text(random, 16_000));
                bytes += write(module.resolve("security/ir.model.access.csv"), text(random, 1_000));
                bytes += write(module.resolve("i18n/fr.po"), text(random, 20_000));
                bytes += write(module.resolve("i18n/de.po"), text(random, 20_000));
                bytes += write(module.resolve("static/src/js/" + name + ".js"), text(random, 30_000));
                bytes += binary(random, module.resolve("static/description/icon.png"), 12_000);
                bytes += binary(random, module.resolve("static/description/screenshot.png"), 120_000);
                bytes += write(module.resolve("README.rst"), text(random, 3_000));
            }
        }
        return bytes;
    }

    private static final String[] WORDS = {"partner", "order", "line", "stock", "move", "invoice", "product", "quantity", "price",
        "self", "env", "record", "field", "compute", "depends", "return", "for", "in", "if", "else", "def", "class", "api", "model"};

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? "\n" : " ");
            if (random.nextInt(9) == 0) {
                text.append(random.nextInt(100_000));
            }
        }
        return text.toString();
    }

    /** Writes random bytes, which compress as badly as the PNG images they stand for. */
    private static long binary(Random random, Path file, int length) throws IOException {
        byte[] content = new byte[length];
        random.nextBytes(content);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return length;
    }

    private static long write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        return bytes.length;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
