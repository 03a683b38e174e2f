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

/** One run of a builder image over one source revision, producing one image. */
@JsonClassDescription("One run of a builder image over one source revision, producing one image.")
@Group(App.GROUP)
@Version(App.VERSION)
// Declared, not derived, for the reason given on App.
@Plural("builds")
@ShortNames("bld")
@Categories("slipway")
@AdditionalPrinterColumn(name = "App", jsonPath = ".spec.app", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Builder", jsonPath = ".status.builder", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public class Build extends CustomResource<BuildSpec, BuildStatus> implements Namespaced {
}
