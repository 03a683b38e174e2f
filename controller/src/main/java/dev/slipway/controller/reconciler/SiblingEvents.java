package dev.slipway.controller.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Set;
import java.util.function.Function;

/**
 * Wakes the siblings of a controller's resource (the other Releases or Builds of its App) when it is
 * created, deleted, or changed in a way they read. The events come from the controller's own
 * informer: JOSDK hands each of its events, before its filters, to the event sources that are
 * {@link ResourceEventAware}. A second informer of the same kind would watch, parse and cache every
 * object again, and its events could run ahead of the primary cache the siblings are read from.
 */
final class SiblingEvents<P extends HasMetadata> extends AbstractEventSource<Void, P>
        implements ResourceEventAware<P> {

    private final Function<P, Set<ResourceID>> siblingsOf;
    private final OnUpdateFilter<P> concernsSiblings;

    /**
     * @param siblingsOf the resources to wake for a change of this one; it is asked after the primary
     *     cache has taken the change in
     * @param concernsSiblings which updates (new, old) the siblings read
     */
    SiblingEvents(String name, Function<P, Set<ResourceID>> siblingsOf, OnUpdateFilter<P> concernsSiblings) {
        super(Void.class, name);
        this.siblingsOf = siblingsOf;
        this.concernsSiblings = concernsSiblings;
    }

    @Override
    public void onResourceCreated(P resource) {
        wakeSiblingsOf(resource);
    }

    @Override
    public void onResourceUpdated(P updated, P old) {
        if (concernsSiblings.accept(updated, old)) {
            wakeSiblingsOf(updated);
        }
    }

    @Override
    public void onResourceDeleted(P resource) {
        wakeSiblingsOf(resource);
    }

    private void wakeSiblingsOf(P resource) {
        // Before start the controller reconciles every resource anyway, as its informer lists them.
        if (!isRunning()) {
            return;
        }
        siblingsOf.apply(resource).forEach(id -> getEventHandler().handleEvent(new Event(id)));
    }

    @Override
    public Set<Void> getSecondaryResources(P primary) {
        return Set.of();
    }
}
