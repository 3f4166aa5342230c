package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import java.util.Map;

/**
 * Reads what CI servers put in the environment, so that the evidence bundle names the pipeline and revision and
 * the freeze guard knows who asked for the change. Knows Jenkins, GitLab CI and GitHub Actions.
 */
final class CiEnvironment {

    private final Map<String, String> env;

    CiEnvironment(Map<String, String> env) {
        this.env = env;
    }

    EvidenceBundle.RunInfo runInfo() {
        if (has("GITLAB_CI")) {
            return new EvidenceBundle.RunInfo(get("CI_PROJECT_PATH") + " pipeline " + get("CI_PIPELINE_ID"), get("CI_PIPELINE_URL"),
                    get("CI_COMMIT_SHA"));
        }
        if (has("GITHUB_ACTIONS")) {
            String url = has("GITHUB_SERVER_URL") ? get("GITHUB_SERVER_URL") + "/" + get("GITHUB_REPOSITORY") + "/actions/runs/"
                    + get("GITHUB_RUN_ID") : null;
            return new EvidenceBundle.RunInfo(get("GITHUB_REPOSITORY") + " run " + get("GITHUB_RUN_ID"), url, get("GITHUB_SHA"));
        }
        if (has("JENKINS_URL") && has("JOB_NAME")) {
            return new EvidenceBundle.RunInfo(get("JOB_NAME") + " #" + get("BUILD_NUMBER"), get("BUILD_URL"), get("GIT_COMMIT"));
        }
        return new EvidenceBundle.RunInfo("odoo-release on " + hostName(), null, null);
    }

    /** Returns the CI user who started the pipeline, or {@code null} when the environment does not say. */
    String requester() {
        for (String name : new String[] {"GITLAB_USER_LOGIN", "GITHUB_ACTOR", "BUILD_USER_ID"}) {
            if (has(name)) {
                return get(name);
            }
        }
        return null;
    }

    private String hostName() {
        return has("HOSTNAME") ? get("HOSTNAME") : "this machine";
    }

    private boolean has(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private String get(String name) {
        return env.get(name);
    }
}
