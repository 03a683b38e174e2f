package dev.slipway.apiserver.upload;

/** Where an App's uploads are kept: blobs of its image repository, which its build pods already reach. */
public final class Uploads {

    private Uploads() {
    }

    /** {@code ns/app} of {@code registry.example:5000/ns/app} (a tag or digest, if any, left out). */
    public static String repository(String outputImage) {
        String path = outputImage.substring(outputImage.indexOf('/') + 1);
        int at = path.indexOf('@');
        path = at >= 0 ? path.substring(0, at) : path;
        int colon = path.lastIndexOf(':');
        return colon > path.lastIndexOf('/') ? path.substring(0, colon) : path;
    }
}
