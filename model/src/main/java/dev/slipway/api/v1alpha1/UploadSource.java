package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A folder uploaded as a gzip-compressed tar (slipway build --from-dir, or POST .../uploads of the web
 * API): the API server streams it into the installation's registry as a blob of the App's image
 * repository, the build pod fetches it by digest instead of cloning, and the blob is deleted once the
 * build ends. Who uploaded what is part of the Build, as a commit's author is for a git build.
 */
@JsonClassDescription("An uploaded folder (gzip-compressed tar) to build instead of a git revision.")
public class UploadSource {

    @Required
    @Pattern("^sha256:[0-9a-f]{64}$")
    @JsonPropertyDescription("The digest of the uploaded archive: the blob of the App's image repository in the"
            + " installation's registry that the build fetches.")
    private String digest;

    @Min(0)
    @JsonPropertyDescription("The archive's size in bytes.")
    private Long size;

    @Size(max = 253)
    @JsonPropertyDescription("The user who uploaded it, as the API server authenticated them.")
    private String uploadedBy;

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public Long getSize() {
        return size;
    }

    public void setSize(Long size) {
        this.size = size;
    }

    public String getUploadedBy() {
        return uploadedBy;
    }

    public void setUploadedBy(String uploadedBy) {
        this.uploadedBy = uploadedBy;
    }
}
