package io.jenkins.plugins.odoorelease.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Configures Jib for one build and runs it: the base image by digest, the added layers, labels, user, creation time
 * and format, and a registry or tar file as the target. It turns Jib's exceptions into this project's: a rejected
 * login or an insecure registry is the user's to fix, anything else is an infrastructure fault.
 */
final class JibBuild {

    /**
     * Jib's tool name and version, which Jib writes into the image history. The version names the layout of the
     * image this project builds rather than the release, so that upgrading the plugin keeps digests unless the
     * layout changes. Raise it whenever the layout does.
     */
    static final String TOOL_NAME = "odoo-release";
    static final String LAYOUT_VERSION = "image-layout-1";

    /**
     * The outcome of Jib's run.
     *
     * @param digest the manifest digest, also when the guard stopped the push
     * @param imageId the digest of the image configuration, or {@code null} when the guard stopped the push
     * @param stopped why the tag guard stopped the push, or {@code null} when the image was pushed or written
     */
    record Outcome(String digest, String imageId, TagGuard.Reason stopped, List<TagGuard.TagDecision> tags, JibEventLog log) {
    }

    private final ImageBuildRequest request;
    private final BaseImage base;
    private final EventSink events;

    JibBuild(ImageBuildRequest request, BaseImage base, EventSink events) {
        this.request = request;
        this.base = base;
        this.events = events;
    }

    /**
     * Builds and pushes (or writes) the image.
     *
     * @param guard the tag guard for a registry target, or {@code null} for a tar file
     * @param baseLayersCache the folder where Jib keeps the base image's layers between builds
     * @param applicationLayersCache the folder where Jib writes the added layers during this build
     */
    Outcome run(List<ImageLayers.Layer> layers, Map<String, String> labels, String user, TagGuard guard, Path baseLayersCache,
            Path applicationLayersCache)
            throws InvalidInputException, InfrastructureException, InterruptedException {
        boolean insecure = request.insecureRegistries();
        JibEventLog log = new JibEventLog(events, guard, insecure);
        JibContainerBuilder builder = from();
        ImageLayers.contents(layers).forEach(builder::addFileEntriesLayer);
        builder.setLabels(labels)
                .setUser(user)
                .setCreationTime(request.created())
                .setFormat(request.format().jibFormat());
        if (base.archive() == null) {
            builder.setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform(request.platform().architecture(),
                    request.platform().os())));
        }
        Containerizer containerizer = to()
                .setAllowInsecureRegistries(insecure)
                .setBaseImageLayersCache(baseLayersCache)
                .setApplicationLayersCache(applicationLayersCache)
                .setToolName(TOOL_NAME)
                .setToolVersion(LAYOUT_VERSION)
                .addEventHandler(JibEvent.class, log);
        for (int i = 1; i < request.tags().size(); i++) {
            containerizer.withAdditionalTag(request.tags().get(i));
        }
        try {
            JibContainer container = builder.containerize(containerizer);
            return new Outcome(container.getDigest().toString(), container.getImageId().toString(), null,
                    guard == null ? List.of() : guard.decisions(), log);
        } catch (ExecutionException | RegistryException | IOException | CacheDirectoryCreationException e) {
            deletePartialTarFile();
            TagGuard.Stop stop = find(e, TagGuard.Stop.class);
            if (stop != null) {
                return stopped(stop, guard, log);
            }
            OdooReleaseException translated = translate(e);
            if (translated instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw (InfrastructureException) translated;
        }
    }

    private JibContainerBuilder from() throws InvalidInputException {
        if (base.archive() != null) {
            return Jib.from(TarImage.at(base.archive()));
        }
        RegistryImage image = RegistryImage.named(base.name().toJib().withQualifier(base.digest()));
        RegistryCredentials credentials = request.baseCredentials();
        if (credentials != null) {
            image.addCredential(credentials.username(), credentials.password().reveal());
        }
        return Jib.from(image);
    }

    private Containerizer to() throws InvalidInputException {
        String firstTag = request.tags().isEmpty() ? "latest" : request.tags().get(0);
        ImageReference target = request.image().toJib().withQualifier(firstTag);
        if (request.toTarFile()) {
            return Containerizer.to(TarImage.at(request.tarFile().toAbsolutePath()).named(target));
        }
        RegistryImage image = RegistryImage.named(target);
        if (request.registryCredentials() != null) {
            image.addCredential(request.registryCredentials().username(), request.registryCredentials().password().reveal());
        }
        return Containerizer.to(image);
    }

    private Outcome stopped(TagGuard.Stop stop, TagGuard guard, JibEventLog log) throws InfrastructureException, InvalidInputException {
        switch (stop.reason()) {
            case ALREADY_PRESENT, TAG_CONFLICT -> {
                return new Outcome(guard.digest(), null, stop.reason(), guard.decisions(), log);
            }
            case REGISTRY_FAILED -> {
                OdooReleaseException failure = stop.failure();
                if (failure instanceof InvalidInputException invalid) {
                    throw invalid;
                }
                throw (InfrastructureException) failure;
            }
            default -> throw new InfrastructureException("The push was stopped before any manifest was written: " + stop.getMessage()
                    + ". This Jib release reports its progress differently than expected; nothing was tagged", context(), stop);
        }
    }

    private OdooReleaseException translate(Exception e) {
        RegistryUnauthorizedException unauthorized = find(e, RegistryUnauthorizedException.class);
        RegistryAuthenticationFailedException failed = find(e, RegistryAuthenticationFailedException.class);
        if (unauthorized != null || failed != null) {
            String detail = unauthorized != null ? unauthorized.getMessage() : failed.getMessage();
            return new InvalidInputException(List.of(Problem.of("registryCredentials", null, "the registry rejected the "
                    + "credentials or needs some (" + detail + "); check the user name, the password and the permission to push")),
                    context(), e);
        }
        InsecureRegistryException insecure = find(e, InsecureRegistryException.class);
        if (insecure != null) {
            return new InvalidInputException(List.of(Problem.of("allowInsecureRegistry", "false", insecure.getMessage() + " Plain "
                    + "HTTP and unverified certificates are allowed only when every registry of the build is on this machine's "
                    + "loopback interface; give the registry a trusted certificate, or set allowInsecureRegistry")), context(), e);
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InvalidImageReferenceException) {
            return new InvalidInputException(List.of(Problem.of("image", request.image().text(), cause.getMessage())), context(), e);
        }
        return new InfrastructureException("The image build failed: " + cause, context(), e);
    }

    private Map<String, String> context() {
        return request.toTarFile() ? Map.of("tarFile", request.tarFile().toString())
                : Map.of("registry", request.image().registry(), "repository", request.image().repository());
    }

    private void deletePartialTarFile() {
        if (request.toTarFile()) {
            try {
                Files.deleteIfExists(request.tarFile());
            } catch (IOException e) {
                events.warning("Cannot delete the incomplete tar file " + request.tarFile() + ": " + e.getMessage());
            }
        }
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }
}
