package dev.slipway.cli.selftest;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * The self-test's own namespace and what it puts there with the kubeconfig's credentials: Apps as
 * a user applies them, Secrets, and two ServiceAccounts whose tokens play a developer and a viewer.
 */
final class SelftestNamespace {

    private static final String FIELD_MANAGER = "slipway-selftest";
    /** Sixteen checks of at most the default five minutes each fit in a token of two hours. */
    private static final long TOKEN_SECONDS = 7200;

    private final KubernetesClient kube;
    private final String name;
    private volatile boolean created;

    SelftestNamespace(KubernetesClient kube, String name) {
        this.kube = kube;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Creates the namespace; one that exists already is refused, so that nothing of a user's is touched. */
    void create(Map<String, String> annotations) {
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("app.kubernetes.io/managed-by", FIELD_MANAGER).withAnnotations(annotations)
                .endMetadata().build()).create();
        created = true;
    }

    /** Whether {@link #create} made the namespace, which then is the self-test's to delete. */
    boolean created() {
        return created;
    }

    /** A ServiceAccount bound to {@code clusterRole} in the namespace, and a token of it for longer than any run. */
    String token(String account, String clusterRole) {
        kube.serviceAccounts().inNamespace(name).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(account).endMetadata().build()).create();
        kube.rbac().roleBindings().inNamespace(name).resource(new RoleBindingBuilder().withNewMetadata()
                .withName(account).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject().withKind("ServiceAccount").withName(account).withNamespace(name).endSubject()
                .build()).create();
        return kube.serviceAccounts().inNamespace(name).withName(account).tokenRequest(new TokenRequestBuilder()
                .withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build()).getStatus().getToken();
    }

    void secret(String secretName, String key, String value) {
        kube.secrets().inNamespace(name).resource(new SecretBuilder().withNewMetadata().withName(secretName)
                .endMetadata().addToStringData(key, value).build()).create();
    }

    /** Applies an App from its YAML, as {@code kubectl apply --server-side} would. */
    void applyApp(String yaml) {
        GenericKubernetesResource app = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        apps().resource(app).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /** Changes an App's spec with a JSON merge patch, as {@code kubectl patch --type merge} would. */
    void patchApp(String app, Map<String, Object> spec) {
        apps().withName(app).patch(PatchContext.of(PatchType.JSON_MERGE), SelftestHttp.json(Map.of("spec", spec)));
    }

    GenericKubernetesResource build(String buildName) {
        return resources("Build", "builds").withName(buildName).get();
    }

    /** Deletes the namespace and with it everything the self-test made. */
    void delete() {
        kube.namespaces().withName(name).delete();
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> apps() {
        return resources("App", "apps");
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> resources(
            String kind, String plural) {
        return kube.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("slipway.dev")
                .withVersion("v1alpha1").withKind(kind).withPlural(plural).withNamespaced(true).build()).inNamespace(name);
    }
}
