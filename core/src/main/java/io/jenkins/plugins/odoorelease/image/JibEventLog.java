package io.jenkins.plugins.odoorelease.image;

import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import io.jenkins.plugins.odoorelease.common.EventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Listens to Jib's events: forwards its log lines as debug lines (warnings as warnings) and its progress as a
 * percentage of the whole build, records which blobs were
 * uploaded, mounted from the base repository or already present, and hands the image digest and each manifest push
 * to the {@link TagGuard}. The messages matched here are those of jib-core 0.27.3 ({@code PushBlobStep},
 * {@code ObtainBaseImageLayerStep}, {@code CheckManifestStep}, {@code PushImageStep}, {@code RegistryClient});
 * the tests push to a real registry, so a Jib release that changes them fails the tests, and the guard fails closed.
 */
final class JibEventLog implements Consumer<JibEvent> {

    private static final Pattern ALREADY_PRESENT = Pattern.compile(
            "Skipping (?:push|pull); BLOB already exists on target registry : digest: (sha256:[0-9a-f]{64})");
    private static final Pattern DIGEST_KNOWN = Pattern.compile("Checking existence of manifest for (sha256:[0-9a-f]{64})");
    private static final Pattern MANIFEST_PUSH = Pattern.compile("Pushing manifest for (.+)\\.\\.\\.$");
    private static final Pattern BLOB_POST = Pattern.compile("pushBlob POST (sha256:[0-9a-f]{64})");
    private static final Pattern BLOB_PATCH = Pattern.compile("pushBlob PATCH (sha256:[0-9a-f]{64})");
    /** Jib's warnings while it falls back from verified HTTPS to plain HTTP, which insecure mode expects. */
    private static final Pattern INSECURE_FALLBACK = Pattern.compile("^(Cannot verify server at|Failed to connect to) .*");

    /** The task name of the progress lines, which count percent of Jib's work. */
    static final String PROGRESS_TASK = "Building the image (percent done)";

    private final EventSink events;
    private final TagGuard guard;
    private final boolean insecure;
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private final Set<String> posted = ConcurrentHashMap.newKeySet();
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
    /** The fraction of Jib's work done, from 0 to 1, summed over its progress events. */
    private final DoubleAdder done = new DoubleAdder();

    /**
     * @param guard the tag guard for a registry push, or {@code null} for a tar file
     * @param insecure whether insecure mode is on, so that Jib's fallback warnings are expected
     */
    JibEventLog(EventSink events, TagGuard guard, boolean insecure) {
        this.events = events;
        this.guard = guard;
        this.insecure = insecure;
    }

    @Override
    public void accept(JibEvent event) {
        if (event instanceof LogEvent log) {
            onLog(log);
        } else if (event instanceof TimerEvent timer) {
            onTimer(timer);
        } else if (event instanceof ProgressEvent progress) {
            done.add(progress.getAllocation().getFractionOfRoot() * progress.getUnits());
            events.progress(PROGRESS_TASK, Math.min(100, Math.round(done.sum() * 100)), 100, EventSink.ProgressUnit.ITEMS);
        }
    }

    private void onLog(LogEvent log) {
        String message = log.getMessage();
        switch (log.getLevel()) {
            case ERROR, WARN -> {
                if (insecure && INSECURE_FALLBACK.matcher(message).matches()) {
                    events.debug("Jib: " + message);
                } else {
                    events.warning("Jib: " + message);
                }
            }
            default -> events.debug("Jib: " + message);
        }
        Matcher matcher = ALREADY_PRESENT.matcher(message);
        if (matcher.find()) {
            present.add(matcher.group(1));
        }
        if (guard == null) {
            return;
        }
        matcher = DIGEST_KNOWN.matcher(message);
        if (matcher.find()) {
            guard.onDigest(matcher.group(1));
        }
        matcher = MANIFEST_PUSH.matcher(message);
        if (matcher.find()) {
            guard.beforeManifestPush(matcher.group(1));
        }
    }

    private void onTimer(TimerEvent timer) {
        String description = timer.getDescription();
        Matcher patch = BLOB_PATCH.matcher(description);
        if (patch.find()) {
            uploaded.add(patch.group(1));
            return;
        }
        Matcher post = BLOB_POST.matcher(description);
        if (post.find()) {
            posted.add(post.group(1));
        }
    }

    /** Returns how a blob reached the registry: uploaded, mounted from the base repository, or already there. */
    String status(String digest) {
        if (uploaded.contains(digest)) {
            return "uploaded";
        }
        if (present.contains(digest)) {
            return "reused";
        }
        if (posted.contains(digest)) {
            return "mounted";
        }
        return "reused";
    }
}
