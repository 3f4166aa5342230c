package io.jenkins.plugins.odoorelease.image;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The commit a checkout is at, read with {@code git}: its id, its commit time (the image's creation time, so that a
 * rebuild of the same commit gives the same digest) and the URL of the {@code origin} remote without any user name or
 * password in it.
 *
 * @param revision the full commit id
 * @param commitTime the committer date, ISO-8601 with offset, as {@code git log -1 --format=%cI} prints it
 * @param remoteUrl the {@code origin} URL, or {@code null} when there is none
 */
public record SourceRevision(String revision, String commitTime, String remoteUrl) {

    private static final long TIMEOUT_SECONDS = 30;

    /**
     * Reads the commit of the checkout that contains {@code directory}, or returns empty when git is not installed or
     * the folder is not in a git checkout.
     */
    public static Optional<SourceRevision> read(Path directory) throws InterruptedException {
        Optional<String> log = git(directory, "log", "-1", "--format=%H%n%cI");
        if (log.isEmpty()) {
            return Optional.empty();
        }
        String[] lines = log.get().strip().split("\\R");
        if (lines.length < 2) {
            return Optional.empty();
        }
        String remote = git(directory, "config", "--get", "remote.origin.url").map(String::strip).filter(url -> !url.isEmpty())
                .map(SourceRevision::withoutCredentials).orElse(null);
        return Optional.of(new SourceRevision(lines[0].strip(), lines[1].strip(), remote));
    }

    /**
     * Returns the top folder of the git checkout that contains {@code directory}, or empty when git is not installed
     * or the folder is not in a checkout.
     */
    public static Optional<Path> topLevel(Path directory) throws InterruptedException {
        return git(directory, "rev-parse", "--show-toplevel").map(String::strip).filter(path -> !path.isEmpty()).map(Path::of);
    }

    /**
     * Removes the user information from a URL such as {@code https://ci:token@git.example.com/acme/addons.git}, so that a
     * token in a CI clone URL never reaches an image label. An scp-like address such as {@code git@host:org/repo.git}
     * has only a user name and stays as it is.
     */
    static String withoutCredentials(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null || uri.getHost() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url;
        }
    }

    private static Optional<String> git(Path directory, String... arguments) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            process.destroy();
        }
    }
}
