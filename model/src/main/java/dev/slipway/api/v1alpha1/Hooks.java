package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The lifecycle hooks of a release, each run as a Job from the release's image. */
@ValidationRule(value = "(has(self.pre) && has(self.pre.migration) ? 1 : 0) + (has(self.mid) && has(self.mid.migration) ? 1 : 0)"
        + " + (has(self.post) && has(self.post.migration) ? 1 : 0) <= 1",
        message = "at most one hook of a release may be a migration")
public class Hooks {

    @JsonPropertyDescription("Runs before any new pod starts; the old release still serves.")
    private Hook pre;

    @JsonPropertyDescription("Recreate only: runs after every old pod is gone and before any new pod starts; the place for"
            + " schema migrations.")
    private Hook mid;

    @JsonPropertyDescription("Runs after every new pod is available.")
    private Hook post;

    public Hook getPre() {
        return pre;
    }

    public void setPre(Hook pre) {
        this.pre = pre;
    }

    public Hook getMid() {
        return mid;
    }

    public void setMid(Hook mid) {
        this.mid = mid;
    }

    public Hook getPost() {
        return post;
    }

    public void setPost(Hook post) {
        this.post = post;
    }
}
