package dev.slipway.apiserver.access;

import java.util.List;
import java.util.Map;

/** Who a token belongs to, as Kubernetes' TokenReview told us. */
public record Identity(String username, String uid, List<String> groups, Map<String, List<String>> extra) {

    public Identity {
        groups = groups == null ? List.of() : List.copyOf(groups);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
