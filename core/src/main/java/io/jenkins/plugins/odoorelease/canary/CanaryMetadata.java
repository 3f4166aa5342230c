package io.jenkins.plugins.odoorelease.canary;

/**
 * The labels and annotations the canary puts on cluster objects. The annotations hold the rollout's state, so that a
 * rerun or a resumed Jenkins build reads where the rollout stands from the cluster instead of starting over.
 */
public final class CanaryMetadata {

    private static final String PREFIX = "odoo-release.io/";

    /** Label on canary pods, Deployments and Services; its value is {@code canary}. */
    public static final String TRACK = PREFIX + "track";
    /** The standard label naming the tool that manages an object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "odoo-release";

    /** The run that owns the rollout. */
    public static final String RUN = PREFIX + "canary-run";
    /** The index of the plan step the rollout has reached; the step at that index runs next. */
    public static final String STEP = PREFIX + "canary-step";
    /** When the step at {@link #STEP} started, so that a resumed pause waits only for what is left. */
    public static final String STEP_STARTED = PREFIX + "canary-step-started";
    /** The image the canary runs. */
    public static final String IMAGE = PREFIX + "canary-image";
    /** The canary's weight in percent, as last written to the TraefikService. */
    public static final String WEIGHT = PREFIX + "canary-weight";
    /** The phase: progressing, promoting or rollingBack. */
    public static final String PHASE = PREFIX + "canary-phase";
    /** A fingerprint of the plan, so that a resumed run can tell whether the plan changed. */
    public static final String PLAN = PREFIX + "canary-plan";
    /**
     * On the TraefikService: the runs whose rollout ended, with their outcome, so that a resumed run does not start
     * over. It stays when the other annotations are removed at the end of a rollout.
     */
    public static final String ENDED = PREFIX + "canary-ended";
    /** On the TraefikService: the sticky cookie this tool added, so that it is removed again once the traffic is on the stable side. */
    public static final String STICKY_ADDED = PREFIX + "sticky-cookie-added";
    /** On the stable Deployment during a promotion: the image it ran before, to revert to if the promotion fails. */
    public static final String PREVIOUS_IMAGE = PREFIX + "previous-image";

    private CanaryMetadata() {
    }

    /** The phases a rollout passes through, as the {@link #PHASE} annotation records them. */
    public enum Phase {
        PROGRESSING,
        PROMOTING,
        ROLLING_BACK;

        public String value() {
            return switch (this) {
                case PROGRESSING -> "progressing";
                case PROMOTING -> "promoting";
                case ROLLING_BACK -> "rollingBack";
            };
        }

        /** Returns the phase an annotation value names, or {@code PROGRESSING} for an unknown or missing value. */
        public static Phase of(String value) {
            for (Phase phase : values()) {
                if (phase.value().equals(value)) {
                    return phase;
                }
            }
            return PROGRESSING;
        }
    }

    /** Returns the value with {@code -canary} appended, shortened to the 63 characters a label value may have. */
    static String canaryValue(String value) {
        String suffix = "-canary";
        String base = value.length() > 63 - suffix.length() ? value.substring(0, 63 - suffix.length()) : value;
        base = base.replaceAll("[-._]+$", "");
        return base.isEmpty() ? "canary" : base + suffix;
    }
}
