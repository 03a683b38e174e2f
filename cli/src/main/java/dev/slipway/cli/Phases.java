package dev.slipway.cli;

import java.util.Set;

/** The phases in which a release or a build has ended, as the API reports them (the CLI has no model types). */
public final class Phases {

    public static final Set<String> RELEASE_FINAL = Set.of("Complete", "Failed", "RolledBack", "Superseded", "Rejected",
            "Expired", "Cancelled");
    public static final Set<String> BUILD_FINAL = Set.of("Complete", "Failed", "Cancelled");
    public static final String AWAITING_APPROVAL = "AwaitingApproval";

    private Phases() {
    }
}
