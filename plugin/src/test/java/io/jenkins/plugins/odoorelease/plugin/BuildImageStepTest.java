package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.FilePath;
import hudson.model.Result;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.RegistryServer;
import io.jenkins.plugins.odoorelease.testing.RegistryWithBase;
import io.jenkins.plugins.odoorelease.testing.SampleBaseImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Runs odooBuildImage in Pipelines against a registry on 127.0.0.1 that speaks HTTPS and needs a login. */
@WithJenkins
class BuildImageStepTest {

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String REVISION_TIME = "2027-03-01T14:22:05+01:00";
    @RegisterExtension
    static final RegistryWithBase REGISTRY = RegistryWithBase.withLogin();

    private static RegistryServer registry() {
        return REGISTRY.registry();
    }

    private static String baseImage() {
        return REGISTRY.baseImage();
    }

    private static void platform(String approvedRegistries, boolean allowLocalBase) throws Exception {
        OdooReleaseConfiguration configuration = OdooReleaseConfiguration.get();
        configuration.setApprovedRegistries(approvedRegistries);
        configuration.setAllowLocalBaseImages(allowLocalBase);
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL,
                "registry", "test registry", RegistryServer.USER, RegistryServer.PASSWORD));
        SystemCredentialsProvider.getInstance().save();
    }

    /** Returns a Pipeline that writes one module into the workspace and builds it, with {@code extra} step arguments. */
    private static String pipeline(String repository, String moduleComment, String extra) {
        return """
                node {
                    writeFile file: 'addons/acme_sale/__manifest__.py', text: "{'name': 'Acme sale', 'version': '17.0.1.0.0', 'license': 'LGPL-3', 'depends': ['sale']}"
                    writeFile file: 'addons/acme_sale/__init__.py', text: '# %s'
                    def image = odooBuildImage image: '%s/%s', baseImage: '%s', addons: ['addons'], tags: ['1.0.0'],
                        registryCredentialsId: 'registry', revision: 'abc123', revisionTime: '%s',
                        source: 'https://git.example.com/acme/addons'%s
                    echo "digest=${image.digest} reference=${image.reference} acme_sale=${image.modules.acme_sale}"
                }
                """.formatted(moduleComment, registry().host(), repository, baseImage(), REVISION_TIME, extra);
    }

    private static WorkflowJob job(JenkinsRule r, String name, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    @Test
    void pushShowsDigestAndInventory(JenkinsRule r) throws Exception {
        platform(registry().host() + "/platform", false);
        WorkflowJob job = job(r, "shop", pipeline("acme/jenkins", "v1", ""));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        String digest = registry().manifest("acme/jenkins", "1.0.0").digest();
        r.assertLogContains("digest=" + digest + " reference=" + registry().host() + "/acme/jenkins@" + digest
                + " acme_sale=17.0.1.0.0", build);
        BuiltImageAction image = build.getAction(BuiltImageAction.class);
        assertNotNull(image);
        assertEquals(digest, image.getDigest());
        assertEquals(Map.of("acme_sale", "17.0.1.0.0"), image.getModules());
        assertEquals(List.of("sale"), image.getExpectedFromBase());
        assertEquals(Verdict.PASS, build.getAction(ReportAction.class).getVerdict());
    }

    @Test
    void noSecretInLogOrBuildDirectory(JenkinsRule r) throws Exception {
        platform(registry().host() + "/platform", false);
        WorkflowJob job = job(r, "secret", pipeline("acme/secret", "v1", ""));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogNotContains(RegistryServer.PASSWORD, build);
        try (Stream<Path> files = Files.walk(build.getRootDir().toPath())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(RegistryServer.PASSWORD),
                        "the registry password is in " + file);
            }
        }
    }

    @Test
    void existingTagFailsBuild(JenkinsRule r) throws Exception {
        platform(registry().host() + "/platform", false);
        r.buildAndAssertSuccess(job(r, "first", pipeline("acme/taken", "v1", "")));
        WorkflowJob second = job(r, "second", pipeline("acme/taken", "v2", ""));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, second);

        r.assertLogContains("ERROR IMAGE_TAG_EXISTS [1.0.0]: The tag 1.0.0 already points at", build);
        r.assertLogContains("odooBuildImage failed (FAIL with failOn: error)", build);
        r.assertLogNotContains("\tat ", build);
        assertNull(build.getAction(BuiltImageAction.class));
    }

    @Test
    void floatingBaseRejected(JenkinsRule r) throws Exception {
        platform(registry().host() + "/platform", false);
        WorkflowJob job = job(r, "floating", pipeline("acme/floating", "v1", "").replace(baseImage(),
                registry().host() + "/platform/odoo-base:17.0"));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("odooBuildImage: baseImage: '" + registry().host() + "/platform/odoo-base:17.0': the base image is given "
                + "by tag only", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void unapprovedRegistryRejectedNamingList(JenkinsRule r) throws Exception {
        platform("registry.example.com/platform\nghcr.io/acme-platform", false);
        WorkflowJob job = job(r, "unapproved", pipeline("acme/unapproved", "v1", ""));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("approved registries: 'registry.example.com/platform' and 'ghcr.io/acme-platform'", build);
    }

    @Test
    void addonsOutsideWorkspaceRejected(JenkinsRule r) throws Exception {
        platform(registry().host() + "/platform", false);
        WorkflowJob job = job(r, "outside", pipeline("acme/outside", "v1", "").replace("addons: ['addons']", "addons: ['../../etc']"));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("odooBuildImage: addons: '../../etc': outside the workspace", build);
    }

    @Test
    void tarFileThroughLinkOutOfWorkspaceRejected(JenkinsRule r) throws Exception {
        platform("registry.example.com/platform", true);
        WorkflowJob job = job(r, "linked-out", """
                node('built-in') {
                    writeFile file: 'addons/acme_pos/__manifest__.py', text: "{'name': 'Acme POS', 'version': '1.0.0', 'license': 'LGPL-3', 'depends': ['point_of_sale']}"
                    odooBuildImage image: 'acme/shop', baseImage: 'docker-archive:base.tar', addons: ['addons'],
                        tarFile: 'out/image.tar', revision: 'abc123', revisionTime: '%s'
                }
                """.formatted(REVISION_TIME));
        FilePath workspace = r.jenkins.getWorkspaceFor(job);
        workspace.mkdirs();
        SampleBaseImages.writeArchive(Path.of(workspace.child("base.tar").getRemote()), "odoo", "17.0");
        Path outside = Files.createTempDirectory("jenkins-home-");
        Files.createSymbolicLink(Path.of(workspace.getRemote(), "out"), outside);

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("odooBuildImage: tarFile: 'out/image.tar': outside the workspace", build);
        r.assertLogNotContains("\tat ", build);
        assertFalse(Files.exists(outside.resolve("image.tar")));
    }

    @Test
    void tarFileFromLocalBase(JenkinsRule r) throws Exception {
        platform("registry.example.com/platform", true);
        WorkflowJob job = job(r, "offline", """
                node {
                    writeFile file: 'addons/acme_pos/__manifest__.py', text: "{'name': 'Acme POS', 'version': '1.0.0', 'license': 'LGPL-3', 'depends': ['point_of_sale']}"
                    def image = odooBuildImage image: 'acme/shop', baseImage: 'docker-archive:base.tar', addons: ['addons'],
                        tarFile: 'out/image.tar', format: 'oci', revision: 'abc123', revisionTime: '%s'
                    echo "tar=${image.tarFile} digest=${image.digest}"
                }
                """.formatted(REVISION_TIME));
        FilePath workspace = r.jenkins.getWorkspaceFor(job);
        workspace.mkdirs();
        SampleBaseImages.writeArchive(Path.of(workspace.child("base.tar").getRemote()), "odoo", "17.0");

        WorkflowRun build = r.buildAndAssertStatus(Result.SUCCESS, job);

        assertTrue(workspace.child("out/image.tar").exists());
        r.assertLogContains("tar=" + workspace.child("out/image.tar").getRemote(), build);
        assertEquals(workspace.child("out/image.tar").getRemote(), build.getAction(BuiltImageAction.class).getTarget());
    }

    @Test
    void pipelineSyntaxRoundTrip(JenkinsRule r) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(r);
        BuildImageStep step = new BuildImageStep("registry.example.com/acme/odoo", "registry.example.com/platform/odoo@sha256:abc");

        snippets.assertRoundTrip(step, "odooBuildImage baseImage: 'registry.example.com/platform/odoo@sha256:abc', "
                + "image: 'registry.example.com/acme/odoo'");
        step.setAddons(List.of("addons/oca", "addons/custom"));
        step.setTags(List.of("1.4.0"));
        step.setRegistryCredentialsId("registry");
        step.setAllowTagOverwrite(true);
        snippets.assertRoundTrip(step, "odooBuildImage addons: ['addons/oca', 'addons/custom'], allowTagOverwrite: true, "
                + "baseImage: 'registry.example.com/platform/odoo@sha256:abc', image: 'registry.example.com/acme/odoo', "
                + "registryCredentialsId: 'registry', tags: ['1.4.0']");
    }

    @Test
    void graphLabelNamesImageAndTag(JenkinsRule r) {
        BuildImageStep.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(BuildImageStep.DescriptorImpl.class);

        assertEquals("registry.example.com/acme/odoo:1.4.0", descriptor.argumentsToString(Map.of("image", "registry.example.com/acme/odoo",
                "tags", List.of("1.4.0", "1.4"))));
    }
}
