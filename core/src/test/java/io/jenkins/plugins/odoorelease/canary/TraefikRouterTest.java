package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraefikRouterTest {

    private static MockCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new MockCluster("traefik.containo.us");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void effectivePercentagesAreRelative() {
        WeightSplit split = new WeightSplit(List.of(new WeightSplit.Entry("odoo", "Service", "8069", 3),
                new WeightSplit.Entry("odoo-canary", "Service", "8069", 1), new WeightSplit.Entry("maintenance", "TraefikService", null, 1)));

        assertThat(split.percentOf("odoo")).isEqualTo(60.0);
        assertThat(split.percentOf("odoo-canary")).isEqualTo(20.0);
        assertThat(split.percentOf("maintenance")).isZero();
        assertThat(split.percentages()).containsExactly(Map.entry("odoo", 60.0), Map.entry("odoo-canary", 20.0),
                Map.entry("maintenance", 20.0));
        assertThat(split.describe()).isEqualTo("odoo 60.0% (weight 3), odoo-canary 20.0% (weight 1), maintenance 20.0% (weight 1)");
    }

    @Test
    void missingTraefikServiceNamed() {
        assertThatThrownBy(() -> TraefikRouter.discover(cluster.client(), MockCluster.NAMESPACE, "odoo-split"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("traefikService: 'odoo-split': no TraefikService of that name in namespace shop "
                        + "(looked in traefik.containo.us)");
    }

    @Test
    void otherNamespaceHasNoTraefikService() {
        assertThatThrownBy(() -> TraefikRouter.discover(cluster.client(), "other", "odoo-weighted"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no TraefikService of that name in namespace other");
    }

    @Test
    void clusterWithoutTraefikCrdsRejected() {
        try (MockCluster bare = new MockCluster("traefik.io")) {
            bare.client().apiextensions().v1().customResourceDefinitions().withName("traefikservices.traefik.io").delete();

            assertThatThrownBy(() -> TraefikRouter.discover(bare.client(), MockCluster.NAMESPACE, MockCluster.TRAEFIK_SERVICE))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("the cluster serves no TraefikService resource in traefik.io or traefik.containo.us; install "
                            + "Traefik's CRDs");
        }
    }

    @Test
    void weightedServiceMustListStableService() throws Exception {
        TraefikRouter router = TraefikRouter.discover(cluster.client(), MockCluster.NAMESPACE, MockCluster.TRAEFIK_SERVICE);

        assertThat(router.apiVersion()).isEqualTo("traefik.containo.us/v1alpha1");
        assertThat(router.stablePort("odoo")).isEqualTo("8069");
        assertThatThrownBy(() -> router.stablePort("erp"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the TraefikService does not route to Service erp; add it under spec.weighted.services");
    }
}
