package dev.slipway.apiserver.store;

import io.vertx.core.json.JsonObject;

import java.math.BigInteger;

/**
 * One progress event of an App, as sent on its event stream.
 *
 * @param id   {@code <resourceVersion>-<n>}: the resourceVersion of the change and the event's
 *             place among that change's events, so ids of one cluster order the events
 * @param type {@code release}, {@code release-step} or {@code build}
 */
public record AppEvent(String namespace, String app, String id, String type, JsonObject data) {

    /** The server-sent-events frame of this event. */
    public String frame() {
        return "id: " + id + "\nevent: " + type + "\ndata: " + data.encode() + "\n\n";
    }

    /**
     * Whether event id {@code id} comes after {@code last}. Ids are compared as numbers; an id
     * that is not one (a foreign resourceVersion) comes after nothing.
     */
    public static boolean isAfter(String id, String last) {
        try {
            String[] a = id.split("-", 2);
            String[] b = last.split("-", 2);
            int byVersion = new BigInteger(a[0]).compareTo(new BigInteger(b[0]));
            if (byVersion != 0) {
                return byVersion > 0;
            }
            long seqA = a.length > 1 ? Long.parseLong(a[1]) : -1;
            long seqB = b.length > 1 ? Long.parseLong(b[1]) : -1;
            return seqA > seqB;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
