package dev.slipway.api.v1alpha1;

/** What the person asked to approve a release decided. */
public enum ApprovalDecision {
    Approved,
    Rejected
}
