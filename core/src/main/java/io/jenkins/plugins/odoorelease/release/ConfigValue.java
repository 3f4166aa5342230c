package io.jenkins.plugins.odoorelease.release;

/** The type of a key in a release configuration, for checking values and for messages. */
enum ConfigValue {
    /** A text value; numbers and booleans are accepted and read as their text. */
    TEXT("a text value"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** A list of text values. */
    LIST("a list of text values"),
    /** A nested mapping or list, passed on as it is (the canary's plan). */
    TREE("a mapping"),
    /** A secret, which must be a reference to an environment variable or a file, never the secret itself. */
    SECRET("a reference such as ${env:NAME} or ${file:PATH}");

    private final String expected;

    ConfigValue(String expected) {
        this.expected = expected;
    }

    String expected() {
        return expected;
    }
}
