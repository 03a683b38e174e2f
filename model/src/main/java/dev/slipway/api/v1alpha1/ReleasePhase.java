package dev.slipway.api.v1alpha1;

/** Where a release stands; Pending, AwaitingApproval and Running are in flight, every other phase is final. */
public enum ReleasePhase {
    Pending,
    /** Nothing of the release runs until someone other than its requester approves it. */
    AwaitingApproval,
    Running,
    Complete,
    Failed,
    RolledBack,
    Superseded,
    /** Its approval was refused. */
    Rejected,
    /** Nobody approved it in time. */
    Expired,
    Cancelled;

    public boolean isFinal() {
        return this != Pending && this != AwaitingApproval && this != Running;
    }
}
