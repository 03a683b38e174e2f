package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A host (and path) in front of one or more Services, carried out by the cluster's Ingress or
 * Gateway API machinery. The oldest Route claiming a host is admitted.
 */
@JsonClassDescription("A host and path in front of one or more Services, carried out by Ingress or Gateway API.")
@Group(App.GROUP)
@Version(App.VERSION)
// Declared, not derived, for the reason given on App.
@Plural("routes")
@ShortNames("rt")
@Categories("slipway")
@AdditionalPrinterColumn(name = "Host", jsonPath = ".status.host", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Admitted", jsonPath = ".status.admitted", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Route extends CustomResource<RouteSpec, RouteStatus> implements Namespaced {
}
