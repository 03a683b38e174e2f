package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.Route;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds a host, decided as OpenShift's router does: the oldest route claiming a host gives its
 * namespace the whole host; in that namespace routes share the host on different paths, and on
 * the same path the oldest wins. A route of another namespace can't take the host at all. Ties of
 * age (creation times have one-second resolution) go by namespace and name, so every replica and
 * every pass decides the same. When the holder goes, the next in this order gets the host.
 */
public final class HostClaims {

    /** One route's claim: where it comes from, when it was made, what it wants. */
    public record Claim(String namespace, String name, Instant created, String host, String path) {

        public static Claim of(Route route, String host) {
            String created = route.getMetadata().getCreationTimestamp();
            return new Claim(route.getMetadata().getNamespace(), route.getMetadata().getName(),
                    created == null ? Instant.MAX : OffsetDateTime.parse(created).toInstant(), host,
                    samePrefix(RouteHost.path(route)));
        }

        /**
         * The path as a prefix match reads it: Ingress and HTTPRoute prefixes match by path element
         * and ignore a trailing slash, so {@code /api/} and {@code /api} claim the same requests.
         */
        static String samePrefix(String path) {
            String trimmed = path.replaceAll("/+$", "");
            return trimmed.isEmpty() ? "/" : trimmed;
        }

        String key() {
            return namespace + "/" + name;
        }
    }

    /** The decision for one route: admitted, or which route holds what it wants. */
    public record Decision(boolean admitted, Claim holder) {

        static final Decision ADMITTED = new Decision(true, null);

        /** The sentence for the Admitted condition. */
        public String message(Claim claim) {
            if (admitted) {
                return "Host " + claim.host() + " path " + claim.path() + " is held by this route.";
            }
            if (!holder.namespace().equals(claim.namespace())) {
                return "Host " + claim.host() + " is held by route " + holder.key() + " of namespace "
                        + holder.namespace() + ", which claimed it first; this route is admitted when that one"
                        + " lets it go.";
            }
            return "Host " + claim.host() + " path " + claim.path() + " is held by route " + holder.name()
                    + ", which claimed it first; this route is admitted when that one lets it go.";
        }
    }

    private static final Comparator<Claim> AGE = Comparator.comparing(Claim::created)
            .thenComparing(Claim::namespace).thenComparing(Claim::name);

    private HostClaims() {
    }

    /**
     * Whether {@code claim} holds its host and path, given every route claiming that host (it may be
     * among them; claims of other hosts are ignored).
     */
    public static Decision decide(Claim claim, Collection<Claim> claimants) {
        var sameHost = claimants.stream()
                .filter(c -> Objects.equals(c.host(), claim.host()) && !c.key().equals(claim.key())).toList();
        Optional<Claim> oldest = sameHost.stream().filter(c -> AGE.compare(c, claim) < 0).min(AGE);
        if (oldest.isPresent() && !oldest.get().namespace().equals(claim.namespace())) {
            return new Decision(false, oldest.get());
        }
        return sameHost.stream()
                .filter(c -> c.namespace().equals(claim.namespace()) && c.path().equals(claim.path()))
                .filter(c -> AGE.compare(c, claim) < 0)
                .min(AGE)
                .map(holder -> new Decision(false, holder))
                .orElse(Decision.ADMITTED);
    }
}
