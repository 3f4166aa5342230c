package io.jenkins.plugins.odoorelease.freeze;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which changes a window applies to. Environments and tenants are lists of names where {@code *} matches any
 * run of characters, compared without regard to case; an empty list means every environment or tenant.
 */
public record Scope(List<String> environments, List<String> tenants, Set<ChangeType> changeTypes) {

    public static final Scope EVERYTHING = new Scope(List.of("*"), List.of("*"), EnumSet.allOf(ChangeType.class));

    public Scope {
        environments = List.copyOf(environments);
        tenants = List.copyOf(tenants);
        changeTypes = changeTypes.isEmpty() ? Set.copyOf(EnumSet.allOf(ChangeType.class)) : Set.copyOf(changeTypes);
    }

    /**
     * Returns whether a change matches. A change without a tenant, such as shared infrastructure work, affects
     * every tenant, so it matches windows of any tenant.
     */
    public boolean matches(String environment, String tenant, ChangeType changeType) {
        return changeTypes.contains(changeType)
                && matchesAny(environments, environment)
                && (tenant == null || matchesAny(tenants, tenant));
    }

    /** Returns whether the window applies to {@code environment}, whatever the tenant and the change type. */
    public boolean coversEnvironment(String environment) {
        return matchesAny(environments, environment);
    }

    private static boolean matchesAny(List<String> patterns, String value) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            if (glob(pattern).matcher(value.toLowerCase(Locale.ROOT)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String pattern) {
        String[] literals = pattern.toLowerCase(Locale.ROOT).split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
