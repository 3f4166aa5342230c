package io.jenkins.plugins.odoorelease.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the engine's checked exceptions. The context names the systems involved (database, bucket,
 * registry, namespace) so that front ends can say where a failure happened without parsing messages.
 */
public abstract class OdooReleaseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> context;

    protected OdooReleaseException(String message, Map<String, String> context, Throwable cause) {
        super(message, cause);
        this.context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /** Systems and objects involved, for example {@code database=prod} or {@code bucket=backups}. */
    public Map<String, String> context() {
        return context;
    }
}
