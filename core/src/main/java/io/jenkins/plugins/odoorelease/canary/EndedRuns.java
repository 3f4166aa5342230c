package io.jenkins.plugins.odoorelease.canary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runs whose rollout ended, as the {@link CanaryMetadata#ENDED} annotation on the TraefikService records them: a JSON
 * object from run id to outcome, oldest first. A Jenkins build that resumes after a controller restart may not have
 * learnt that its rollout ended before the shutdown. The record keeps it from starting the rollout again.
 */
final class EndedRuns {

    /** How many runs the record keeps; older ones are dropped, so the annotation stays small. */
    static final int KEPT = 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Entry>> TYPE = new TypeReference<>() {
    };

    /** The end of one run: {@code outcome} is a keyword of {@link Outcome}, and {@code at} an ISO-8601 instant. */
    record Entry(String outcome, String image, String reason, String at) {
    }

    private EndedRuns() {
    }

    /** Reads the record; a missing or unreadable annotation reads as no ended run, which only allows a new rollout. */
    static Map<String, Entry> parse(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            LinkedHashMap<String, Entry> runs = JSON.readValue(json, TYPE);
            return runs == null ? new LinkedHashMap<>() : runs;
        } catch (JsonProcessingException e) {
            return new LinkedHashMap<>();
        }
    }

    /** Returns the record with {@code run} added as the newest entry, keeping the newest {@value #KEPT}. */
    static String with(String json, String run, Entry entry) {
        Map<String, Entry> runs = parse(json);
        runs.remove(run);
        runs.put(run, entry);
        while (runs.size() > KEPT) {
            runs.remove(runs.keySet().iterator().next());
        }
        try {
            return JSON.writeValueAsString(runs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
