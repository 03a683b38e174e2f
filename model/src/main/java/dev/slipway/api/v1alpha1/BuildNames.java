package dev.slipway.api.v1alpha1;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Builds made by Slipway are named, what they build and where they push: the controller (an
 * App's first build, builder image changes) and the web API (build requests, push webhooks) make
 * Builds of the same App and must agree.
 */
public final class BuildNames {

    private BuildNames() {
    }

    /** {@code shop-build-12}: build 12 of App {@code shop}. */
    public static String name(String app, long number) {
        return app + "-build-" + number;
    }

    /** {@code 12} for {@code shop-build-12} of App {@code shop}; 0 for any other name. */
    public static long number(String app, String buildName) {
        if (app == null || buildName == null) {
            return 0;
        }
        Matcher m = Pattern.compile(Pattern.quote(app) + "-build-(\\d{1,15})").matcher(buildName);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    /** {@code <registry>/<namespace>/<app>}: the image repository an App's builds push to. */
    public static String outputImage(String registry, String namespace, String app) {
        return registry + "/" + repository(namespace, app);
    }

    /** {@code <namespace>/<app>}: the App's repository in the registry, its images' and its uploads'. */
    public static String repository(String namespace, String app) {
        return namespace + "/" + app;
    }

    /** One more than the highest build number of the App, among its builds and its status. */
    public static long nextNumber(App app, Collection<Build> builds) {
        String name = app.getMetadata().getName();
        long latest = number(name, app.getStatus() == null ? null : app.getStatus().getLatestBuild());
        for (Build build : builds) {
            latest = Math.max(latest, number(name, build.getMetadata().getName()));
        }
        return latest + 1;
    }

    /**
     * A build of the App's source at {@code ref} (the App's ref, and commit if it pins one, when
     * null), pinned to {@code commit} when known, with the App's builder, pushing to {@link #outputImage}.
     */
    public static BuildSpec spec(App app, String ref, String commit, String trigger, String registry) {
        GitSource appGit = app.getSpec().getSource().getGit();
        GitSource git = new GitSource();
        git.setUrl(appGit.getUrl());
        git.setRef(ref == null ? appGit.getRef() : ref);
        git.setCommit(commit != null ? commit : ref == null ? appGit.getCommit() : null);
        git.setContextDir(appGit.getContextDir());
        git.setCredentialsSecret(appGit.getCredentialsSecret());
        BuildSource source = new BuildSource();
        source.setGit(git);
        return spec(app, source, trigger, registry);
    }

    /** A build of an uploaded folder, with the App's builder, pushing to {@link #outputImage}. */
    public static BuildSpec uploadSpec(App app, UploadSource upload, String trigger, String registry) {
        BuildSource source = new BuildSource();
        source.setUpload(upload);
        return spec(app, source, trigger, registry);
    }

    private static BuildSpec spec(App app, BuildSource source, String trigger, String registry) {
        BuildOutput output = new BuildOutput();
        output.setImage(outputImage(registry, app.getMetadata().getNamespace(), app.getMetadata().getName()));
        BuildSpec spec = new BuildSpec();
        spec.setApp(app.getMetadata().getName());
        spec.setSource(source);
        spec.setBuilder(app.getSpec().getSource().getBuilder());
        spec.setDockerfile(app.getSpec().getSource().getDockerfile());
        spec.setOutput(output);
        spec.setTrigger(trigger);
        return spec;
    }
}
