# Build shop-build-3: the s2i contract of Slipway's builder images, as a Dockerfile.
# The builder image already sets USER 1001, the working folder and an empty ENTRYPOINT.
# No builder named: the build pod detects it from the source (builder-images/detect).
ARG BUILDER_IMAGE
FROM ${BUILDER_IMAGE}
# The commit built, for assemble scripts that stamp it.
ARG SOURCE_COMMIT
COPY --chown=1001:0 [".", "/tmp/src"]
RUN /usr/libexec/s2i/assemble
CMD ["/usr/libexec/s2i/run"]
