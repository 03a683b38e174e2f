# Build shop-build-3: the s2i contract of Slipway's builder images, as a Dockerfile.
# The builder image already sets USER 1001, the working folder and an empty ENTRYPOINT.
# No builder named: the build pod detects it from the source (builder-images/detect).
ARG BUILDER_IMAGE
FROM ${BUILDER_IMAGE}
# The dependency manifests alone first (those the source has), and the builder's dependencies
# script over them: a change anywhere else in the source leaves this layer to the cache.
COPY --chown=1001:0 ["./[p]om.xml", "./[p]ackage.json", "./[p]ackage-lock.json", "./[n]pm-shrinkwrap.json", "./[g]o.mod", "./[g]o.sum", "./[r]equirements.txt", "/tmp/src/"]
RUN if [ -x /usr/libexec/s2i/dependencies ]; then /usr/libexec/s2i/dependencies; fi
# The commit built, for assemble scripts that stamp it: after the dependencies, which it does not change.
ARG SOURCE_COMMIT
COPY --chown=1001:0 [".", "/tmp/src"]
RUN /usr/libexec/s2i/assemble
CMD ["/usr/libexec/s2i/run"]
