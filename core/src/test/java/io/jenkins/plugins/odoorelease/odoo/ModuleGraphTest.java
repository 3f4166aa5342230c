package io.jenkins.plugins.odoorelease.odoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleGraphTest {

    private static ModuleGraph graph() {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        dependencies.put("base", List.of());
        dependencies.put("web", List.of("base"));
        dependencies.put("mail", List.of("base", "web"));
        dependencies.put("sale", List.of("mail"));
        dependencies.put("stock", List.of("mail"));
        dependencies.put("sale_stock", List.of("sale", "stock"));
        dependencies.put("account", List.of("base"));
        dependencies.put("orphan", List.of("not_there"));
        return new ModuleGraph(dependencies);
    }

    @Test
    void loadOrderIsByDepthThenName() {
        assertThat(graph().loadOrder(graph().modules()))
                .containsExactly("base", "account", "web", "mail", "sale", "stock", "sale_stock");
    }

    @Test
    void moduleWithMissingDependencyIsNotLoaded() {
        assertThat(graph().loadOrder(List.of("base", "web", "mail", "sale", "sale_stock"))).containsExactly("base", "web", "mail", "sale");
    }

    @Test
    void closures() {
        assertThat(graph().withDependencies(List.of("sale_stock"))).containsExactlyInAnyOrder("sale_stock", "sale", "stock", "mail", "web", "base");
        assertThat(graph().withDependents(List.of("sale"))).containsExactlyInAnyOrder("sale", "sale_stock");
        assertThat(graph().dependents("mail")).containsExactly("sale", "stock");
    }

    @Test
    void cyclesAreFound() {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        dependencies.put("base", List.of());
        dependencies.put("a", List.of("base", "b"));
        dependencies.put("b", List.of("c"));
        dependencies.put("c", List.of("a"));
        dependencies.put("self", List.of("self"));
        dependencies.put("d", List.of("a"));
        ModuleGraph graph = new ModuleGraph(dependencies);

        assertThat(graph.cycles()).containsExactly(List.of("a", "b", "c"), List.of("self"));
        assertThat(graph.loadOrder(graph.modules())).containsExactly("base");
    }
}
