package dev.slipway.apiserver.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.Route;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.function.BiConsumer;

/**
 * Everything the API reads, from informers: Apps, and the Releases, Builds and Routes of each App,
 * and the Kubernetes Events about Slipway's resources (which the console shows). Changes of
 * Releases and Builds are turned into progress events for {@link EventHub}.
 */
public final class ResourceCache implements AutoCloseable {

    private final KindCache<App> apps;
    /** Per namespace: bumped on every change of its Apps, so a serialized list knows it is stale. */
    private final Map<String, AtomicLong> appVersions = new ConcurrentHashMap<>();
    private final Map<String, SerializedList> appLists = new ConcurrentHashMap<>();
    /** Per namespace: bumped on every change of its Apps, Releases or Builds, for views made of all three. */
    private final Map<String, AtomicLong> namespaceVersions = new ConcurrentHashMap<>();

    /** A namespace's App list as JSON bytes, and the version of the Apps it was made from. */
    private record SerializedList(long version, byte[] json) {
    }
    private final KindCache<Release> releases;
    private final List<BiConsumer<Release, Release>> releaseListeners = new CopyOnWriteArrayList<>();
    private final KindCache<Build> builds;
    private final List<BiConsumer<Build, Build>> buildListeners = new CopyOnWriteArrayList<>();
    private final KindCache<Route> routes;
    /** Indexed by the name of the object they are about, not by App: a Release's name is not its App's. */
    private final KindCache<Event> events;

    /** The label the controller puts on everything it makes for an App, Routes included. */
    private static final String SLIPWAY_API_VERSION = "slipway.dev/v1alpha1";

    public ResourceCache(KubernetesClient client, Set<String> namespaces, EventHub hub) {
        this.apps = new KindCache<>(client, App.class, namespaces, a -> a.getMetadata().getName(), appChanges());
        this.releases = new KindCache<>(client, Release.class, namespaces,
                r -> r.getSpec() == null ? "" : r.getSpec().getApp(),
                changes(hub, this::bump, notifying(releaseListeners, ProgressEvents::releaseChanges)));
        this.builds = new KindCache<>(client, Build.class, namespaces,
                b -> b.getSpec() == null ? "" : b.getSpec().getApp(),
                changes(hub, this::bump, notifying(buildListeners, ProgressEvents::buildChanges)));
        this.routes = new KindCache<>(client, Route.class, namespaces, ResourceCache::appOfRoute, null);
        this.events = new KindCache<>(namespaces, ns -> (ns == null ? client.v1().events().inAnyNamespace()
                        : client.v1().events().inNamespace(ns))
                        .withField("involvedObject.apiVersion", SLIPWAY_API_VERSION).runnableInformer(0),
                e -> e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getName(), null);
    }

    private void bump(String namespace) {
        namespaceVersions.computeIfAbsent(namespace, ns -> new AtomicLong()).incrementAndGet();
    }

    /**
     * A number that changes whenever an App, Release or Build of {@code namespace} does: a view
     * made of them and this number is current while the number is. Read it before the objects.
     */
    public long version(String namespace) {
        return namespaceVersions.computeIfAbsent(namespace, ns -> new AtomicLong()).get();
    }

    /** An App's Routes carry its label; one written by hand may only name the App's Service. */
    private static String appOfRoute(Route route) {
        Map<String, String> labels = route.getMetadata().getLabels();
        if (labels != null && labels.get(Labels.APP) != null) {
            return labels.get(Labels.APP);
        }
        return route.getSpec() == null || route.getSpec().getTo() == null ? "" : route.getSpec().getTo().getService();
    }

    private interface Differ<T> {
        List<AppEvent> diff(T before, T after);
    }

    /** Tells each of {@code listeners} of a change, then diffs it. */
    private static <T> Differ<T> notifying(List<BiConsumer<T, T>> listeners, Differ<T> differ) {
        return (before, after) -> {
            listeners.forEach(listener -> listener.accept(before, after));
            return differ.diff(before, after);
        };
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceEventHandler<T> changes(
            EventHub hub, java.util.function.Consumer<String> bump, Differ<T> differ) {
        BiConsumer<T, T> publish = (before, after) -> {
            bump.accept(after.getMetadata().getNamespace());
            hub.publish(differ.diff(before, after));
        };
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                publish.accept(null, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                publish.accept(oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                // A deleted release or build is history going away, not progress: no event, a new version.
                bump.accept(obj.getMetadata().getNamespace());
            }
        };
    }

    private ResourceEventHandler<App> appChanges() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(App app) {
                changed(app);
            }

            @Override
            public void onUpdate(App before, App after) {
                changed(after);
            }

            @Override
            public void onDelete(App app, boolean deletedFinalStateUnknown) {
                changed(app);
            }

            private void changed(App app) {
                appVersions.computeIfAbsent(app.getMetadata().getNamespace(), ns -> new AtomicLong()).incrementAndGet();
                bump(app.getMetadata().getNamespace());
            }
        };
    }

    /**
     * Calls {@code listener} with each Build as it was and as it is now (null before: new to this
     * cache, which at start means every Build); on the informer's thread, so it must not block.
     */
    public void onBuildChange(BiConsumer<Build, Build> listener) {
        buildListeners.add(listener);
    }

    /** As {@link #onBuildChange}, for Releases. */
    public void onReleaseChange(BiConsumer<Release, Release> listener) {
        releaseListeners.add(listener);
    }

    public void start() {
        apps.start();
        releases.start();
        builds.start();
        routes.start();
        events.start();
    }

    public boolean hasSynced() {
        return apps.hasSynced() && releases.hasSynced() && builds.hasSynced() && routes.hasSynced()
                && events.hasSynced();
    }

    public List<App> apps(String namespace) {
        return apps.inNamespace(namespace).stream().sorted(Comparator.comparing(a -> a.getMetadata().getName())).toList();
    }

    /**
     * {@code {"items": [...]}} of the namespace's Apps as JSON bytes, serialized once per change of
     * those Apps rather than once per request: a list of 500 Apps is most of a megabyte. The version
     * is read before the list, so a list that a change overtakes is stored as stale and made again.
     */
    public byte[] appListJson(String namespace, Function<Object, String> toJson) {
        long version = appVersions.computeIfAbsent(namespace, ns -> new AtomicLong()).get();
        SerializedList cached = appLists.get(namespace);
        if (cached != null && cached.version() == version) {
            return cached.json();
        }
        byte[] json = toJson.apply(Map.of("items", apps(namespace))).getBytes(StandardCharsets.UTF_8);
        appLists.put(namespace, new SerializedList(version, json));
        return json;
    }

    public Optional<App> app(String namespace, String name) {
        return apps.get(namespace, name);
    }

    /** The app's releases, newest revision first. */
    public List<Release> releases(String namespace, String app) {
        return releases.ofApp(namespace, app).stream()
                .sorted(Comparator.comparing((Release r) -> r.getSpec().getRevision() == null ? 0L : r.getSpec().getRevision())
                        .reversed())
                .toList();
    }

    /** The app's release of {@code revision}. */
    public Optional<Release> release(String namespace, String app, long revision) {
        return releases.ofApp(namespace, app).stream()
                .filter(r -> r.getSpec().getRevision() != null && r.getSpec().getRevision() == revision)
                .findFirst();
    }

    /** The app's builds, newest first. */
    public List<Build> builds(String namespace, String app) {
        return builds.ofApp(namespace, app).stream()
                .sorted(Comparator.comparing((Build b) -> b.getMetadata().getCreationTimestamp() == null ? ""
                        : b.getMetadata().getCreationTimestamp())
                        .thenComparing(b -> b.getMetadata().getName()).reversed())
                .toList();
    }

    public Optional<Build> build(String namespace, String name) {
        return builds.get(namespace, name);
    }

    /** The app's Routes, by name. */
    public List<Route> routes(String namespace, String app) {
        return routes.ofApp(namespace, app).stream().sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
    }

    /** The Events about the Slipway objects of these names, newest first. */
    public List<Event> events(String namespace, Set<String> objectNames) {
        return objectNames.stream().flatMap(name -> events.ofApp(namespace, name).stream())
                .sorted(Comparator.comparing(ResourceCache::lastSeen).reversed()).toList();
    }

    private static String lastSeen(Event event) {
        if (event.getLastTimestamp() != null) {
            return event.getLastTimestamp();
        }
        if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
            return event.getEventTime().getTime();
        }
        return event.getMetadata().getCreationTimestamp() == null ? "" : event.getMetadata().getCreationTimestamp();
    }

    /** The namespaces that hold at least one App: those the console offers when every namespace is served. */
    public Set<String> namespacesWithApps() {
        return apps.all().stream().map(a -> a.getMetadata().getNamespace()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public void close() {
        apps.close();
        releases.close();
        builds.close();
        routes.close();
        events.close();
    }
}
