package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The commit a build cloned, as git names it. */
@JsonClassDescription("The commit the build cloned: its id, author and subject, read from the clone.")
public class SourceRevision {

    @JsonPropertyDescription("The full commit id.")
    private String commit;

    @JsonPropertyDescription("The commit's author: name <email>.")
    private String author;

    @JsonPropertyDescription("The first line of the commit message.")
    private String message;

    public String getCommit() {
        return commit;
    }

    public void setCommit(String commit) {
        this.commit = commit;
    }

    public String getAuthor() {
        return author;
    }

    public void setAuthor(String author) {
        this.author = author;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
