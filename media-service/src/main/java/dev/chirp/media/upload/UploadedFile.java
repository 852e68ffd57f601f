package dev.chirp.media.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

import dev.chirp.shared.error.ApiException;

/**
 * The one {@code file} part of a multipart upload, copied to a temporary file. The container spools parts above
 * a small threshold to disk (application.yml), so no more than that threshold of an upload is ever in memory.
 */
final class UploadedFile {

    static final String PART = "file";

    private UploadedFile() {
    }

    /**
     * Copies the single part named {@code file} into {@code target} and answers its first bytes; 400 for a
     * malformed body, no part, several parts or an empty one, 413 above {@code maxBytes}.
     */
    static byte[] copy(HttpServletRequest request, long maxBytes, Path target) {
        Part part = singlePart(request);
        if (part.getSize() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (part.getSize() == 0) {
            throw ApiException.invalid(PART, "is empty");
        }
        try (InputStream in = part.getInputStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw ApiException.badRequest("The upload ended before it was complete.");
        }
        try (InputStream in = Files.newInputStream(target)) {
            return in.readNBytes(ImageFormat.SNIFF_LENGTH);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read back the spooled upload", e);
        }
    }

    private static Part singlePart(HttpServletRequest request) {
        Collection<Part> parts;
        try {
            parts = request.getParts();
        } catch (IllegalStateException e) {
            // Tomcat's own limits (spring.servlet.multipart.*), which sit just above ours.
            throw ApiException.payloadTooLarge("The upload is larger than allowed.");
        } catch (IOException | ServletException e) {
            throw ApiException.badRequest("The request is not a well-formed multipart/form-data body.");
        }
        if (parts.size() != 1 || !PART.equals(parts.iterator().next().getName())) {
            throw ApiException.invalid(PART, "send exactly one part, named 'file'");
        }
        return parts.iterator().next();
    }

    private static ApiException tooLarge(long maxBytes) {
        return ApiException.payloadTooLarge("The upload is larger than " + maxBytes + " bytes.");
    }
}
