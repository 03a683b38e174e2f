package dev.slipway.apiserver.console;

import dev.slipway.apiserver.access.AccessRule;
import dev.slipway.apiserver.access.Authorizer;
import dev.slipway.apiserver.access.Identity;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Whether a user may do what an API operation does, asked with exactly the rules the contract
 * declares for that operation ({@code x-slipway-access}) and the API's own {@link Authorizer}, so
 * a page shows a button only when the API call behind it would be allowed.
 */
final class ConsoleAccess {

    private final Map<String, List<AccessRule>> rulesByOperation;
    private final Authorizer authorizer;

    ConsoleAccess(Map<String, List<AccessRule>> rulesByOperation, Authorizer authorizer) {
        this.rulesByOperation = rulesByOperation;
        this.authorizer = authorizer;
    }

    /** Whether every rule of {@code operationId} allows {@code who} in {@code namespace}, on {@code app} where a rule names it. */
    Future<Boolean> allowed(Identity who, String namespace, String app, String operationId) {
        return refusedBy(who, namespace, app, operationId).map(Optional::isEmpty);
    }

    /** The first rule of {@code operationId} that does not allow {@code who}, for a refusal in the API's words. */
    Future<Optional<AccessRule>> refusedBy(Identity who, String namespace, String app, String operationId) {
        List<AccessRule> rules = rulesByOperation.get(operationId);
        if (rules == null) {
            return Future.failedFuture(new IllegalArgumentException("the contract has no operation " + operationId));
        }
        List<Future<Boolean>> answers = rules.stream()
                .map(rule -> authorizer.allowed(who, namespace, rule, rule.nameParam() == null ? null : app))
                .toList();
        return Future.all(answers).map(all -> IntStream.range(0, rules.size())
                .filter(i -> !answers.get(i).result()).mapToObj(rules::get).findFirst());
    }

    /** The subset of {@code operationIds} that {@code who} may call, for the buttons of one page. */
    Future<Set<String>> allowedOf(Identity who, String namespace, String app, List<String> operationIds) {
        Map<String, Future<Boolean>> answers = operationIds.stream()
                .collect(Collectors.toMap(Function.identity(), op -> allowed(who, namespace, app, op)));
        return Future.all(List.copyOf(answers.values())).map(all -> answers.entrySet().stream()
                .filter(e -> e.getValue().result()).map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet()));
    }
}
