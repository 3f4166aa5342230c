package io.jenkins.plugins.odoorelease.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Reads and writes reports and evidence bundles as JSON. Instants are ISO-8601 strings in UTC, NaN values are
 * the string {@code "NaN"}, and unknown properties are ignored on reading so that newer reports stay readable.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Leave out null fields, but keep null map values: a step's result contains "window": null rather than no key.
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
            .build();

    private ReportJson() {
    }

    /** Returns the shared mapper, configured as described above; callers must not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(Object reportOrBundle) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(reportOrBundle);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a report could not be written as JSON", e);
        }
    }

    public static void write(Object reportOrBundle, OutputStream out) throws IOException {
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, reportOrBundle);
    }

    public static StepReport readReport(InputStream in) throws IOException {
        return MAPPER.readValue(in, StepReport.class);
    }

    public static StepReport readReport(String json) throws IOException {
        return MAPPER.readValue(json, StepReport.class);
    }

    public static EvidenceBundle readBundle(InputStream in) throws IOException {
        return MAPPER.readValue(in, EvidenceBundle.class);
    }
}
