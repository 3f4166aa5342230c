package io.jenkins.plugins.odoorelease.canary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of an {@code odooMigrateCheck} result the canary needs: whether old and new code can share the database
 * schema while both serve traffic, and which modules the upgrade touches. It is read from the step's result map or
 * from its JSON report, so the canary depends on the data and not on the migrate package.
 *
 * @param canarySafe whether the plan leaves the schema as the running code expects it
 * @param upgrade the modules the upgrade updates
 * @param install the modules the upgrade installs
 */
public record MigrationPlanGate(boolean canarySafe, List<String> upgrade, List<String> install) {

    public MigrationPlanGate {
        upgrade = List.copyOf(upgrade);
        install = List.copyOf(install);
    }

    /**
     * Reads the plan from the result map of {@code odooMigrateCheck}, or from its report, which holds that map under
     * {@code result}.
     *
     * @param name the parameter that holds the plan, for messages
     * @throws InvalidInputException when {@code canarySafe} is missing or not a boolean, or a module list is malformed
     */
    public static MigrationPlanGate fromMap(Map<?, ?> map, String name) throws InvalidInputException {
        Map<?, ?> result = map.get("result") instanceof Map<?, ?> inner && !map.containsKey("canarySafe") ? inner : map;
        List<Problem> problems = new ArrayList<>();
        Object safe = result.get("canarySafe");
        boolean canarySafe = false;
        if (safe instanceof Boolean flag) {
            canarySafe = flag;
        } else if (safe != null && (safe.toString().equals("true") || safe.toString().equals("false"))) {
            canarySafe = Boolean.parseBoolean(safe.toString());
        } else {
            problems.add(Problem.of(name + ".canarySafe", safe == null ? null : safe.toString(), "expected true or false, as "
                    + "odooMigrateCheck returns it; pass that step's result or its JSON report"));
        }
        List<String> upgrade = modules(result.get("upgrade"), name + ".upgrade", problems);
        List<String> install = modules(result.get("install"), name + ".install", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new MigrationPlanGate(canarySafe, upgrade, install);
    }

    /** Reads the plan from the JSON text of an {@code odooMigrateCheck} report or result map. */
    public static MigrationPlanGate fromJson(String json, String name) throws InvalidInputException {
        try {
            Object tree = new ObjectMapper().readValue(json, Object.class);
            if (!(tree instanceof Map<?, ?> map)) {
                throw InvalidInputException.forValue(name, null, "expected a JSON object: the report or result of odooMigrateCheck");
            }
            return fromMap(map, name);
        } catch (JsonProcessingException e) {
            throw InvalidInputException.forValue(name, null, "invalid JSON: " + e.getOriginalMessage()
                    + "; pass the file that 'odoo-release migrate-check --json' wrote");
        }
    }

    /** Accepts module names, or maps with a {@code name} (or {@code module}) key, as the migrate check lists them. */
    private static List<String> modules(Object value, String path, List<Problem> problems) {
        List<String> names = new ArrayList<>();
        if (value == null) {
            return names;
        }
        if (!(value instanceof List<?> list)) {
            problems.add(Problem.of(path, value.toString(), "expected a list of modules"));
            return names;
        }
        for (Object entry : list) {
            if (entry instanceof Map<?, ?> module) {
                Object moduleName = module.get("name") != null ? module.get("name") : module.get("module");
                names.add(String.valueOf(moduleName));
            } else {
                names.add(String.valueOf(entry));
            }
        }
        return names;
    }

    /** Describes what the plan changes, such as {@code upgrades sale, stock; installs pos_restaurant}. */
    public String describeChanges() {
        List<String> parts = new ArrayList<>();
        if (!upgrade.isEmpty()) {
            parts.add("upgrades " + String.join(", ", upgrade));
        }
        if (!install.isEmpty()) {
            parts.add("installs " + String.join(", ", install));
        }
        return parts.isEmpty() ? "changes no module" : String.join("; ", parts);
    }
}
