package dev.slipway.testkit;

/**
 * Labels and annotations that tell the local cluster's fake node (kwok, see
 * {@code hack/kwok/pod-stages.yaml}) how a pod behaves. Put them on a pod template. On a real node
 * (the local cluster's, see {@link KubeClusterTest#realNode()}, k3s, an outside kubeconfig) they do
 * nothing: there a pod's image, probes and exit code decide.
 */
public final class PodBehaviour {

    /** Label: with value {@value #NEVER}, the pod runs but never becomes Ready. */
    public static final String READY_LABEL = "test.slipway.dev/ready";
    public static final String NEVER = "never";

    /** Label: with value "true", a Job's pod keeps running until the label is removed. */
    public static final String HOLD_LABEL = "test.slipway.dev/hold";

    /** Annotation: the exit code a Job's pod ends with; "0" (the default) succeeds. */
    public static final String EXIT_CODE_ANNOTATION = "test.slipway.dev/exit-code";

    /** Annotation: the termination message of a Job pod's containers. */
    public static final String TERMINATION_MESSAGE_ANNOTATION = "test.slipway.dev/termination-message";

    /** Annotation: how long a Job's pod runs before it ends, as a Go duration ("1500ms", "3s"). */
    public static final String RUN_DURATION_ANNOTATION = "test.slipway.dev/run-duration";

    private PodBehaviour() {
    }
}
