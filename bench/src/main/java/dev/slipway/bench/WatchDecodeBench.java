package dev.slipway.bench;

import static dev.slipway.bench.Bench.log;
import static dev.slipway.bench.Bench.round;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppSpec;
import dev.slipway.api.v1alpha1.AppStatus;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the controller's informers pay per watch event of a Slipway kind, in one JVM: an App's event
 * parsed with Slipway's kinds known to fabric8's deserializer (the model's META-INF/services list)
 * against the same event parsed as a GenericKubernetesResource and converted, which is what fabric8's
 * watch does with a kind it does not know; and an App constructed with its plural declared against
 * one whose plural fabric8 derives (CustomResource's constructor runs for every object parsed).
 * Rounds alternate between the two sides so that the JIT and the machine's noise meet both alike.
 * Writes bench/results/watch-decode.json.
 */
public final class WatchDecodeBench {

    private static final int ROUNDS = 10;

    /** Where each call's result goes, so that the JIT cannot drop the call as unused. */
    private static volatile Object lastResult;

    private WatchDecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path root = Path.of("").toAbsolutePath();
        Map<String, Object> result = Bench.results("watch-decode", 1);
        result.put("eventsPerRound", perRound);
        result.put("rounds", ROUNDS);

        KubernetesSerialization known = new KubernetesSerialization();
        KubernetesSerialization unknown = new KubernetesSerialization(new ObjectMapper(), false);
        String event = known.asJson(new WatchEvent(readyApp(), "MODIFIED"));
        if (!(decode(unknown, event).getClass() == App.class) || !(decode(known, event).getClass() == App.class)) {
            throw new IllegalStateException("both sides must end with an App");
        }
        double[] events = compare(perRound, () -> decode(known, event), () -> decode(unknown, event));
        log("App watch event: %.1f us with the kind known, %.1f us parsed generic and converted", events[0],
                events[1]);
        result.put("eventMicrosKindKnown", round(events[0]));
        result.put("eventMicrosGenericThenConverted", round(events[1]));
        result.put("eventRatioKnownToConverted", round(events[0] / events[1]));

        double[] constructed = compare(perRound * 10, App::new, DerivedPlural.App::new);
        log("App constructed: %.2f us with its plural declared, %.2f us derived", constructed[0], constructed[1]);
        result.put("constructMicrosPluralDeclared", round(constructed[0], 3));
        result.put("constructMicrosPluralDerived", round(constructed[1], 3));
        Bench.write(root, result);
    }

    /** As fabric8's AbstractWatchManager: parse the event, convert its object if it is not yet the type. */
    private static App decode(KubernetesSerialization serialization, String event) {
        Object object = serialization.unmarshal(event, WatchEvent.class).getObject();
        return object instanceof App app ? app : serialization.convertValue(object, App.class);
    }

    /** Median microseconds per call of {@code a} and of {@code b}, over alternating rounds of {@code calls}. */
    private static double[] compare(int calls, Supplier<?> a, Supplier<?> b) {
        List<Double> aRounds = new ArrayList<>();
        List<Double> bRounds = new ArrayList<>();
        timed(calls, a);
        timed(calls, b);
        for (int i = 0; i < ROUNDS; i++) {
            aRounds.add(timed(calls, a));
            bRounds.add(timed(calls, b));
        }
        return new double[] {Bench.percentile(aRounds, 50), Bench.percentile(bRounds, 50)};
    }

    private static double timed(int calls, Supplier<?> call) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            lastResult = call.get();
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    /** The bench App as the controller's watch sees it once it is Ready: spec, status and conditions. */
    private static App readyApp() {
        App app = Bench.routed(Bench.app("apps", "app-1"));
        app.getMetadata().setUid("4c1f7a55-0d7e-4b8e-9d6c-1d2f3e4a5b6c");
        app.getMetadata().setResourceVersion("123456");
        app.getMetadata().setGeneration(1L);
        app.getMetadata().setCreationTimestamp("2026-12-02T12:00:00Z");
        AppStatus status = Bench.servingStatus("app-1", 1L, "revision 1 serves 2 of 2 replicas", "2026-12-02T12:00:05Z");
        app.setStatus(status);
        return app;
    }

    /** An App kind whose plural fabric8 derives, as Slipway's kinds had before they declared it. */
    static final class DerivedPlural {

        private DerivedPlural() {
        }

        @Group(dev.slipway.api.v1alpha1.App.GROUP)
        @Version(dev.slipway.api.v1alpha1.App.VERSION)
        public static final class App extends CustomResource<AppSpec, AppStatus> {
        }
    }
}
