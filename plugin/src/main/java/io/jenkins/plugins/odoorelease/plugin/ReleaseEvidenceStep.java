package io.jenkins.plugins.odoorelease.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.HtmlRenderer;
import io.jenkins.plugins.odoorelease.report.JUnitXmlRenderer;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code odooReleaseEvidence}: writes the evidence bundle of the build so far into the workspace, as JSON, as a
 * self-contained HTML page and as JUnit XML, for {@code archiveArtifacts} and {@code junit}.
 */
public final class ReleaseEvidenceStep extends Step {

    private String json = "odoo-release/evidence.json";
    private String html = "odoo-release/evidence.html";
    private String junit = "odoo-release/junit.xml";

    @DataBoundConstructor
    public ReleaseEvidenceStep() {
        // Every parameter is optional.
    }

    public String getJson() {
        return json;
    }

    @DataBoundSetter
    public void setJson(String json) {
        this.json = Util.fixEmptyAndTrim(json);
    }

    public String getHtml() {
        return html;
    }

    @DataBoundSetter
    public void setHtml(String html) {
        this.html = Util.fixEmptyAndTrim(html);
    }

    public String getJunit() {
        return junit;
    }

    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Util.fixEmptyAndTrim(junit);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final transient ReleaseEvidenceStep step;

        Execution(ReleaseEvidenceStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            FilePath workspace = getContext().get(FilePath.class);
            TaskListener listener = getContext().get(TaskListener.class);
            synchronized (run) {
                ReleaseSummaryAction.ensureOn(run);
            }
            EvidenceBundle bundle = run.getAction(ReleaseSummaryAction.class).bundle();
            Map<String, Object> written = new LinkedHashMap<>();
            write(workspace, step.json, ReportJson.toJson(bundle), "json", written);
            write(workspace, step.html, HtmlRenderer.renderPage(bundle), "html", written);
            write(workspace, step.junit, JUnitXmlRenderer.render(bundle.reports()), "junit", written);
            listener.getLogger().println("Wrote the evidence of " + bundle.reports().size() + " reports (verdict "
                    + bundle.verdict() + ") to " + written.values() + ".");
            written.put("verdict", bundle.verdict().name());
            written.put("reports", bundle.reports().size());
            return written;
        }

        private static void write(FilePath workspace, String path, String content, String key, Map<String, Object> written)
                throws Exception {
            if (path == null) {
                return;
            }
            if (java.nio.file.Path.of(path).isAbsolute() || path.startsWith("/") || !workspace.isDescendant(path)) {
                throw new AbortException(DescriptorImpl.FUNCTION_NAME + ": " + key + ": '" + path
                        + "' is outside the workspace; give a path relative to the workspace");
            }
            FilePath target = workspace.child(path);
            FilePath parent = target.getParent();
            if (parent != null) {
                parent.mkdirs();
            }
            target.write(content, StandardCharsets.UTF_8.name());
            written.put(key, path);
        }
    }

    @Extension
    @Symbol("odooReleaseEvidence")
    public static final class DescriptorImpl extends StepDescriptor {

        static final String FUNCTION_NAME = "odooReleaseEvidence";

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ReleaseEvidenceStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }

        /** Labels the step in the Pipeline Graph View with the files it writes. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            String files = namedArgs.values().stream().filter(value -> value != null).map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", "));
            return files.isEmpty() ? "evidence" : files;
        }
    }
}
