package dev.chirp.media;

import dev.chirp.shared.web.OperationDocs;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** media-service's calls as docs/03-api.md "Media" states them (see OperationDocs). */
@Configuration(proxyBeanMethods = false)
class MediaApiDocs {

    private static final String MEDIA = "Media";

    @Bean
    OperationDocs mediaOperationDocs() {
        // The controller reads the multipart stream itself (no MultipartFile parameter springdoc could see).
        ObjectSchema upload = new ObjectSchema();
        upload.addProperty("file", new StringSchema().format("binary"));
        upload.addRequiredItem("file");
        return new OperationDocs()
                .tag(MEDIA, "Photo uploads, their metadata, and their bytes.")
                .operation("upload", op -> op.id("uploadMedia").tag(MEDIA).summary("Upload a photo")
                        .description("JPEG, PNG or GIF (WebP where it decodes), recognised by content; at most 5 MiB "
                                + "and 8192 x 8192 px. Stored re-encoded, so no metadata (EXIF, GPS) survives; a "
                                + "thumbnail of at most 400 px on its longer side.")
                        .requestBody("multipart/form-data", upload, "One part, `file`: the image.")
                        .success(201, "The stored photo.", null, null)
                        .header(201, "Location", "The photo's metadata URL.")
                        .answer(400, "Missing file part, or the image is larger than 8192 x 8192 px.")
                        .answer(413, "The upload is over 5 MiB.")
                        .answer(415, "Not multipart, or not a JPEG, PNG or GIF by its bytes."))
                .operation("get", op -> op.id("getMedia").tag(MEDIA).summary("Read a photo's metadata")
                        .description("Type, size, dimensions and the URLs of the bytes and the thumbnail.")
                        .answer(404, "No such photo."))
                .operation("content", op -> op.id("getMediaContent").tag(MEDIA).summary("Fetch a photo's bytes")
                        .description("Redirects to a short-lived signed URL of the object store.")
                        .success(302, "Redirect to the bytes.", null, null)
                        .header(302, "Location", "A signed URL of the image.")
                        .answer(404, "No such photo."))
                .operation("thumbnail", op -> op.id("getMediaThumbnail").tag(MEDIA)
                        .summary("Fetch a photo's thumbnail")
                        .description("Redirects to a short-lived signed URL of the thumbnail (at most 400 px).")
                        .success(302, "Redirect to the thumbnail.", null, null)
                        .header(302, "Location", "A signed URL of the thumbnail.")
                        .answer(404, "No such photo."));
    }
}
