package dev.slipway.controller.build;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.EnvVar;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Dockerfile of a build, from the template {@code Dockerfile.ftl} beside this class: FROM the
 * builder image, the source (after contextDir) copied to {@code /tmp/src}, assemble run, run as the
 * command; builder-images/README.md describes the contract. A template rather than string
 * concatenation so the file reads as what it is. When the build names no builder, the image is
 * the build argument {@value #BUILDER_IMAGE_ARG}, which the build pod sets from what it detected.
 */
public final class BuildDockerfile {

    public static final String BUILDER_IMAGE_ARG = "BUILDER_IMAGE";
    /**
     * The files the catalog's {@code dependencies} scripts read (java: pom.xml, node: package.json and
     * its lock, go: go.mod and go.sum, python: requirements.txt), as patterns: one bracketed letter makes a name a wildcard
     * that matches only itself, and a wildcard that matches nothing copies nothing instead of failing.
     */
    static final List<String> DEPENDENCY_FILES = List.of("[p]om.xml", "[p]ackage.json", "[p]ackage-lock.json",
            "[n]pm-shrinkwrap.json", "[g]o.mod", "[g]o.sum", "[r]equirements.txt");
    private static final Template TEMPLATE = load();
    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private BuildDockerfile() {
    }

    /**
     * @param env the App's env: each plain value whose name is a shell identifier becomes an ARG,
     *            so assemble sees it (secret references do not: build arguments stay in the image's
     *            history)
     * @param builderImage the builder image to build FROM; null when it is detected in the build pod
     */
    public static String render(Build build, List<EnvVar> env, String builderImage) {
        String contextDir = BuildJob.contextDir(build);
        Map<String, Object> model = new HashMap<>(Map.of(
                "build", build.getMetadata().getName(),
                "builderImageArg", BUILDER_IMAGE_ARG,
                "sourceDir", contextDir == null ? "." : contextDir,
                "buildArgs", buildArgs(env),
                "dependencyFiles", DEPENDENCY_FILES));
        if (builderImage != null) {
            model.put("builderImage", builderImage);
        }
        StringWriter out = new StringWriter();
        try {
            TEMPLATE.process(model, out);
        } catch (TemplateException e) {
            throw new IllegalStateException("Dockerfile.ftl does not render", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Name to the value as a Dockerfile double-quoted word: no variable expansion, no line breaks. */
    static Map<String, String> buildArgs(List<EnvVar> env) {
        Map<String, String> args = new LinkedHashMap<>();
        plainValues(env).forEach((name, value) -> args.put(name, value.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("$", "\\$")));
        return args;
    }

    /**
     * For a repository's own Dockerfile: the same values, as {@code NAME=value} lines that the build
     * step hands to BuildKit as build arguments (only those its Dockerfile declares with ARG apply).
     */
    static String buildArgLines(List<EnvVar> env) {
        StringBuilder lines = new StringBuilder();
        plainValues(env).forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
        return lines.toString();
    }

    /** The env's plain values whose names are shell identifiers, one line each: secret references never. */
    private static Map<String, String> plainValues(List<EnvVar> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvVar var : env == null ? List.<EnvVar>of() : env) {
            if (var.getValue() != null && var.getValueFrom() == null && IDENTIFIER.matcher(var.getName()).matches()
                    && var.getValue().indexOf('\n') < 0) {
                values.put(var.getName(), var.getValue());
            }
        }
        return values;
    }

    private static Template load() {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setClassForTemplateLoading(BuildDockerfile.class, "");
        configuration.setDefaultEncoding("UTF-8");
        try {
            return configuration.getTemplate("Dockerfile.ftl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
