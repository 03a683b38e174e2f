package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Marks a hook as a schema migration, so that a rollback across it either undoes it first or is
 * refused: an older image must not start against a schema it does not know.
 */
@ValidationRule(
        value = "self.reversible ? has(self.down) && size(self.down) > 0 : !has(self.down)",
        message = "a reversible migration needs a down command; an irreversible one has none", fieldPath = ".down")
public class Migration {

    @Required
    @JsonPropertyDescription("Whether the migration can be undone by down. A rollback across an irreversible migration"
            + " that ran is refused unless it is forced.")
    private Boolean reversible;

    @JsonPropertyDescription("With reversible: the command that undoes the migration, run as a Job from this release's"
            + " image with its env before a rollback across it starts the older release.")
    private List<String> down;

    public Boolean getReversible() {
        return reversible;
    }

    public void setReversible(Boolean reversible) {
        this.reversible = reversible;
    }

    public List<String> getDown() {
        return down;
    }

    public void setDown(List<String> down) {
        this.down = down;
    }
}
