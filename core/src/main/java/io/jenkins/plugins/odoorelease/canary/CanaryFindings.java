package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.report.FindingCode;

/** The finding codes of {@code odooCanary}. */
public enum CanaryFindings implements FindingCode {
    CANARY_PROMOTED("The canary passed every step and the stable Deployment now runs the new image."),
    CANARY_ROLLED_BACK("The rollout was rolled back: traffic is on the stable Service only and the canary is removed."),
    CANARY_HELD("The rollout stopped at its current weight and waits for a person or a rerun."),
    CANARY_METRIC_FAILED("A metric failed more often than its failure limit allows."),
    CANARY_METRIC_INCONCLUSIVE("A metric gave more inconclusive results than its inconclusive limit allows."),
    CANARY_SCHEMA_CHANGE("The migration plan changes the database schema, so old and new code cannot share it during a canary."),
    CANARY_FROZEN("A freeze window stopped the next weight increase."),
    CANARY_ABORTED("The run was aborted, so the rollout was rolled back."),
    CANARY_RUN_FAILED("An error from the cluster or a metric source stopped the rollout part-way, so the run rolled it back."),
    CANARY_RESUMED("A rollout of the same image was already live, or this run had ended; the run continued from its recorded step or returned its outcome."),
    CANARY_SUPERSEDED("A live rollout of another image was rolled back before this one started."),
    CANARY_NOT_READY("The canary did not become ready in time, or a Service had no ready endpoints."),
    CANARY_WEIGHTS_MISMATCH("The weights read back from the TraefikService differ from the weights written."),
    CANARY_PROMOTION_FAILED("The stable Deployment did not finish rolling out the new image, so it was reverted."),
    CANARY_STABLE_UNMEASURED("A metric with stableMargin found no requests of the stable side, so the comparison never ran."),
    CANARY_ROUTE_UNREFERENCED("No IngressRoute in the namespace references the weighted TraefikService, so weights change no traffic."),
    CANARY_DRY_RUN("Dry run: the objects and the schedule were printed and nothing on the cluster was changed."),
    CANARY_IMAGE_BY_TAG("The image is given by tag, which can be moved to other content during the rollout.");

    private final String summary;

    CanaryFindings(String summary) {
        this.summary = summary;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String summary() {
        return summary;
    }
}
