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
 * One revision of an App being rolled out, and afterwards the record of how that went. Its spec
 * never changes after creation; its status lists the rollout's steps in order.
 */
@JsonClassDescription("One revision of an App being rolled out, then the record of how it went.")
@Group(App.GROUP)
@Version(App.VERSION)
// Declared, not derived, for the reason given on App.
@Plural("releases")
@ShortNames("rel")
@Categories("slipway")
@AdditionalPrinterColumn(name = "App", jsonPath = ".spec.app", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".spec.revision", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".spec.reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Release extends CustomResource<ReleaseSpec, ReleaseStatus> implements Namespaced {
}
