package io.jenkins.plugins.odoorelease.odoo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Modules and their dependencies, with the order Odoo loads them in. {@code Graph.add_modules} in
 * {@code odoo/modules/graph.py} adds a module only once all its dependencies are in the graph, at a depth one
 * more than its deepest dependency (0 without dependencies), and {@code Graph.__iter__} walks the graph by depth,
 * then by name. A module whose dependency is missing, or that is part of a cycle, is never added.
 */
public final class ModuleGraph {

    private final Map<String, List<String>> dependencies;
    private final Map<String, Set<String>> dependents = new HashMap<>();

    /** Builds a graph from each module's direct dependencies; a dependency need not be a key itself. */
    public ModuleGraph(Map<String, ? extends Collection<String>> dependencies) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        dependencies.forEach((module, depends) -> copy.put(module, List.copyOf(new LinkedHashSet<>(depends))));
        this.dependencies = Collections.unmodifiableMap(copy);
        copy.forEach((module, depends) -> depends.forEach(dependency ->
                dependents.computeIfAbsent(dependency, key -> new TreeSet<>()).add(module)));
    }

    /** Returns the modules of the graph, in the order they were given. */
    public Set<String> modules() {
        return dependencies.keySet();
    }

    public boolean contains(String module) {
        return dependencies.containsKey(module);
    }

    /** Returns the direct dependencies of a module, or an empty list for a module not in the graph. */
    public List<String> dependencies(String module) {
        return dependencies.getOrDefault(module, List.of());
    }

    /** Returns the modules that depend directly on {@code module}, by name. */
    public Set<String> dependents(String module) {
        return Collections.unmodifiableSet(dependents.getOrDefault(module, Set.of()));
    }

    /** Returns the roots and every module they depend on, directly or not, including names not in the graph. */
    public Set<String> withDependencies(Collection<String> roots) {
        return closure(roots, this::dependencies);
    }

    /** Returns the roots and every module that depends on one of them, directly or not. */
    public Set<String> withDependents(Collection<String> roots) {
        return closure(roots, this::dependents);
    }

    private static Set<String> closure(Collection<String> roots, java.util.function.Function<String, Collection<String>> next) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            String module = work.pop();
            if (seen.add(module)) {
                work.addAll(next.apply(module));
            }
        }
        return seen;
    }

    /**
     * Returns the modules Odoo would load out of {@code modules}, in its order: by depth, then by name. Modules
     * with a dependency outside {@code modules}, or in a dependency cycle, are left out, as Odoo leaves them out.
     */
    public List<String> loadOrder(Collection<String> modules) {
        Set<String> available = new LinkedHashSet<>(modules);
        Map<String, Integer> depths = new HashMap<>();
        for (String module : available) {
            depth(module, available, depths, new LinkedHashSet<>());
        }
        List<String> order = new ArrayList<>();
        depths.forEach((module, depth) -> {
            if (depth >= 0 && available.contains(module)) {
                order.add(module);
            }
        });
        order.sort(Comparator.comparing((String module) -> depths.get(module)).thenComparing(module -> module));
        return order;
    }

    /** Returns the depth in the load graph of {@code available}, or -1 when the module cannot be loaded. */
    private int depth(String module, Set<String> available, Map<String, Integer> depths, Set<String> visiting) {
        Integer known = depths.get(module);
        if (known != null) {
            return known;
        }
        if (!available.contains(module) || !visiting.add(module)) {
            return -1;
        }
        int depth = 0;
        for (String dependency : dependencies(module)) {
            int dependencyDepth = depth(dependency, available, depths, visiting);
            if (dependencyDepth < 0) {
                depth = -1;
                break;
            }
            depth = Math.max(depth, dependencyDepth + 1);
        }
        visiting.remove(module);
        depths.put(module, depth);
        return depth;
    }

    /**
     * Returns the dependency cycles, each as the names of its modules in order, smallest name first. A module that
     * depends on itself is a cycle of one.
     */
    public List<List<String>> cycles() {
        Tarjan tarjan = new Tarjan();
        for (String module : dependencies.keySet()) {
            if (!tarjan.index.containsKey(module)) {
                tarjan.visit(module);
            }
        }
        List<List<String>> cycles = new ArrayList<>();
        for (List<String> component : tarjan.components) {
            if (component.size() > 1 || dependencies(component.get(0)).contains(component.get(0))) {
                List<String> sorted = new ArrayList<>(component);
                Collections.sort(sorted);
                cycles.add(sorted);
            }
        }
        cycles.sort(Comparator.comparing(cycle -> cycle.get(0)));
        return cycles;
    }

    /** Tarjan's strongly connected components, iterative so that deep graphs do not overflow the stack. */
    private final class Tarjan {

        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new java.util.HashSet<>();
        private final List<List<String>> components = new ArrayList<>();
        private int counter;

        private record Frame(String module, java.util.Iterator<String> next) {
        }

        void visit(String root) {
            Deque<Frame> frames = new ArrayDeque<>();
            open(root, frames);
            while (!frames.isEmpty()) {
                Frame frame = frames.peek();
                if (frame.next().hasNext()) {
                    String dependency = frame.next().next();
                    if (!dependencies.containsKey(dependency)) {
                        continue;
                    }
                    if (!index.containsKey(dependency)) {
                        open(dependency, frames);
                    } else if (onStack.contains(dependency)) {
                        low.put(frame.module(), Math.min(low.get(frame.module()), index.get(dependency)));
                    }
                    continue;
                }
                frames.pop();
                String module = frame.module();
                if (!frames.isEmpty()) {
                    String parent = frames.peek().module();
                    low.put(parent, Math.min(low.get(parent), low.get(module)));
                }
                if (low.get(module).equals(index.get(module))) {
                    List<String> component = new ArrayList<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(module));
                    components.add(component);
                }
            }
        }

        private void open(String module, Deque<Frame> frames) {
            index.put(module, counter);
            low.put(module, counter);
            counter++;
            stack.push(module);
            onStack.add(module);
            frames.push(new Frame(module, dependencies(module).iterator()));
        }
    }
}
