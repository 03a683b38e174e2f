package dev.slipway.controller.route;

import java.util.ArrayList;
import java.util.List;

/**
 * The objects that carry out a route on one backend, and what of the route they can't express.
 * When a problem is not {@link Problem#publish() publishable} the object list is empty: nothing is
 * written rather than something the user did not ask for.
 */
public record Desired<T>(List<T> objects, List<Problem> problems) {

    public Desired {
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    public static <T> Desired<T> of(List<T> objects, List<Problem> problems) {
        boolean blocked = problems.stream().anyMatch(p -> !p.publish());
        return new Desired<>(blocked ? List.of() : objects, problems);
    }

    public static <T> Desired<T> refused(Problem problem) {
        return new Desired<>(List.of(), List.of(problem));
    }

    /** This result with more problems found outside the model (a missing Secret, a missing Service). */
    public Desired<T> with(List<Problem> more) {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(more);
        return of(objects, all);
    }
}
