package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps tags immutable. Jib reports the image digest after the blobs are pushed and before any manifest is. At that
 * moment the guard reads the digest each tag points at in the registry and decides. It lets Jib push when every tag
 * is new or points at this image, or when overwrites are allowed. It stops the push when the registry already has
 * this image under every tag, or when a tag points at another image. Stopping throws {@link Stop} from Jib's event
 * handler, which fails Jib's manifest step before any manifest or tag is written, so the pushed blobs stay
 * unreferenced.
 */
final class TagGuard {

    /** The action the guard takes for one tag. */
    enum Action {
        CREATE("created"),
        UNCHANGED("already points at this image"),
        MOVE("moved from another image"),
        CONFLICT("points at another image; left unchanged");

        private final String description;

        Action(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /**
     * The decision for one tag.
     *
     * @param previousDigest the digest the tag pointed at before this build, or {@code null} when it did not exist
     */
    record TagDecision(String tag, String previousDigest, Action action) {
    }

    /** The reason the guard stopped the push. */
    enum Reason {
        ALREADY_PRESENT,
        TAG_CONFLICT,
        NOT_CHECKED,
        REGISTRY_FAILED
    }

    /** Thrown from Jib's event handler to stop the push before the manifest; carries the decision. */
    static final class Stop extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final Reason reason;
        private final transient OdooReleaseException failure;

        Stop(Reason reason, String message, OdooReleaseException failure) {
            super(message, failure);
            this.reason = reason;
            this.failure = failure;
        }

        Reason reason() {
            return reason;
        }

        /** Returns the registry error that stopped the check, for {@link Reason#REGISTRY_FAILED}. */
        OdooReleaseException failure() {
            return failure;
        }
    }

    private final RegistryApiClient registry;
    private final ImageName image;
    private final List<String> tags;
    private final boolean allowOverwrite;
    private volatile String digest;
    private volatile List<TagDecision> decisions = List.of();

    TagGuard(RegistryApiClient registry, ImageName image, List<String> tags, boolean allowOverwrite) {
        this.registry = registry;
        this.image = image;
        this.tags = List.copyOf(tags);
        this.allowOverwrite = allowOverwrite;
    }

    /** Returns the digest Jib reported, or {@code null} when Jib has not reached its manifest step. */
    String digest() {
        return digest;
    }

    List<TagDecision> decisions() {
        return decisions;
    }

    /**
     * Reads every tag's current digest and decides.
     *
     * @throws Stop when the registry already has the image under every tag, or a tag points at another image and
     *     overwrites are not allowed
     */
    synchronized void onDigest(String imageDigest) {
        this.digest = imageDigest;
        List<TagDecision> decided = new ArrayList<>();
        for (String tag : tags) {
            Optional<String> current;
            try {
                current = registry.manifestDigest(image.repository(), tag);
            } catch (InfrastructureException | InvalidInputException e) {
                throw new Stop(Reason.REGISTRY_FAILED, "cannot read the tag " + tag + ": " + e.getMessage(), e);
            }
            Action action;
            if (current.isEmpty()) {
                action = Action.CREATE;
            } else if (current.get().equals(imageDigest)) {
                action = Action.UNCHANGED;
            } else {
                action = allowOverwrite ? Action.MOVE : Action.CONFLICT;
            }
            decided.add(new TagDecision(tag, current.orElse(null), action));
        }
        this.decisions = List.copyOf(decided);
        if (decided.stream().anyMatch(decision -> decision.action() == Action.CONFLICT)) {
            throw new Stop(Reason.TAG_CONFLICT, "a tag points at another image", null);
        }
        if (decided.stream().allMatch(decision -> decision.action() == Action.UNCHANGED)) {
            throw new Stop(Reason.ALREADY_PRESENT, "the registry already has " + imageDigest + " under every tag", null);
        }
    }

    /**
     * Fails closed before Jib pushes a manifest for a tag the guard has not decided on, for example when a Jib
     * release stops reporting the digest as this class expects.
     */
    void beforeManifestPush(String tag) {
        boolean decided = decisions.stream().anyMatch(decision -> decision.tag().equals(tag) && decision.action() != Action.CONFLICT);
        if (digest == null || !decided) {
            throw new Stop(Reason.NOT_CHECKED, "Jib was about to push the manifest for " + tag + " before its tag was checked", null);
        }
    }
}
