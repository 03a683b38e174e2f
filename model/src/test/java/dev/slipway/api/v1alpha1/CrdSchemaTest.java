package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every generated CRD promises kubectl users, checked on the generated schema. */
class CrdSchemaTest {

    static List<String> crdFiles() {
        return new ArrayList<>(CrdManifests.generate().values());
    }

    @ParameterizedTest
    @MethodSource("crdFiles")
    void everyFieldIsDocumentedForKubectlExplain(String yaml) {
        CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(crd.getSpec().getNames().getKind(),
                crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(), undocumented);
        assertThat(undocumented).as("fields without a description").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("crdFiles")
    void hasStatusSubresourceShortNameCategoryAndAgeColumn(String yaml) {
        CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
        assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
        assertThat(crd.getSpec().getNames().getShortNames()).hasSize(1);
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("slipway");
        // Age ends what kubectl get shows; columns of priority 1 and more only show with -o wide.
        assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .filteredOn(c -> c.getPriority() == null || c.getPriority() == 0).last()
                .satisfies(c -> assertThat(c.getName()).isEqualTo("Age"));
    }

    private static void collectUndocumented(String path, JSONSchemaProps schema, List<String> undocumented) {
        if (schema.getDescription() == null || schema.getDescription().isBlank()) {
            undocumented.add(path);
        }
        if (schema.getProperties() != null) {
            for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
                collectUndocumented(path + "." + property.getKey(), property.getValue(), undocumented);
            }
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            JSONSchemaProps items = schema.getItems().getSchema();
            // An array's items share the array's description, as kubectl explain shows them.
            if (items.getDescription() == null) {
                items.setDescription(schema.getDescription());
            }
            collectUndocumented(path + "[]", items, undocumented);
        }
    }
}
