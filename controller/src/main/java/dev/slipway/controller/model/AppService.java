package dev.slipway.controller.model;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Owners;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;

/**
 * The App's Service: port 80 to the pods' port named {@code http}, so it stays the same when a
 * release changes the app's port, and selects only serving pods, never hook pods.
 */
public final class AppService {

    public static final int PORT = 80;

    private AppService() {
    }

    public static Service desired(App app) {
        String name = app.getMetadata().getName();
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(app.getMetadata().getNamespace())
                    .withLabels(Map.of(Labels.APP, name))
                    .withOwnerReferences(Owners.controllerReference(app))
                .endMetadata()
                .withNewSpec()
                    .withSelector(Map.of(Labels.APP, name, Labels.ROLE, Labels.WEB))
                    .addNewPort().withName("http").withPort(PORT).withTargetPort(new IntOrString("http")).withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }
}
