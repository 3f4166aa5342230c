package io.jenkins.plugins.odoorelease.odoo;

/** A manifest version that the target series rejects; the message lists the forms it accepts. */
public final class InvalidVersionException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidVersionException(String message) {
        super(message);
    }
}
