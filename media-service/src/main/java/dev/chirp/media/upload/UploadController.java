package dev.chirp.media.upload;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import dev.chirp.media.catalog.MediaView;
import dev.chirp.media.catalog.MediaViews;
import dev.chirp.shared.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/media}. The parts are read by {@link UploadedFile}, not bound by Spring, so that every
 * malformed upload gets its own answer (multipart resolution is lazy, see application.yml).
 */
@RestController
class UploadController {

    private final MediaUploader uploader;
    private final MediaViews views;

    UploadController(MediaUploader uploader, MediaViews views) {
        this.uploader = uploader;
        this.views = views;
    }

    @PostMapping(path = "/api/v1/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<MediaView> upload(Caller caller, HttpServletRequest request) {
        MediaView media = views.view(uploader.upload(caller.requireId(), request));
        return ResponseEntity.created(URI.create("/api/v1/media/" + media.id())).body(media);
    }
}
