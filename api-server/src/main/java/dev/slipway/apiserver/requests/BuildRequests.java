package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.BuildOutput;
import dev.slipway.api.v1alpha1.BuildSource;
import dev.slipway.api.v1alpha1.BuildSpec;
import dev.slipway.api.v1alpha1.GitSource;

import java.util.Collection;
import java.util.Map;

/** The Build a build request or a push webhook asks for. Pure. */
public final class BuildRequests {

    private BuildRequests() {
    }

    public static String name(String app, long number) {
        return BuildNames.name(app, number);
    }

    /** One more than the highest build number of the App, among its builds and its status. */
    public static long nextNumber(App app, Collection<Build> builds) {
        String name = app.getMetadata().getName();
        long latest = BuildNames.number(name, app.getStatus() == null ? null : app.getStatus().getLatestBuild());
        for (Build build : builds) {
            latest = Math.max(latest, BuildNames.number(name, build.getMetadata().getName()));
        }
        return latest + 1;
    }

    /**
     * Build {@code number} of the App's source at {@code ref} (the App's ref when null), pinned to
     * {@code commit} when known, pushing to {@code <registry>/<namespace>/<app>}.
     */
    public static Build desired(App app, long number, String ref, String commit, String trigger, String registry,
                                Requests.Requester who) {
        GitSource appGit = app.getSpec().getSource().getGit();
        GitSource git = new GitSource();
        git.setUrl(appGit.getUrl());
        git.setRef(ref == null ? appGit.getRef() : ref);
        git.setCommit(commit);
        git.setContextDir(appGit.getContextDir());
        BuildSource source = new BuildSource();
        source.setGit(git);
        BuildOutput output = new BuildOutput();
        output.setImage(BuildNames.outputImage(registry, app.getMetadata().getNamespace(), app.getMetadata().getName()));

        BuildSpec spec = new BuildSpec();
        spec.setApp(app.getMetadata().getName());
        spec.setSource(source);
        spec.setBuilder(app.getSpec().getSource().getBuilder());
        spec.setOutput(output);
        spec.setTrigger(trigger.length() <= Requests.MAX_REASON ? trigger : trigger.substring(0, Requests.MAX_REASON));
        Build build = new Build();
        build.setMetadata(Requests.childOf(app, name(app.getMetadata().getName(), number), Map.of(), who));
        build.setSpec(spec);
        return build;
    }
}
