# Build ${build}: the s2i contract of Slipway's builder images, as a Dockerfile.
# The builder image already sets USER 1001, the working folder and an empty ENTRYPOINT.
<#if builderImage??>
FROM ${builderImage}
<#else>
# No builder named: the build pod detects it from the source (builder-images/detect).
ARG ${builderImageArg}
FROM ${"$"}{${builderImageArg}}
</#if>
# The commit built, for assemble scripts that stamp it.
ARG SOURCE_COMMIT
<#list buildArgs as name, value>
ARG ${name}="${value}"
</#list>
COPY --chown=1001:0 ["${sourceDir?json_string}", "/tmp/src"]
RUN /usr/libexec/s2i/assemble
CMD ["/usr/libexec/s2i/run"]
