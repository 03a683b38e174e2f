package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An app descriptor: what to run (a git source to build, or a prebuilt image), how to roll it
 * out, which hooks to run on the way and which hosts route to it. Slipway owns the Deployment,
 * Service, Routes, Builds and Releases it makes for an App.
 */
@JsonClassDescription("An app descriptor: what to run (a git source to build, or a prebuilt image), how to roll it out,"
        + " which hooks run on the way and which hosts route to it.")
@Group(App.GROUP)
@Version(App.VERSION)
// Declared, not derived: fabric8's CustomResource constructor otherwise derives it with Pluralize's
// regular expressions, twice, for every object read from the cluster (3% of the controller's CPU).
@Plural("apps")
@ShortNames("sapp")
@Categories("slipway")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".status.latestRevision", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "self.metadata.name.matches('" + Names.DNS_LABEL + "') && size(self.metadata.name) <= "
        + Names.MAX_APP_NAME,
        message = "metadata.name must be a DNS label (lower case letters, digits and '-', starting with a letter)"
                + " of at most " + Names.MAX_APP_NAME + " characters")
public class App extends CustomResource<AppSpec, AppStatus> implements Namespaced {

    public static final String GROUP = "slipway.dev";
    public static final String VERSION = "v1alpha1";
}
