package dev.chirp.shared.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * One service's part of the public contract (docs/03-api.md) as its OpenAPI document states it: per operation a
 * summary, a description, a tag, and the answers it can give. Kept beside the controllers in one bean per service,
 * so the controllers stay plain Spring MVC.
 *
 * <p>Error answers name only their status and meaning: the gateway's merged document gives every 4xx and 5xx its
 * {@code application/problem+json} body and adds the answers every call shares (401, 429, 503).
 * An entry naming an operation the service does not have fails the document (the gateway then lists the service
 * in {@code x-chirp-missing-services}, which fails the lint stage of {@code ./chirp test}).
 */
public final class OperationDocs implements OpenApiCustomizer {

    private final List<Tag> tags = new ArrayList<>();
    private final Map<String, Op> operations = new LinkedHashMap<>();

    public OperationDocs tag(String name, String description) {
        tags.add(new Tag().name(name).description(description));
        return this;
    }

    /** Documents the operation springdoc named {@code operationId} (the controller method's name). */
    public OperationDocs operation(String operationId, Consumer<Op> documentation) {
        Op op = new Op();
        documentation.accept(op);
        operations.put(operationId, op);
        return this;
    }

    /** A JSON body that is a schema of the merged document (the services share their DTO names). */
    public static Schema<?> ref(String schemaName) {
        return new Schema<>().$ref("#/components/schemas/" + schemaName);
    }

    @Override
    public void customise(OpenAPI api) {
        tags.forEach(api::addTagsItem);
        Map<String, Operation> found = new LinkedHashMap<>();
        if (api.getPaths() != null) {
            for (PathItem path : api.getPaths().values()) {
                for (Operation operation : path.readOperations()) {
                    found.put(operation.getOperationId(), operation);
                }
            }
        }
        operations.forEach((id, op) -> {
            Operation operation = found.get(id);
            if (operation == null) {
                throw new IllegalStateException("OperationDocs names operation " + id
                        + ", which this service does not have (it has " + found.keySet() + ")");
            }
            op.applyTo(operation);
        });
    }

    /** What one operation's documentation says. */
    public static final class Op {

        private String id;
        private String tag;
        private String summary;
        private String description;
        private RequestBody requestBody;
        private final Map<String, ApiResponse> answers = new LinkedHashMap<>();

        /** A clearer name for generated clients than the controller method's (e.g. {@code getTweet}, not {@code tweet}). */
        public Op id(String operationId) {
            this.id = operationId;
            return this;
        }

        public Op tag(String name) {
            this.tag = name;
            return this;
        }

        public Op summary(String text) {
            this.summary = text;
            return this;
        }

        public Op description(String text) {
            this.description = text;
            return this;
        }

        /** An answer with no body of its own (errors: the gateway adds the problem body). */
        public Op answer(int status, String meaning) {
            answers.put(Integer.toString(status), new ApiResponse().description(meaning));
            return this;
        }

        /**
         * The success answer, replacing springdoc's guess (a {@code ResponseEntity} is always "200"); {@code body}
         * null keeps springdoc's schema.
         */
        public Op success(int status, String meaning, String mediaType, Schema<?> body) {
            ApiResponse response = new ApiResponse().description(meaning);
            if (mediaType != null) {
                response.content(new Content().addMediaType(mediaType, new MediaType().schema(body)));
            }
            answers.put(Integer.toString(status), response);
            return this;
        }

        public Op header(int status, String name, String meaning) {
            answers.get(Integer.toString(status))
                    .addHeaderObject(name, new Header().description(meaning).schema(new StringSchema()));
            return this;
        }

        public Op requestBody(String mediaType, Schema<?> body, String meaning) {
            this.requestBody = new RequestBody().required(true).description(meaning)
                    .content(new Content().addMediaType(mediaType, new MediaType().schema(body)));
            return this;
        }

        void applyTo(Operation operation) {
            if (id != null) {
                operation.setOperationId(id);
            }
            if (tag != null) {
                operation.setTags(List.of(tag));
            }
            operation.setSummary(summary);
            operation.setDescription(description);
            if (requestBody != null) {
                operation.setRequestBody(requestBody);
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            boolean replacesSuccess = answers.keySet().stream().anyMatch(status -> status.charAt(0) <= '3');
            Content guessed = null;
            if (replacesSuccess) {
                for (String status : List.copyOf(responses.keySet())) {
                    if (status.startsWith("2")) {
                        guessed = responses.remove(status).getContent();
                    }
                }
            }
            for (Map.Entry<String, ApiResponse> answer : answers.entrySet()) {
                ApiResponse response = answer.getValue();
                if (answer.getKey().startsWith("2") && response.getContent() == null
                        && !answer.getKey().equals("204") && guessed != null) {
                    response = new ApiResponse().description(response.getDescription())
                            .headers(response.getHeaders()).content(guessed);
                }
                responses.addApiResponse(answer.getKey(), response);
            }
            operation.setResponses(responses);
        }
    }
}
