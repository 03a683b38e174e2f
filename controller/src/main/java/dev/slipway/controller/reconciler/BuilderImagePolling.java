package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.controller.build.BuilderDigests;
import dev.slipway.controller.build.BuilderImageDigest;
import dev.slipway.controller.build.BuilderImages;
import dev.slipway.controller.build.RegistryClient;
import dev.slipway.controller.build.RegistryException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.polling.PollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PollingEventSource;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the registry, at the installation's poll interval, which digest each builder image tag in
 * use serves (a HEAD on the manifest, Registry HTTP API v2): the catalog's tags, which builds that
 * detect their builder may use, and the tags Apps build with. The digests go to
 * {@link BuilderDigests}, where builds are pinned to them; each App gets its builder's digest as a
 * secondary resource, so a new digest wakes exactly the Apps built FROM that tag.
 */
final class BuilderImagePolling {

    private static final Logger LOG = LoggerFactory.getLogger(BuilderImagePolling.class);
    /** A registry that doesn't answer within this long is asked again at the next poll. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Tags are asked in parallel, so an unreachable registry costs one timeout per poll, not one per tag. */
    private static final int PARALLEL = 4;

    private final String registry;
    private final Duration interval;
    private final BuilderDigests digests;
    private final RegistryClient client;
    private final ExecutorService lookups;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    BuilderImagePolling(String registry, Duration interval, BuilderDigests digests) {
        this.registry = registry;
        this.interval = interval;
        this.digests = digests;
        this.client = new RegistryClient(Set.of(registry), TIMEOUT);
        // Threads end when idle: between polls, and for good once the controller stops.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL, PARALLEL, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "builder-image-poll");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.lookups = pool;
    }

    /** @param history an App's builds, from the App reconciler's informer */
    PollingEventSource<BuilderImageDigest, App, String> eventSource(EventSourceContext<App> context,
            Function<App, List<Build>> history) {
        return new PollingEventSource<>(BuilderImageDigest.class,
                new PollingConfigurationBuilder<BuilderImageDigest, String>(
                        () -> poll(context.getPrimaryCache().list().toList(), history), interval)
                        .withName("builder-image-digests")
                        .withResourceIDMapper(ResourceIDMapper.singleResourceResourceIDMapper())
                        .build());
    }

    /** One poll: every tag in use asked once, each App given its builder's digest when known. */
    Map<ResourceID, Set<BuilderImageDigest>> poll(Collection<App> apps, Function<App, List<Build>> history) {
        Map<App, String> tags = new HashMap<>();
        for (App app : apps) {
            if (app.getSpec().getSource() != null) {
                BuilderImageTrigger.tag(app, history.apply(app), registry).ifPresent(tag -> tags.put(app, tag));
            }
        }
        Set<String> inUse = new LinkedHashSet<>();
        BuilderImages.CATALOG.forEach(b -> inUse.add(BuilderImages.reference(b, registry)));
        inUse.addAll(tags.values());
        CompletableFuture.allOf(inUse.stream().map(tag -> CompletableFuture.runAsync(() -> lookup(tag), lookups))
                .toArray(CompletableFuture[]::new)).join();

        Map<ResourceID, Set<BuilderImageDigest>> result = new HashMap<>();
        tags.forEach((app, tag) -> digests.digest(tag).ifPresent(
                digest -> result.put(ResourceID.fromResource(app), Set.of(new BuilderImageDigest(tag, digest)))));
        return result;
    }

    /** Records the tag's digest; a registry that fails keeps the last digest seen, and is logged once. */
    private void lookup(String tag) {
        try {
            Optional<String> digest = client.digest(tag);
            digest.ifPresent(d -> digests.record(tag, d));
            if (failing.remove(tag)) {
                LOG.info("Builder image {} answers again", tag);
            }
        } catch (RegistryException | IllegalArgumentException e) {
            if (failing.add(tag)) {
                LOG.warn("Cannot read the digest of builder image {}: {}", tag, e.getMessage());
            }
        }
    }
}
